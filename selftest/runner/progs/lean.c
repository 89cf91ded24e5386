/* SPDX-License-Identifier: MIT */
/* lean.c: selftest subject that looks, from inside a test process, at what
 * the launcher does to be cheap to fork: its state kept to itself, the free
 * heap given back and settled (a test's small blocks carved on few pages),
 * large relocated read-only data moved to a file mapping
 * (the last page kept), few page faults on a test process's way. */
#define _GNU_SOURCE
#include <honest.h>

#include <link.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pagemap.h"
#ifdef __GLIBC__
#define LEAN_GLIBC_AT_LEAST(major, minor) __GLIBC_PREREQ(major, minor)
#else
#define LEAN_GLIBC_AT_LEAST(major, minor) 0
#endif
#if LEAN_GLIBC_AT_LEAST(2, 35)
#include <sys/rseq.h>
#endif

/* Present under a sanitizer: the launcher then leaves memory as it is. */
extern void __asan_init(void) __attribute__((weak));
extern void __lsan_do_leak_check(void) __attribute__((weak));
extern void __tsan_init(void) __attribute__((weak));

static int sanitized(void)
{
    return __asan_init || __lsan_do_leak_check || __tsan_init;
}

static int in_process(void)
{
    return getenv("LEAN_IN_PROCESS") != NULL;
}

/* 50,000 pointers: 390 KiB of data the loader relocates, then makes
 * read-only (PT_GNU_RELRO). */
#define BIG 50000
#define R1 "relocated"
#define R10 R1, R1, R1, R1, R1, R1, R1, R1, R1, R1
#define R100 R10, R10, R10, R10, R10, R10, R10, R10, R10, R10
#define R1000 R100, R100, R100, R100, R100, R100, R100, R100, R100, R100
#define R10000 R1000, R1000, R1000, R1000, R1000, R1000, R1000, R1000, R1000, R1000
static const char *const big[BIG] = {R10000, R10000, R10000, R10000, R10000};

/* With LEAN_FIXED_STACK, the program runs again at once without address
 * space randomisation: where its stack starts then depends on the size of
 * its environment alone (LEAN_PAD moves it in 16-byte steps). */
__attribute__((constructor)) static void fixed_stack(int argc, char **argv)
{
    (void)argc;
    if (!getenv("LEAN_FIXED_STACK") || (personality(0xffffffff) & ADDR_NO_RANDOMIZE))
        return;
    if (personality(ADDR_NO_RANDOMIZE) != -1)
        execv("/proc/self/exe", argv);
    perror("lean: running again without address space randomisation");
    _exit(3);
}

/* Before the run, the program uses and frees 2 MiB of heap in small blocks
 * (below malloc's mmap threshold), below a block it keeps: free, and
 * resident until given back (free() itself gives back only the top). */
static char *pin;
/* Called through a volatile pointer: the compiler may not drop the blocks. */
static void *(*volatile fill)(void *, int, size_t) = memset;
__attribute__((constructor)) static void churn(void)
{
    enum { N = 128, SIZE = 16 << 10 };
    char *blocks[N];
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(SIZE);
        if (blocks[i])
            fill(blocks[i], 1, SIZE);
    }
    pin = malloc(64 << 10);
    for (int i = N - 1; i >= 0; i--)
        free(blocks[i]);
}

/* The line of /proc/PID/maps that holds addr ("" when none). */
static void map_of(int pid, uintptr_t addr, char *line, size_t cap)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *f = fopen(path, "r");
    HN_ASSERT(f != NULL);
    line[0] = '\0';
    while (fgets(buf, sizeof buf, f)) {
        unsigned long lo, hi;
        if (sscanf(buf, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) {
            snprintf(line, cap, "%s", buf);
            break;
        }
    }
    fclose(f);
}

