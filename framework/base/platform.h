/* SPDX-License-Identifier: MIT */
/* platform.h: the one place that knows the platform. Linux-only calls
 * (memfd_create, signalfd, prctl, mremap, on_exit), glibc's FILE internals
 * and which machine-level features exist (raw system calls in sys.h, the seam
 * watch, hn_fn trampolines) are named here; platform_linux.c holds the calls,
 * with a plain POSIX path where one exists. CMake refuses to configure on a
 * system other than Linux (README, "Platforms"). */
#ifndef HN_PLATFORM_H
#define HN_PLATFORM_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>

/* System calls made directly, without the C library (base/sys.h). */
#if defined(__x86_64__) || defined(__aarch64__)
#define HN__PLATFORM_RAW_SYSCALL 1
#else
#define HN__PLATFORM_RAW_SYSCALL 0
#endif
/* The seam watch (doubles/double_seam.c): an int3 on the real function and a
 * single step over it from SIGTRAP, x86-64 Linux only; elsewhere seam misses
 * go unreported. */
#if defined(__x86_64__) && defined(__linux__)
#define HN__PLATFORM_SEAM_WATCH 1
#else
#define HN__PLATFORM_SEAM_WATCH 0
#endif
/* hn_fn's precompiled trampolines (doubles/double_tramp.c), for the x86-64
 * SysV calling convention; elsewhere every hn_fn is a libffi closure. */
#if defined(__x86_64__) && !defined(_WIN32)
#define HN__PLATFORM_TRAMPOLINES 1
#else
#define HN__PLATFORM_TRAMPOLINES 0
#endif

/* A file descriptor for anonymous memory-backed output named name (for
 * debugging), close-on-exec: memfd_create, or an unlinked file in $TMPDIR
 * (default /tmp) where memfd_create is missing. -1 with errno on failure. */
int hn__platform_memfd(const char *name);
/* The POSIX path of hn__platform_memfd: an unlinked, close-on-exec file made
 * in $TMPDIR (default /tmp), named name-XXXXXX while it exists. */
int hn__platform_tmpfile(const char *name);

/* Grows (or shrinks) a private anonymous mapping of old_size bytes at old to
 * new_size, moving it if needed; the contents up to the smaller size are
 * kept. mremap, or mmap + copy + munmap. MAP_FAILED on failure (old kept). */
void *hn__platform_remap(void *old, size_t old_size, size_t new_size);

/* For a process about to fork many children (the launcher): replaces the
 * private, relocated copy of a loaded object's read-only-after-relocation
 * data (PT_GNU_RELRO) by a private mapping of a memfd holding the same bytes
 * (platform_fork.c), where it is large (a program with thousands of
 * assertions: their sites), all but its last page. fork copies the page
 * table entries of a private page that was written, and not those of a
 * file's pages; the contents, the protection and copy-on-write of a later
 * write stay as they were. Objects loaded later keep theirs. Returns 0, or
 * -1 when some range kept its original (each range is moved whole or not at
 * all). Not under a sanitizer that keeps shadow state for the pages. */
int hn__platform_share_relro(void);

/* Unregisters the calling thread's restartable sequence area (rseq), which
 * glibc registers for each thread. The kernel writes that area (the CPU the
 * thread runs on) after each fork in the child, and in the parent after it
 * next sleeps; the page it lies on is shared copy-on-write between the two,
 * so each write is a page fault in each of them. Without it, sched_getcpu
 * asks the kernel instead. Returns 0, or -1 when nothing was registered or
 * the kernel refused (the area then stays as it was). */
int hn__platform_drop_rseq(void);

/* Gives the free memory of the heap back to the system (glibc's
 * malloc_trim), so that fork has no page tables to copy for it. */
void hn__platform_trim_heap(void);

/* Takes out of glibc's free lists (per-thread cache, fast and small bins)
 * every free chunk of up to 1040 bytes (it takes chunks of each size until
 * two come side by side, carved from a larger free block or the top), and
 * keeps them allocated for good (the free ones, and about 66 KiB more):
 * afterwards, the small allocations of a process forked from the
 * caller are carved one after another from one free chunk (or the top),
 * on as few pages as they fill, instead of landing in free chunks spread
 * over the heap, each on a page the child must copy. Returns the bytes kept
 * (0 elsewhere than glibc 2.26 and later). */
size_t hn__platform_settle_heap(void);

/* Gives back the copies of the pages that lie wholly in [lo, hi) (madvise
 * MADV_DONTNEED): fork then has no page table entries to copy for them.
 * Read again, an anonymous page is zeros and a file's page its file's bytes.
 * Unlike MADV_DONTFORK this splits no mapping in two. */
void hn__platform_drop_pages(uintptr_t lo, uintptr_t hi);

/* Asks the kernel to send sig to this process when its parent dies
 * (prctl(PR_SET_PDEATHSIG)). Returns 0, or -1 where the platform has no such
 * request (the caller must notice its parent's death otherwise). */
int hn__platform_die_with_parent(int sig);

/* Registers fn to run at exit() with the exit status (glibc's on_exit).
 * Where the C library has no on_exit, fn runs from atexit with status
 * HN__PLATFORM_EXIT_UNKNOWN; only one fn may be registered then. 0 or -1. */
#define HN__PLATFORM_EXIT_UNKNOWN (-1)
int hn__platform_on_exit(void (*fn)(int status, void *arg), void *arg);

/* Opens a descriptor that becomes readable when a signal of set is pending
 * (set must be blocked in every thread): signalfd, non-blocking and
 * close-on-exec. -1 with errno on failure (ENOSYS: no such descriptor on this
 * platform, and no POSIX equivalent that keeps the test processes' path free
 * of calls). */
int hn__platform_signals_open(const sigset_t *set);

/* Reads every signal pending on fd (from hn__platform_signals_open).
 * Returns 1 when one of them was not SIGCHLD, 0 otherwise. */
int hn__platform_signals_drain(int fd);

/* Whether a stream holds output not yet written. glibc's FILE shows it for a
 * byte stream without a call (a test process avoids calls: see sys.h), else
 * __fpending. Inline: it runs on the test process's way out. */
static inline int hn__platform_stream_pending(FILE *f)
{
#ifdef __GLIBC__
    if (f->_mode <= 0)
        return f->_IO_write_ptr > f->_IO_write_base;
#endif
    return __fpending(f) > 0;
}

#endif
