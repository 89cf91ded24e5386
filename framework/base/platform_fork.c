/* SPDX-License-Identifier: MIT */
/* platform_fork.c: makes a process that forks many times (the launcher)
 * cheaper to fork: its relocated read-only data moved to a file mapping, its
 * free heap given back. Linux and glibc calls, named in platform.h. */
#include "base/platform.h"

#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
/* glibc's version test, 0 under another C library (where __GLIBC_PREREQ is
 * not defined and could not be called in an #if). */
#ifdef __GLIBC__
#define HN__GLIBC_AT_LEAST(major, minor) __GLIBC_PREREQ(major, minor)
#else
#define HN__GLIBC_AT_LEAST(major, minor) 0
#endif
#if defined(__linux__) && HN__GLIBC_AT_LEAST(2, 35)
#include <sys/rseq.h>
#include <sys/syscall.h>
#define HN__HAVE_RSEQ 1
#endif

/* More loaded objects than this keep their data where it is past the last. */
#define MAX_RANGES 256
/* A range is moved only from this many pages up: the move leaves the last
 * page where it was (see gather), a mapping more, and each mapping costs
 * every fork and exit more than a few page table entries do. A program of
 * 10,000 assertions has about 160 pages of them (their sites). */
#define MIN_PAGES 64
/* At most this many chunks of one size are taken out of the free lists. */
#define SETTLE_MAX_A_SIZE 512

typedef struct range {
    uintptr_t lo, hi;
} range;

typedef struct ranges {
    range r[MAX_RANGES];
    int n;
    uintptr_t page;
} ranges;

/* The pages ld.so made read-only after relocating each loaded object
 * (PT_GNU_RELRO, rounded down at both ends as ld.so rounds them), but the
 * last: GNU ld puts the global offset table there, which a test process
 * reads whenever it names a variable of a shared library (stdout) and
 * would fault in from the file; its copy, once a page table entry fork
 * copies, costs less. */
static int gather(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    ranges *g = data;
    for (int i = 0; i < info->dlpi_phnum && g->n < MAX_RANGES; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_GNU_RELRO)
            continue;
        uintptr_t lo = (info->dlpi_addr + ph->p_vaddr) & ~(g->page - 1);
        uintptr_t hi = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz) & ~(g->page - 1);
        hi = hi > lo ? hi - g->page : lo;
        if (hi - lo >= MIN_PAGES * g->page)
            g->r[g->n++] = (range){lo, hi};
    }
    return 0;
}

/* Writes len bytes at p to fd at off, whole. */
static int write_all(int fd, const char *p, size_t len, off_t off)
{
    while (len > 0) {
        ssize_t w = pwrite(fd, p, len, off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
        off += w;
    }
    return 0;
}

int hn__platform_share_relro(void)
{
#if defined(__linux__) && defined(MFD_CLOEXEC) && defined(MREMAP_FIXED)
    /* On the heap, not static: it would take a page of .bss that every
     * test process then copies on its first write there. */
    ranges *r = calloc(1, sizeof *r);
    if (!r)
        return -1;
    r->page = (uintptr_t)sysconf(_SC_PAGESIZE);
    dl_iterate_phdr(gather, r);
    int fd = r->n ? memfd_create("honest-relro", MFD_CLOEXEC) : -1;
    if (fd < 0) {
        int none = r->n == 0;
        free(r);
        return none ? 0 : -1;
    }
    int moved = 0;
    off_t off = 0;
    for (int i = 0; i < r->n; i++) {
        size_t len = r->r[i].hi - r->r[i].lo;
        /* The copy is mapped elsewhere first, then moved over the original
         * in one call: a failure before that leaves the original as it was. */
        void *copy = MAP_FAILED;
        if (ftruncate(fd, off + (off_t)len) == 0 &&
            write_all(fd, (const char *)r->r[i].lo, len, off) == 0)
            copy = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, off);
        if (copy == MAP_FAILED)
            break;
        if (mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)r->r[i].lo) ==
            MAP_FAILED) {
            munmap(copy, len);
            break;
        }
        off += (off_t)len;
        moved++;
    }
    close(fd);
    int all = moved == r->n;
    free(r);
    return all ? 0 : -1;
#else
    errno = ENOSYS;
    return -1;
#endif
}

int hn__platform_drop_rseq(void)
{
#ifdef HN__HAVE_RSEQ
    if (__rseq_size == 0)
        return -1; /* not registered (GLIBC_TUNABLES=glibc.pthread.rseq=0) */
    void *area = (char *)__builtin_thread_pointer() + __rseq_offset;
    /* The length must be the one registered: glibc 2.36 registers 32 bytes
     * and publishes the 20 of the features it uses as __rseq_size. */
    if (syscall(SYS_rseq, area, __rseq_size, RSEQ_FLAG_UNREGISTER, RSEQ_SIG) == 0 ||
        syscall(SYS_rseq, area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG) == 0)
        return 0;
#endif
    return -1;
}

void hn__platform_trim_heap(void)
{
#if HN__GLIBC_AT_LEAST(2, 33)
    /* The free chunks inside the heap: malloc_trim gives back their whole
     * pages. Its pad keeps it from shrinking the heap: brk growing again
     * after a fork would make a second mapping (one not inherited merges
     * with none that was), and every later fork would copy it. */
    malloc_trim((size_t)1 << 40);
    /* The free space at the top, which malloc_trim leaves: it begins with
     * the chunk's header, and its pages after that hold nothing. */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t end = (uintptr_t)sbrk(0), top = (uintptr_t)mallinfo2().keepcost;
    if (end != (uintptr_t)-1 && top > 2 * page)
        hn__platform_drop_pages(end - top + 64, end);
#endif
}

size_t hn__platform_settle_heap(void)
{
    size_t kept = 0;
#if HN__GLIBC_AT_LEAST(2, 26)
    /* Chunk sizes 32 to 1040 bytes: those of the per-thread cache and the
     * small bins. A request of 16 k + 8 bytes takes a chunk of 16 k + 16. */
    for (size_t ask = 24; ask <= 1032; ask += 16) {
        char *last = NULL;
        for (int k = 0; k < SETTLE_MAX_A_SIZE; k++) {
            char *p = malloc(ask);
            if (!p)
                return kept;
            kept += ask;
            /* Right after the last one: both were carved from a larger free
             * chunk or the top, so no free chunk of this size is left (two
             * free chunks side by side are rare: free merges them, but for
             * the cache's and the fast bins'). Both are kept: freed, they
             * would go back to the cache. */
            if (last && p == last + malloc_usable_size(last) + sizeof(size_t))
                break;
            last = p;
        }
    }
#endif
    return kept;
}

void hn__platform_drop_pages(uintptr_t lo, uintptr_t hi)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    lo = (lo + page - 1) & ~(page - 1);
    hi &= ~(page - 1);
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_DONTNEED);
}