/* The Rss of process pid's [heap], in KiB (-1: no heap line). */
static long heap_rss_kib(int pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/smaps", pid);
    FILE *f = fopen(path, "r");
    HN_ASSERT(f != NULL);
    long rss = -1;
    int in_heap = 0;
    while (fgets(buf, sizeof buf, f)) {
        if (strchr(buf, '-') && strchr(buf, ' ') && buf[0] != ' ' && strchr(buf, ':') == NULL)
            in_heap = 0;
        unsigned long lo, hi;
        if (sscanf(buf, "%lx-%lx", &lo, &hi) == 2)
            in_heap = strstr(buf, "[heap]") != NULL;
        else if (in_heap && strncmp(buf, "Rss:", 4) == 0)
            rss = (rss < 0 ? 0 : rss) + strtol(buf + 4, NULL, 10);
    }
    fclose(f);
    return rss;
}

/* The launcher has given its free heap back before forking this test. */
HN_TEST(lean, free_heap_is_given_back)
{
    HN_ASSERT(pin != NULL);
    if (in_process() || sanitized())
        return;
    long rss = heap_rss_kib((int)getppid());
    printf("the launcher's heap: %ld KiB resident\n", rss);
    HN_ASSERT_GE(rss, 0);
    HN_ASSERT_LT(rss, 512);
}

/* The pages of relocated read-only data are a file's in a test process,
 * but the last (the global offset table); the data reads as relocated.
 * In-process, or under a sanitizer, they are the loader's own copy. */
static int relro_of_main(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    uintptr_t *range = data;
    if (range[1])
        return 0; /* the program comes first */
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO) {
            range[0] = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
            range[1] = range[0] + info->dlpi_phdr[i].p_memsz;
        }
    return 1;
}

HN_TEST(lean, large_relocated_data_is_a_file_mapping)
{
    volatile size_t last = BIG - 1;
    HN_ASSERT_STR_EQ(big[last], "relocated");
    uintptr_t range[2] = {0, 0};
    dl_iterate_phdr(relro_of_main, range);
    HN_ASSERT_NE(range[1], 0);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    char mid[512], end[512];
    map_of((int)getpid(), (uintptr_t)&big[BIG / 2], mid, sizeof mid);
    map_of((int)getpid(), ((range[1] & ~(page - 1)) - 1), end, sizeof end);
    if (in_process() || sanitized())
        HN_CHECK(strstr(mid, "honest-relro") == NULL);
    else
        HN_CHECK_STR_CONTAINS(mid, "/memfd:honest-relro");
    HN_CHECK(strstr(end, "honest-relro") == NULL);
}

/* The launcher has one mapping a test process does not get: its state. The
 * count of mappings of process pid, and of anonymous private ones. */
static int count_maps(int pid, int *anon)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *f = fopen(path, "r");
    HN_ASSERT(f != NULL);
    int n = 0;
    *anon = 0;
    while (fgets(buf, sizeof buf, f)) {
        unsigned long lo, hi, off, inode;
        char perms[8], dev[16], name[256] = "";
        n++;
        /* Anonymous private memory: no name, offset, device or inode. */
        if (sscanf(buf, "%lx-%lx %7s %lx %15s %lu %255s", &lo, &hi, perms, &off, dev, &inode,
                   name) == 6 &&
            strcmp(perms, "rw-p") == 0 && inode == 0)
            ++*anon;
    }
    fclose(f);
    return n;
}

HN_TEST(lean, launcher_keeps_its_state_to_itself)
{
    /* A sanitizer maps memory of its own in a test process as it runs. */
    if (in_process() || sanitized())
        return;
    int anon_launcher, anon_test;
    int launcher = count_maps((int)getppid(), &anon_launcher);
    int test = count_maps((int)getpid(), &anon_test);
    HN_CHECK_EQ(launcher - test, 1);
    HN_CHECK_EQ(anon_launcher - anon_test, 1);
}

/* A test process on its way in takes few page faults: about 20 here, up to
 * this one's own calls (fork copies no page table entries of the program's
 * code, nor of shared memory, and each page written is copied). A bound
 * well above, for a way in that began to touch memory page by page. */
