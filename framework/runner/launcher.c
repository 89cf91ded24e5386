/* SPDX-License-Identifier: MIT */
/* launcher.c: the fork server: reads start requests, forks a child per test
 * (own process group, output to the slot's memfd), enforces time limits, and
 * reports each child's end. */
#include "runner/launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "core/context.h"
#include "core/module.h"
#include "runner/exec.h"
#include "base/platform.h"
#include "base/sys.h"
#include "base/timing.h"
#include "variants/variants.h"

/* The longest a report is held back (see flush), for a live progress line. */
#define HN__LAUNCH_HOLD_MS 20
/* The launcher's exit status when it cannot set itself up (EX_SOFTWARE). */
#define LAUNCHER_SETUP_FAILED 70
/* The kernel's signal set: the first _NSIG bits of sigset_t, in bytes. */
#define KERNEL_SIGSET_BYTES (_NSIG / 8)

typedef struct child {
    pid_t pid;        /* 0: slot idle */
    uint64_t start_ns;
    uint64_t deadline_ns; /* 0: none */
    int timed_out;
    long trimmed_to;  /* its output's memory is given back up to here */
} child;

/* What a test process needs of its test, copied into the frame of start()
 * that forks it: the launcher's own state is out of its reach (see
 * keep_to_itself). The descriptor travels by value (see keep_out_of_forks). */
typedef struct child_args {
    hn__instance in;
    hn_test test;
    hn__outcome *o;
    int memfd;
} child_args;

/* Set once before the first fork and read by every test process (a page
 * fork shares: it is not written again while tests run). */
static struct {
    int fd;     /* the channel to the runner */
    int sigfd;
    const hn__options *opts;
    sigset_t run_mask;  /* what children get back */
} fixed;

#define MAX_SETTLINGS 32 /* heap settlings after between hooks (see reap) */
typedef struct launcher {
    int nslots;
    int max_running;
    int running;
    hn__launch_start *queue; /* pending starts, a ring of nslots */
    int qhead, qlen;
    hn__launch_start *inbox; /* one message of starts, as received */
    hn__launch_done *held;   /* reports not sent yet (see flush) */
    int nheld;
    uint64_t held_since;
    uint64_t now;            /* the clock, read once each time the launcher wakes */
    uint64_t trimmed_at;     /* when trim_all last ran */
    int awaiting;            /* reports were sent and the runner has not answered */
    int settlings;           /* heap settlings after a between hook (see reap) */
    hn__launch_slot *slots;
    child *kids;
} launcher;

static int stopping;

HN__TEST_PATH __attribute__((noreturn, noinline)) static void run_child(const child_args *a)
{
    /* The launcher takes SIGCHLD, SIGINT and SIGTERM through a signalfd with
     * them blocked and no handlers: restoring the mask is all a test needs. */
    hn__sys_call(SYS_rt_sigprocmask, SIG_SETMASK, (long)&fixed.run_mask, 0,
                 KERNEL_SIGSET_BYTES);
    hn__sys_call(SYS_close, fixed.fd, 0, 0, 0);
    hn__sys_call(SYS_close, fixed.sigfd, 0, 0, 0);
    /* Its own process group, so that what it forks can be killed with it.
     * Only the test process sets it: before it has, it has forked nothing
     * a kill of the group could miss. */
    hn__sys_call(SYS_setpgid, 0, 0, 0, 0);
    /* dup3 fails when the descriptors are the same, which leaves them as
     * wanted. */
    hn__sys_call(SYS_dup3, a->memfd, 1, 0, 0);
    hn__sys_call(SYS_dup3, a->memfd, 2, 0, 0);
    hn__exec_test(&a->in, a->o, fixed.opts);
    /* Flush only what the test left buffered: walking every stream would
     * write to pages this process shares with the launcher. */
    if (hn__platform_stream_pending(stdout))
        fflush(stdout);
    if (hn__platform_stream_pending(stderr))
        fflush(stderr);
    for (;;)
        hn__sys_call(SYS_exit_group, 0, 0, 0, 0);
}

