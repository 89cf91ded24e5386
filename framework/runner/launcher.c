/* SPDX-License-Identifier: MIT */
/* launcher.c: the fork server: reads start requests, forks a child per test
 * (own process group, output to the slot's memfd), enforces time limits, and
 * reports each child's end. */
#include "runner/launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <poll.h>
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

#include "core/module.h"
#include "runner/exec.h"
#include "base/platform.h"
#include "base/sys.h"
#include "base/timing.h"

/* The longest a report is held back (see flush), for a live progress line. */
#define HN__LAUNCH_HOLD_MS 20
/* The launcher's exit status when it cannot set itself up (EX_SOFTWARE). */
#define LAUNCHER_SETUP_FAILED 70
/* The kernel's signal set: the first _NSIG bits of sigset_t, in bytes. */
#define KERNEL_SIGSET_BYTES (_NSIG / 8)

typedef struct child {
    pid_t pid;        /* 0: slot idle */
    hn__instance in;
    hn_test test;     /* the test's descriptor, by value (see drop_pages) */
    uint64_t start_ns;
    uint64_t deadline_ns; /* 0: none */
    int timed_out;
    long trimmed_to;  /* its output's memory is given back up to here */
} child;

typedef struct launcher {
    int fd;
    int sigfd;
    int nslots;
    int max_running;
    int running;
    hn__launch_start *queue; /* pending starts, a ring of nslots */
    int qhead, qlen;
    hn__launch_start *inbox; /* one message of starts, as received */
    hn__launch_done *held;   /* reports not sent yet (see flush) */
    int nheld;
    uint64_t held_since;
    const hn__options *opts;
    sigset_t run_mask;  /* what children get back */
    hn__launch_slot *slots;
    child *kids;
} launcher;

static int stopping;

static void run_child(launcher *l, int i)
{
    /* The launcher takes SIGCHLD, SIGINT and SIGTERM through a signalfd with
     * them blocked and no handlers: restoring the mask is all a test needs. */
    hn__sys_call(SYS_rt_sigprocmask, SIG_SETMASK, (long)&l->run_mask, 0,
                 KERNEL_SIGSET_BYTES);
    hn__sys_call(SYS_close, l->fd, 0, 0, 0);
    hn__sys_call(SYS_close, l->sigfd, 0, 0, 0);
    /* Its own process group, so that what it forks can be killed with it.
     * Only the test process sets it: before it has, it has forked nothing
     * a kill of the group could miss. */
    hn__sys_call(SYS_setpgid, 0, 0, 0, 0);
    /* dup3 fails when the descriptors are the same, which leaves them as
     * wanted. */
    hn__sys_call(SYS_dup3, l->slots[i].memfd, 1, 0, 0);
    hn__sys_call(SYS_dup3, l->slots[i].memfd, 2, 0, 0);
    hn__exec_test(&l->kids[i].in, l->slots[i].o, l->opts);
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

/* Trims the output of every running test. */
static void trim_all(launcher *l)
{
    for (int i = 0; i < l->nslots; i++)
        if (l->kids[i].pid > 0)
            trim(l, i);
}

/* Frees slot i and holds its report (the duration ends here) for flush. */
static void end_child(launcher *l, int i, int status, int err)
{
    child *k = &l->kids[i];
    uint64_t now = hn__timing_now_ns();
    if (l->nheld == 0)
        l->held_since = now;
    l->held[l->nheld++] = (hn__launch_done){i, status, err, k->timed_out, now - k->start_ns};
    k->pid = 0;
    l->running--;
}

/* Sends the reports held back, in one message, when the runner should have
 * them: when few tests are left queued (the runner then refills the queue
 * while the last ones run), when nothing runs, when stopping, or when the
 * oldest has waited HN__LAUNCH_HOLD_MS. The runner so wakes once for
 * several tests instead of once for each. A slot is reused only after its
 * report reached the runner, so no start can overtake a report held here. */
static void flush(launcher *l)
{
    if (l->nheld == 0)
        return;
    if (l->qlen > l->max_running && l->running > 0 && !stopping &&
        hn__timing_now_ns() - l->held_since < HN__LAUNCH_HOLD_MS * 1000000ull)
        return;
    while (send(l->fd, l->held, (size_t)l->nheld * sizeof *l->held, MSG_NOSIGNAL) < 0 &&
           errno == EINTR)
        ;
    l->nheld = 0;
}

static void start(launcher *l, const hn__launch_start *m)
{
    if (m->slot < 0 || m->slot >= l->nslots)
        return;
    child *k = &l->kids[m->slot];
    k->in = m->in;
    k->in.name = NULL;
    k->test = m->test;
    k->in.test = &k->test;
    k->timed_out = 0;
    k->trimmed_to = 0;
    k->start_ns = hn__timing_now_ns();
    k->deadline_ns = m->timeout_ms ? k->start_ns + (uint64_t)m->timeout_ms * 1000000u : 0;
    l->running++;
    pid_t pid = fork();
    if (pid == 0)
        run_child(l, m->slot);
    if (pid < 0) {
        end_child(l, m->slot, -1, errno);
        return;
    }
    k->pid = pid;
}

/* Starts queued tests while fewer than max_running run. */
static void dispatch(launcher *l)
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
            trim(l, i);
            end_child(l, i, status, 0);
            ended = 1;
        }
    }
    /* What the parts learnt from the tests that ended (fixtures they loaded)
     * is made ready here, for the tests forked next. */
    if (ended)
        hn__module_fork_between_all();
    dispatch(l);
    flush(l);
}