/* A test process takes few page faults on its way to the test's body: 2
 * more than a plain fork's child takes on its way back from fork to the
 * same call (the framework's code, and the shared page the test's record is
 * written on), or 3 where the load addresses chosen for the run put the
 * test's way on one more page of the stack or of code (runner_lean.c
 * checks the 2 over several runs). Each other page the way touched (a jump
 * table, a library function of its own, a variable of the framework's)
 * would be one more. The plain child is forked here, from this test
 * process. */
HN_TEST(lean, a_test_process_takes_few_page_faults)
{
    /* First, before anything else reads the program's read-only data: a
     * passing assertion reads its site (in this program, whose relocated
     * data is large, on a file's page: a page fault at most) and nothing
     * else the test process has not touched yet, such as a table a switch
     * was made into (runner_lean.c checks the 1 over several runs). */
    static volatile int seven = 7;
    struct rusage ru, then;
    int ok = getrusage(RUSAGE_SELF, &then) == 0;
    HN_CHECK_EQ(seven, 7);
    ok = ok && getrusage(RUSAGE_SELF, &ru) == 0;
    HN_ASSERT(ok);
    long assertion = ru.ru_minflt - then.ru_minflt;
    long mine = then.ru_minflt;
    printf("page faults so far: %ld\n", mine);
    if (in_process() || sanitized())
        return;
    int fds[2];
    HN_ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct rusage child;
        long faults = getrusage(RUSAGE_SELF, &child) == 0 ? child.ru_minflt : -1;
        _exit(write(fds[1], &faults, sizeof faults) == (ssize_t)sizeof faults ? 0 : 1);
    }
    HN_ASSERT_GT(pid, 0);
    long plain = -1;
    HN_ASSERT_EQ(read(fds[0], &plain, sizeof plain), (ssize_t)sizeof plain);
    HN_ASSERT_EQ(waitpid(pid, NULL, 0), pid);
    close(fds[0]);
    close(fds[1]);
    printf("a plain fork's child: %ld\n", plain);
    HN_CHECK_LE(mine, plain + 3);
    printf("a passing assertion: %ld\n", assertion);
    HN_CHECK_LE(assertion, 2);
}

#ifdef LEAN_PARTS
/* lean_parts: a double and the fixture module linked in (neither used by
 * the tests here): the parts' hooks run before and after every test, and a
 * trivial test must find them writing nothing of the program's data
 * either. */
int lean_twice(int x);
int lean_twice(int x)
{
    return 2 * x;
}
HN_DOUBLE(int, lean_twice, int);
static const hn_fixture *(*volatile lean_fixture_use)(const char *, int, const char *) =
    hn__fixture_use;
#endif

/* The C library functions the tests below call first, bound before the
 * launcher forks: bound lazily in the test process, each would write the
 * program's table of their addresses, a page of its data, and look its
 * name up in every loaded library's symbols, page faults not the
 * framework's. */
__attribute__((constructor)) static void bind_early(void)
{
    st_pagemap_bind_early();
    struct rusage ru;
    (void)getrusage(RUSAGE_SELF, &ru);
}

/* Before the run, small blocks of 8 sizes are freed 4 KiB apart (a block
 * kept between each two): free chunks in malloc's caches and bins, each on
 * a page of its own, where a test process's small blocks would land. */
enum { SCATTERED = 32 };
static char *spacers[SCATTERED];
__attribute__((constructor)) static void scatter(void)
{
    char *small[SCATTERED];
    for (int i = 0; i < SCATTERED; i++) {
        small[i] = malloc(8 + (size_t)(i % 8) * 16);
        spacers[i] = malloc(4000);
    }
    for (int i = 0; i < SCATTERED; i++)
        free(small[i]);
}

/* The launcher settles its heap before the first fork
 * (hn__platform_settle_heap): the free small chunks are out of malloc's
 * lists, and a test process's 48 small blocks (3.5 KiB) are carved one
 * after another, on a few pages, instead of one page each in the scattered
 * chunks above, every page a copy (a page fault). Counted: the heap pages
 * this process holds its own copy of, that is wrote (scattered: over 30). */