/* Gives back the memory of the middle of child i's output (see
 * HN__LAUNCH_KEEP): the head and the last HN__LAUNCH_KEEP bytes stay. Raw
 * calls: a failure must not write errno (see reap). */
static void trim(launcher *l, int i)
{
    struct stat st;
    child *k = &l->kids[i];
    int fd = l->slots[i].memfd;
    if (hn__sys_call(SYS_fstat, fd, (long)&st, 0, 0) != 0)
        return;
    long page = 4096, keep = (long)HN__LAUNCH_KEEP;
    long from = k->trimmed_to > keep ? k->trimmed_to : (keep + page - 1) / page * page;
    long to = ((long)st.st_size - keep) / page * page;
    if (to - from < 16 * page)
        return; /* little to give back: wait until there is more */
    if (hn__sys_call(SYS_fallocate, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, from,
                     to - from) == 0)
        k->trimmed_to = to;
}

/* Trims the output of every running test, every HN__LAUNCH_TRIM_MS: a
 * test cannot write more than it can in that time untrimmed. */
static void trim_all(launcher *l)
{
    if (l->now - l->trimmed_at < HN__LAUNCH_TRIM_MS * 1000000ull)
        return;
    l->trimmed_at = l->now;
    for (int i = 0; i < l->nslots; i++)
        if (l->kids[i].pid > 0)
            trim(l, i);
}

/* Frees slot i and holds its report (the duration ends here) for flush. */
static void end_child(launcher *l, int i, int status, int err)
{
    child *k = &l->kids[i];
    if (l->nheld == 0)
        l->held_since = l->now;
    l->held[l->nheld++] = (hn__launch_done){i, status, err, k->timed_out, l->now - k->start_ns};
    k->pid = 0;
    l->running--;
}

/* Sends the reports held back, in one message, when the runner should have
 * them: when half the slots or fewer are left queued (the runner then
 * refills the queue while the rest run: it has half a queue of tests' time
 * to do it, so a runner slow to be scheduled on a loaded machine still
 * finds the launcher busy), when nothing runs, when stopping, or when the
 * oldest has waited HN__LAUNCH_HOLD_MS. The runner so wakes once for
 * several tests instead of once for each. A slot is reused only after its
 * report reached the runner, so no start can overtake a report held here. */
static void flush(launcher *l)
{
    if (l->nheld == 0)
        return;
    int few = l->nslots / 2 > l->max_running ? l->nslots / 2 : l->max_running;
    /* Once reports went out, the next wait for the runner's answer, unless
     * the queue is about to run dry: one report at a time otherwise, each
     * answered by one start, while the runner waits to be scheduled. */
    if (l->awaiting)
        few = l->max_running;
    if (l->qlen > few && l->running > 0 && !stopping &&
        l->now - l->held_since < HN__LAUNCH_HOLD_MS * 1000000ull)
        return;
    while (send(fixed.fd, l->held, (size_t)l->nheld * sizeof *l->held, MSG_NOSIGNAL) < 0 &&
           errno == EINTR)
        ;
    l->nheld = 0;
    l->awaiting = 1;
}

/* Forks the test of m. A test process returns from fork here: this and
 * dispatch sit with the test path (HN__TEST_PATH), whose pages it faults
 * in anyway, rather than on a page of their own. */
HN__TEST_PATH static void start(launcher *l, const hn__launch_start *m)
{
    if (m->slot < 0 || m->slot >= l->nslots)
        return;
    child *k = &l->kids[m->slot];
    child_args a = {m->in, m->test, l->slots[m->slot].o, l->slots[m->slot].memfd};
    a.in.name = NULL;
    a.in.test = &a.test;
    k->timed_out = 0;
    k->trimmed_to = 0;
    k->start_ns = l->now;
    k->deadline_ns = m->timeout_ms ? k->start_ns + (uint64_t)m->timeout_ms * 1000000u : 0;
    l->running++;
    pid_t pid = fork();
    if (pid == 0)
        run_child(&a);
    if (pid < 0) {
        end_child(l, m->slot, -1, errno);
        return;
    }
    k->pid = pid;
}