/* Kills children past their deadline (or all when stopping); returns the ms
 * until the next deadline, or -1 when there is none. */
static int deadlines(launcher *l)
{
    uint64_t now = hn__timing_now_ns(), next = UINT64_MAX;
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
}

static void serve(launcher *l)
{
    warm_up();
    /* What every test process would repeat (libcurl's set-up, fixtures),
     * done once here: see hn__module_fork_hooks. */
    hn__module_fork_prepare_all();
    for (;;) {
        struct pollfd fds[2] = {{l->fd, POLLIN, 0}, {l->sigfd, POLLIN, 0}};
        int wait = deadlines(l);
        if (l->running > 0 && (wait < 0 || wait > HN__LAUNCH_TRIM_MS))
            wait = HN__LAUNCH_TRIM_MS; /* to trim what the tests write */
        int n = poll(fds, 2, wait);
        trim_all(l);
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            if (hn__platform_signals_drain(l->sigfd))
                stopping = 1;
            reap(l);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t got = recv(l->fd, l->inbox, (size_t)l->nslots * sizeof *l->inbox,
                               MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
                break; /* the runner is gone */
            for (ssize_t j = 0; got > 0 && j < got / (ssize_t)sizeof *l->inbox; j++)
                enqueue(l, &l->inbox[j]);
        }
        flush(l);
    }
    stopping = 1;
    deadlines(l);
    _exit(0);
}

/* Gives back the copies of the pages that lie wholly in [lo, hi), which
 * relocation made private: fork then has no page table entries to copy for
 * them. Unlike MADV_DONTFORK this splits no mapping in two, and each area
 * a process maps costs every fork more than a page does. */
static void drop_pages(uintptr_t lo, uintptr_t hi)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    lo = (lo + page - 1) & ~(page - 1);
    hi &= ~(page - 1);
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* The executable's constructor table (one entry per test), defined by the
 * linker; test processes never run constructors again. */
extern void (*const __init_array_start[])(void) __attribute__((weak));
extern void (*const __init_array_end[])(void) __attribute__((weak));

/* Present when a leak checker runs in the program (AddressSanitizer or
 * LeakSanitizer): it scans every loaded segment at exit. */
extern void __asan_init(void) __attribute__((weak));
extern void __lsan_do_leak_check(void) __attribute__((weak));

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
        drop_pages(lo, hi);
    if (__init_array_start && __init_array_end)
        drop_pages((uintptr_t)__init_array_start, (uintptr_t)__init_array_end);
    hn__registry_release_list();
}

static void launcher_free(launcher *l)
{
    free(l->slots);
    free(l->kids);
    free(l->queue);
    free(l->inbox);
    free(l->held);
    free(l);
}

/* The launcher's state, allocated by the runner before the fork: memory the
 * launcher allocated itself would grow its heap by a new area that every
 * later fork would copy. */
static launcher *launcher_new(const hn__launch_slot *slots, int nslots, int max_running,
                              const hn__options *o)
{
    launcher *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->nslots = nslots;
    l->max_running = max_running > 0 ? max_running : 1;
    l->opts = o;
    l->slots = calloc((size_t)nslots, sizeof *l->slots);
    l->kids = calloc((size_t)nslots, sizeof *l->kids);
    l->queue = calloc((size_t)nslots, sizeof *l->queue);
    l->inbox = calloc((size_t)nslots, sizeof *l->inbox);
    l->held = calloc((size_t)nslots, sizeof *l->held);
    if (!l->slots || !l->kids || !l->queue || !l->inbox || !l->held) {
        launcher_free(l);
        return NULL;
    }
    memcpy(l->slots, slots, (size_t)nslots * sizeof *slots);
    return l;
}

static void launcher_main(launcher *l, void *drop, size_t drop_len, int fd,
                          const sigset_t *run_mask, pid_t runner)
{
    if (drop)
        munmap(drop, drop_len);
    keep_out_of_forks();
    sigset_t taken;
    sigemptyset(&taken);
    sigaddset(&taken, SIGCHLD);
    sigaddset(&taken, SIGINT);
    sigaddset(&taken, SIGTERM);
    sigprocmask(SIG_BLOCK, &taken, NULL);
    l->fd = fd;
    l->sigfd = hn__platform_signals_open(&taken);
    /* If the runner dies (even by SIGKILL), stop: kill the tests and leave. */
    hn__platform_die_with_parent(SIGTERM);
    if (getppid() != runner)
        _exit(0);
    /* Tests read no terminal: their standard input is /dev/null, set here
     * once rather than in each test process. */
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (l->sigfd < 0 || devnull < 0 || (devnull != 0 && dup2(devnull, 0) < 0))
        _exit(LAUNCHER_SETUP_FAILED);
    if (devnull != 0)
        close(devnull);
    l->run_mask = *run_mask;
    serve(l);
}

pid_t hn__launcher_spawn(const hn__launch_slot *slots, int nslots, int max_running,
                         const hn__options *opts, void *drop, size_t drop_len, int *fd)
{
    int sv[2];
    sigset_t mask;
    launcher *l = launcher_new(slots, nslots, max_running, opts);
    if (!l)
        return -1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        launcher_free(l);
        return -1;
    }
    sigprocmask(SIG_SETMASK, NULL, &mask);
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t runner = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        launcher_main(l, drop, drop_len, sv[1], &mask, runner);
    }
    int err = errno;
    launcher_free(l);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        errno = err;
        return -1;
    }
    *fd = sv[0];
    return pid;
}