HN_TEST(lean, small_blocks_write_few_heap_pages)
{
    HN_ASSERT_NOT_NULL(spacers[SCATTERED - 1]);
    enum { N = 48 };
    char *blocks[N];
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(8 + (size_t)(i % 8) * 16);
        HN_ASSERT_NOT_NULL(blocks[i]);
        blocks[i][0] = 1;
    }
    int looked = 0, copied = st_heap_pages_copied(&looked);
    for (int i = 0; i < N; i++)
        free(blocks[i]);
    printf("heap pages written: %d of %d\n", copied, looked);
#ifdef __GLIBC__
    if (in_process() || sanitized())
        return; /* the runner's heap, or a sanitizer's allocator */
    HN_ASSERT_GT(looked, 0);
    HN_CHECK_LE(copied, 6);
#endif
}

/* A trivial test writes no page of the program's own data (its writable
 * segment and the zeroed data after it): the framework's state for the
 * running test lies on the stack page fork returns on, which the test
 * process writes anyway. A page it wrote would be its own copy, and each
 * such page is a page fault more for every test. Read before anything
 * here is asserted. */
HN_TEST(lean, a_trivial_test_copies_no_page_of_the_programs_data)
{
    if (in_process() || sanitized())
        return;
    int looked = 0, copied = st_data_pages_copied(&looked);
    HN_ASSERT_GT(looked, 0);
    HN_CHECK_EQ(copied, 0);
}

/* The launcher unregisters the restartable sequence area glibc registered
 * (the kernel would write it after every fork, in both processes): in a
 * test process it is not registered, and sched_getcpu still answers (from
 * the kernel). With --no-fork the program's own registration is left. */
HN_TEST(lean, no_restartable_sequence_in_a_test_process)
{
#if LEAN_GLIBC_AT_LEAST(2, 35)
    if (__rseq_size == 0)
        HN_SKIP("glibc registered no restartable sequence area (kernel or tunable)");
    const struct rseq *area =
        (const struct rseq *)((const char *)__builtin_thread_pointer() + __rseq_offset);
    int32_t cpu = (int32_t)area->cpu_id;
    if (in_process())
        HN_CHECK_GE(cpu, 0);
    else
        HN_CHECK_EQ(cpu, (int32_t)RSEQ_CPU_ID_UNINITIALIZED);
    HN_CHECK_GE(sched_getcpu(), 0);
#else
    HN_SKIP("glibc before 2.35 registers no restartable sequence area");
#endif
}

/* The page faults of the launcher (the parent) so far: field 10 of its
 * /proc/PID/stat. */
static long launcher_faults(void)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)getppid());
    FILE *f = fopen(path, "r");
    HN_ASSERT(f != NULL);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the name may hold spaces */
    HN_ASSERT(p != NULL);
    long minflt = -1;
    HN_ASSERT_EQ(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %ld", &minflt), 1);
    return minflt;
}

/* With LEAN_FAULTS=FILE (and --repeat), each run of it appends the
 * launcher's page faults so far to FILE: runner_lean.c reads how many the
 * launcher takes for each fork. */
HN_TEST(lean, launcher_faults_so_far)
{
    long so_far = launcher_faults();
    HN_ASSERT_GE(so_far, 0);
    const char *to = getenv("LEAN_FAULTS");
    if (!to)
        return;
    FILE *f = fopen(to, "a");
    HN_ASSERT(f != NULL);
    fprintf(f, "%ld\n", so_far);
    fclose(f);
}

/* The fake clock defines time(): it is linked only into a program that
 * uses it (hn_clock_*), and this one does not. A weak reference takes
 * nothing out of libhonest.a: it is NULL unless something else did. */
extern __typeof__(hn_clock_is_fake) hn_clock_is_fake __attribute__((weak));

HN_TEST(lean, the_fake_clock_is_not_linked_unused)
{
#ifdef LEAN_PARTS
    HN_SKIP("lean_parts links the doubles, which use the fake clock");
#else
    HN_CHECK(hn_clock_is_fake == NULL);
#endif
}