/* Starts queued tests while fewer than max_running run. */
HN__TEST_PATH static void dispatch(launcher *l)
{
    while (l->qlen > 0 && l->running < l->max_running) {
        hn__launch_start m = l->queue[l->qhead];
        l->qhead = (l->qhead + 1) % l->nslots;
        l->qlen--;
        start(l, &m);
    }
}

static void enqueue(launcher *l, const hn__launch_start *m)
{
    if (l->qlen == l->nslots)
        return; /* cannot happen: the runner has one request per slot */
    l->queue[(l->qhead + l->qlen) % l->nslots] = *m;
    l->qlen++;
    dispatch(l);
}

static int under_sanitizer(void);

/* Ends every child that has ended, starts what waits, then reports: the
 * next tests are forked before the runner is told. */
static void reap(launcher *l)
{
    int ended = 0;
    for (int i = 0; i < l->nslots; i++) {
        child *k = &l->kids[i];
        int status;
        if (k->pid > 0 && waitpid(k->pid, &status, WNOHANG) == k->pid) {
            /* Processes the test left behind. Made directly: kill() would
             * set errno (ESRCH, as a rule), on a page this process shares
             * with the test just forked, so a page fault. */
            hn__sys_call(SYS_kill, -k->pid, SIGKILL, 0, 0);
            /* A test shorter than a trim period wrote no more than one
             * period's worth: no fstat for it. */
            if (l->now - k->start_ns >= HN__LAUNCH_TRIM_MS * 1000000ull)
                trim(l, i);
            end_child(l, i, status, 0);
            ended = 1;
        }
    }
    /* What the parts learnt from the tests that ended (fixtures they loaded)
     * is made ready here, for the tests forked next; the small chunks that
     * freed are taken out of malloc's lists (see lean_for_forks), at most
     * MAX_SETTLINGS times (each keeps 66 KiB, which every later fork maps). */
    if (ended && hn__module_fork_between_all() && !under_sanitizer() &&
        l->settlings < MAX_SETTLINGS) {
        hn__platform_settle_heap();
        l->settlings++;
    }
    dispatch(l);
    flush(l);
}

/* Kills children past their deadline (or all when stopping); returns the ms
 * until the next deadline, or -1 when there is none. */
static int deadlines(launcher *l)
{
    uint64_t now = l->now, next = UINT64_MAX;
    for (int i = 0; i < l->nslots; i++) {
        child *k = &l->kids[i];
        if (k->pid <= 0 || k->timed_out)
            continue;
        if (stopping || (k->deadline_ns && now >= k->deadline_ns)) {
            k->timed_out = !stopping;
            kill(-k->pid, SIGKILL);
            kill(k->pid, SIGKILL);
        } else if (k->deadline_ns && k->deadline_ns - now < next) {
            next = k->deadline_ns - now;
        }
    }
    if (l->nheld) {
        uint64_t flush_at = l->held_since + HN__LAUNCH_HOLD_MS * 1000000ull;
        uint64_t wait = flush_at > now ? flush_at - now : 0;
        next = wait < next ? wait : next;
    }
    return next == UINT64_MAX ? -1 : (int)(next / 1000000u) + 1;
}

/* Makes the calls a test process makes on its way in and out once here, so
 * that lazily bound symbols are resolved before the forks: otherwise every
 * test process resolves them again and copies the pages that records. */
static void warm_up(void)
{
    sigjmp_buf jump;
    if (sigsetjmp(jump, 0) == 0)
        siglongjmp(jump, 1);
    /* The framework's growable buffers (a failure's message, a fixture's
     * audit record): vsnprintf and realloc, which the runner may not have
     * called yet. A lookup in a test process reads the symbol tables of
     * every loaded library (with libcurl, about 30): some 9 page faults. */
    hn__buf b = {0};
    hn__buf_printf(&b, "%d", 1);
    /* And the string functions the framework calls in a test process
     * (lengths through a volatile, or the compiler would inline them). */
    volatile size_t one = 1;
    char to[2];
    memset(to, 0, one);
    memcpy(to, b.data, one);
    memmove(to, b.data, one);
    __asm__ volatile("" : : "r"(memcmp(to, b.data, one) + strlen(b.data) +
                               (strchr(b.data, '1') != NULL)));
    hn__buf_free(&b);
    /* The lock that doubles, fixtures and the cmocka layer take in a test:
     * unbound, each test process of a cmocka program resolved both (about
     * 13 page faults a test). */
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&lock);
    pthread_mutex_unlock(&lock);
}

/* Once everything the tests share is set up: what fork would copy the page
 * tables of, for nothing, is made cheaper to fork (see platform.h): the
 * heap's free pages given back, the relocated read-only data of every
 * loaded object moved to a file's pages. Not under a sanitizer, which keeps
 * its own state about those pages. And the heap is settled: the small free
 * chunks the set-up left all over it are taken out of malloc's free lists
 * (and kept), so that a test process's small allocations are carved one
 * after another from one free block, on two or three pages, instead of one
 * page each (to copy: a page fault of 3 to 4 us each); glibc's malloc state
 * (main_arena) is then written on one page instead of two. */
static void lean_for_forks(void)
{
    /* Not a sanitizer's business: two page faults fewer a test. */
    hn__platform_drop_rseq();
    if (under_sanitizer())
        return;
    hn__platform_settle_heap();
    hn__platform_trim_heap();
    hn__platform_share_relro();
}

/* Reads the starts the runner sent, if any, without waiting; they are
 * queued and started as slots allow. -1 when the runner is gone. */
static int take_starts(launcher *l)
{
    for (;;) {
        /* Made directly: its usual end, EAGAIN, would be written to errno,
         * on a page the launcher shares with the test just forked. */
        long got = hn__sys_recv_nowait(fixed.fd, l->inbox,
                                       (size_t)l->nslots * sizeof *l->inbox);
        if (got == 0 || (got < 0 && got != -EAGAIN && got != -EINTR))
            return -1;
        if (got < 0)
            return 0; /* EAGAIN: nothing more; EINTR: read on the next wake */
        l->awaiting = 0;
        for (long j = 0; j < got / (long)sizeof *l->inbox; j++)
            enqueue(l, &l->inbox[j]);
    }
}

/* The launcher's loop: waits, reaps, forks, reports, until the runner is
 * gone or it is told to stop. */
__attribute__((noinline, noreturn)) static void serve_loop(launcher *l)
{
    /* The clock is read once each time the launcher wakes: the starts,
     * ends, deadlines and holds of that wake all use it. */
    l->now = l->trimmed_at = hn__timing_now_ns();
    for (;;) {
        /* The runner's channel is watched only when the queue is empty (or
         * when stopping): its starts answer the reports sent (see flush)
         * and are read on the next wake, so they do not wake the launcher
         * while a test runs. A runner that dies sends SIGTERM (see
         * launcher_main); one that stops closes the channel, read here
         * with nothing queued. */
        int watch = l->qlen == 0 || stopping;
        struct pollfd fds[2] = {{watch ? fixed.fd : -1, POLLIN, 0}, {fixed.sigfd, POLLIN, 0}};
        int wait = deadlines(l);
        if (l->running > 0 && (wait < 0 || wait > HN__LAUNCH_TRIM_MS))
            wait = HN__LAUNCH_TRIM_MS; /* to trim what the tests write */
        int n = poll(fds, 2, wait);
        l->now = hn__timing_now_ns();
        trim_all(l);
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            if (hn__platform_signals_drain(fixed.sigfd))
                stopping = 1;
            reap(l);
        }
        if (((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) || l->awaiting) &&
            take_starts(l) != 0)
            break; /* the runner is gone */
        flush(l);
    }
    stopping = 1;
    deadlines(l);
    _exit(0);
}

/* Room left above the loop's frame on its stack page (see serve): the
 * test's context, and a margin. */
#define LOOP_STACK_SLACK (64 + ((sizeof(hn__ctx_room) + 15) & ~(size_t)15))

static void serve(launcher *l)
{
    warm_up();
    /* What every test process would repeat (libcurl's set-up, fixtures),
     * done once here: see hn__module_fork_hooks. */
    hn__module_fork_prepare_all(fixed.opts);
    lean_for_forks();
    /* After each fork, every page of the launcher's stack is shared
     * copy-on-write with the test process, and the first write the
     * launcher makes to each of them is a page fault (the test process
     * pays one too, for each it writes). What the loop writes between two
     * forks (its frames, fork's, poll's) takes about 1 KiB: it is placed at
     * the top of a page, so that it lies on one page instead of straddling
     * two, as it did or not depending on where the stack happened to start
     * (its environment and arguments). */
    char here;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    size_t drop = ((uintptr_t)&here + LOOP_STACK_SLACK) & (page - 1);
    /* The block must hold the context (placed at its bottom, below): near
     * the start of a page it would not, so it takes one page more. */
    if (drop < sizeof(hn__ctx_room) + 16)
        drop += page;
    char *below = __builtin_alloca(drop);
    __asm__ volatile("" : : "r"(below) : "memory");
    /* The lowest bytes of that block lie on the loop's page, which each
     * test process writes anyway (fork returns there): the running test's
     * context goes there, rather than on a page of its own. */
    hn__ctx_place((hn__ctx_room *)(void *)below);
    serve_loop(l);
}

/* The executable's constructor table (one entry per test), defined by the
 * linker; test processes never run constructors again. */
extern void (*const __init_array_start[])(void) __attribute__((weak));
extern void (*const __init_array_end[])(void) __attribute__((weak));

/* Present when a leak checker runs in the program (AddressSanitizer or
 * LeakSanitizer): it scans every loaded segment at exit. */
extern void __asan_init(void) __attribute__((weak));
extern void __lsan_do_leak_check(void) __attribute__((weak));
/* Present under ThreadSanitizer, which keeps shadow state for every page. */
extern void __tsan_init(void) __attribute__((weak));

static int under_sanitizer(void)
{
    return __asan_init || __lsan_do_leak_check || __tsan_init;
}

/* Keeps what only the runner needs out of every fork, so that fork need not
 * copy its page tables: the pages holding only test descriptors (each test
 * process gets its own by value; 0.7 MiB at 10,000 tests) and the
 * constructor table are given back (read again they would hold the
 * executable's unrelocated bytes: neither the launcher nor a test reads
 * them), and the registration list is unmapped. Not under a leak checker,
 * which reads every loaded segment for pointers at exit. */
static void keep_out_of_forks(void)
{
    uintptr_t lo, hi;
    if (__asan_init || __lsan_do_leak_check) {
        hn__registry_release_list();
        return;
    }
    if (hn__registry_descriptors(&lo, &hi) == 0)
        hn__platform_drop_pages(lo, hi);
    if (__init_array_start && __init_array_end)
        hn__platform_drop_pages((uintptr_t)__init_array_start, (uintptr_t)__init_array_end);
    hn__registry_release_list();
}

/* The launcher's state is one block: the struct, then its arrays. */
#define ALIGNED(n) (((n) + 15) & ~(size_t)15)

static size_t state_size(int nslots)
{
    size_t n = (size_t)nslots;
    return ALIGNED(sizeof(launcher)) + ALIGNED(n * sizeof(hn__launch_slot)) +
           ALIGNED(n * sizeof(child)) + 2 * ALIGNED(n * sizeof(hn__launch_start)) +
           ALIGNED(n * sizeof(hn__launch_done));
}

/* Points the arrays of l (a block of state_size) into the block. */
static void place_arrays(launcher *l)
{
    size_t n = (size_t)l->nslots;
    char *at = (char *)l + ALIGNED(sizeof *l);
    l->slots = (hn__launch_slot *)at;
    at += ALIGNED(n * sizeof *l->slots);
    l->kids = (child *)at;
    at += ALIGNED(n * sizeof *l->kids);
    l->queue = (hn__launch_start *)at;
    at += ALIGNED(n * sizeof *l->queue);
    l->inbox = (hn__launch_start *)at;
    at += ALIGNED(n * sizeof *l->inbox);
    l->held = (hn__launch_done *)at;
}

/* The launcher's state, allocated by the runner before the fork (so that a
 * failure is the runner's to report), moved by the launcher at once into a
 * mapping of its own (keep_to_itself). */
static launcher *launcher_new(const hn__launch_slot *slots, int nslots, int max_running)
{
    launcher *l = calloc(1, state_size(nslots));
    if (!l)
        return NULL;
    l->nslots = nslots;
    l->max_running = max_running > 0 ? max_running : 1;
    place_arrays(l);
    memcpy(l->slots, slots, (size_t)nslots * sizeof *slots);
    return l;
}

/* Moves the launcher's state into a mapping that test processes do not get
 * (MADV_DONTFORK): fork then neither copies its page tables nor makes its
 * pages copy-on-write, so the launcher's writes after each fork (the child's
 * pid, the held reports, the queue) cost no page fault. Nothing a test
 * process reads is there (see child_args). Where that fails, the state
 * stays where it was, which works as well, a little slower. */
static launcher *keep_to_itself(launcher *from)
{
    size_t len = state_size(from->nslots);
    void *own = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (own == MAP_FAILED)
        return from;
    madvise(own, len, MADV_DONTFORK);
    launcher *l = own;
    memcpy(l, from, len);
    place_arrays(l);
    free(from);
    return l;
}

static void launcher_main(launcher *l, void *drop, size_t drop_len, int fd,
                          const sigset_t *run_mask, pid_t runner, const hn__options *opts)
{
    if (drop)
        munmap(drop, drop_len);
    keep_out_of_forks();
    l = keep_to_itself(l);
    sigset_t taken;
    sigemptyset(&taken);
    sigaddset(&taken, SIGCHLD);
    sigaddset(&taken, SIGINT);
    sigaddset(&taken, SIGTERM);
    sigprocmask(SIG_BLOCK, &taken, NULL);
    fixed.fd = fd;
    fixed.sigfd = hn__platform_signals_open(&taken);
    fixed.opts = opts;
    fixed.run_mask = *run_mask;
    /* If the runner dies (even by SIGKILL), stop: kill the tests and leave. */
    hn__platform_die_with_parent(SIGTERM);
    if (getppid() != runner)
        _exit(0);
    /* Tests read no terminal: their standard input is /dev/null, set here
     * once rather than in each test process. */
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fixed.sigfd < 0 || devnull < 0 || (devnull != 0 && dup2(devnull, 0) < 0))
        _exit(LAUNCHER_SETUP_FAILED);
    if (devnull != 0)
        close(devnull);
    serve(l);
}

pid_t hn__launcher_spawn(const hn__launch_slot *slots, int nslots, int max_running,
                         const hn__options *opts, void *drop, size_t drop_len, int *fd)
{
    int sv[2];
    sigset_t mask;
    launcher *l = launcher_new(slots, nslots, max_running);
    if (!l)
        return -1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        free(l);
        return -1;
    }
    sigprocmask(SIG_SETMASK, NULL, &mask);
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t runner = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        launcher_main(l, drop, drop_len, sv[1], &mask, runner, opts);
    }
    int err = errno;
    free(l);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        errno = err;
        return -1;
    }
    *fd = sv[0];
    return pid;
}
