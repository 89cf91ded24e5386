/* SPDX-License-Identifier: MIT */
/* launcher.c: the fork server: reads start requests, forks a child per test
 * (own process group, output to the slot's memfd), enforces time limits, and
 * reports each child's end. */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"
#include "timing.h"

typedef struct child {
    pid_t pid;        /* 0: slot idle */
    hn__instance in;
    hn_test test;     /* the test's descriptor, by value (see keep_out_of_forks) */
    uint64_t start_ns;
    uint64_t deadline_ns; /* 0: none */
    int timed_out;
} child;

typedef struct launcher {
    int fd;
    int sigfd;
    int devnull;
    int nslots;
    int max_running;
    int running;
    hn__launch_start *queue; /* pending starts, a ring of nslots */
    int qhead, qlen;
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
    sigprocmask(SIG_SETMASK, &l->run_mask, NULL);
    close(l->fd);
    close(l->sigfd);
    setpgid(0, 0);
    if (l->devnull >= 0)
        dup2(l->devnull, 0);
    dup2(l->slots[i].memfd, 1);
    dup2(l->slots[i].memfd, 2);
    hn__exec_test(&l->kids[i].in, l->slots[i].o, l->opts);
    /* Flush only what the test left buffered: walking every stream would
     * write to pages this process shares with the launcher. */
    if (__fpending(stdout))
        fflush(stdout);
    if (__fpending(stderr))
        fflush(stderr);
    /* exit_group directly: calling _exit would resolve its lazy binding in
     * every test process (see warm_up). */
    syscall(SYS_exit_group, 0);
    _exit(0);
}

static void send_done(launcher *l, int i, int status, int err)
{
    child *k = &l->kids[i];
    hn__launch_done d = {i, status, err, k->timed_out, hn__timing_now_ns() - k->start_ns};
    k->pid = 0;
    l->running--;
    while (send(l->fd, &d, sizeof d, MSG_NOSIGNAL) < 0 && errno == EINTR)
        ;
}

static void start(launcher *l, const hn__launch_start *m)
{
    if (m->slot < 0 || m->slot >= l->nslots)
        return;
    child *k = &l->kids[m->slot];
    k->in = m->in;
    k->in.name = NULL;
    k->test = *m->in.test;
    k->in.test = &k->test;
    k->timed_out = 0;
    k->start_ns = hn__timing_now_ns();
    k->deadline_ns = m->timeout_ms ? k->start_ns + (uint64_t)m->timeout_ms * 1000000u : 0;
    l->running++;
    pid_t pid = fork();
    if (pid == 0)
        run_child(l, m->slot);
    if (pid < 0) {
        send_done(l, m->slot, -1, errno);
        return;
    }
    setpgid(pid, pid);
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

/* Reports every child that has ended, and starts what waits. */
static void reap(launcher *l)
{
    for (int i = 0; i < l->nslots; i++) {
        child *k = &l->kids[i];
        int status;
        if (k->pid > 0 && waitpid(k->pid, &status, WNOHANG) == k->pid) {
            kill(-k->pid, SIGKILL); /* processes the test left behind */
            send_done(l, i, status, 0);
            dispatch(l);
        }
    }
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
    return next == UINT64_MAX ? -1 : (int)(next / 1000000u) + 1;
}

/* Makes the calls a test process makes on its way in and out once here, so
 * that lazily bound symbols are resolved before the forks: otherwise every
 * test process resolves them again and copies the pages that records. */
static void warm_up(launcher *l)
{
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    sigprocmask(SIG_SETMASK, &cur, NULL);
    setpgid(0, getpgid(0));
    dup2(l->devnull, l->devnull);
    close(-1);
    if (__fpending(stdout))
        fflush(stdout);
    sigjmp_buf jump;
    if (sigsetjmp(jump, 0) == 0)
        siglongjmp(jump, 1);
    volatile pthread_t self = pthread_self(); /* const: keep the call */
    (void)self;
    syscall(SYS_getpid);
}

static void serve(launcher *l)
{
    warm_up(l);
    for (;;) {
        struct pollfd fds[2] = {{l->fd, POLLIN, 0}, {l->sigfd, POLLIN, 0}};
        int n = poll(fds, 2, deadlines(l));
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(l->sigfd, &si, sizeof si) == (ssize_t)sizeof si)
                if (si.ssi_signo != SIGCHLD)
                    stopping = 1;
            reap(l);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            hn__launch_start m;
            ssize_t got = recv(l->fd, &m, sizeof m, MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
                break; /* the runner is gone */
            if (got == (ssize_t)sizeof m)
                enqueue(l, &m);
        }
    }
    stopping = 1;
    deadlines(l);
    _exit(0);
}

/* Marks the pages that lie wholly in [lo, hi) MADV_DONTFORK. */
static void dont_fork(uintptr_t lo, uintptr_t hi)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    lo = (lo + page - 1) & ~(page - 1);
    hi &= ~(page - 1);
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_DONTFORK);
}

/* The executable's constructor table (one entry per test), defined by the
 * linker; test processes never run constructors again. */
extern void (*const __init_array_start[])(void) __attribute__((weak));
extern void (*const __init_array_end[])(void) __attribute__((weak));

/* Present when a leak checker runs in the program (AddressSanitizer or
 * LeakSanitizer): it scans every loaded segment at exit, holes included. */
extern void __asan_init(void) __attribute__((weak));
extern void __lsan_do_leak_check(void) __attribute__((weak));

/* Keeps what only the launcher needs out of every fork, so that fork need
 * not copy its page tables: the pages holding only test descriptors (each
 * test process gets its own by value; 0.7 MiB at 10,000 tests), the
 * constructor table, and the registration list (unmapped). Not under a leak
 * checker, which would fault on the holes in a test process that exits. */
static void keep_out_of_forks(void)
{
    uintptr_t lo, hi;
    if (__asan_init || __lsan_do_leak_check) {
        hn__registry_release_list();
        return;
    }
    if (hn__registry_descriptors(&lo, &hi) == 0)
        dont_fork(lo, hi);
    if (__init_array_start && __init_array_end)
        dont_fork((uintptr_t)__init_array_start, (uintptr_t)__init_array_end);
    hn__registry_release_list();
}

static void launcher_main(const hn__launch_slot *slots, int nslots, int max_running,
                          const hn__options *o, void *drop, size_t drop_len, int fd,
                          const sigset_t *run_mask, pid_t runner)
{
    if (drop)
        munmap(drop, drop_len);
    keep_out_of_forks();
    static launcher l;
    sigset_t taken;
    sigemptyset(&taken);
    sigaddset(&taken, SIGCHLD);
    sigaddset(&taken, SIGINT);
    sigaddset(&taken, SIGTERM);
    sigprocmask(SIG_BLOCK, &taken, NULL);
    l.fd = fd;
    l.sigfd = signalfd(-1, &taken, SFD_NONBLOCK | SFD_CLOEXEC);
    /* If the runner dies (even by SIGKILL), stop: kill the tests and leave. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != runner)
        _exit(0);
    l.devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    l.nslots = nslots;
    l.max_running = max_running > 0 ? max_running : 1;
    l.opts = o;
    l.run_mask = *run_mask;
    l.slots = calloc((size_t)nslots, sizeof *l.slots);
    l.kids = calloc((size_t)nslots, sizeof *l.kids);
    l.queue = calloc((size_t)nslots, sizeof *l.queue);
    if (l.sigfd < 0 || !l.slots || !l.kids || !l.queue)
        _exit(70);
    memcpy(l.slots, slots, (size_t)nslots * sizeof *slots);
    serve(&l);
}

pid_t hn__launcher_spawn(const hn__launch_slot *slots, int nslots, int max_running,
                         const hn__options *opts, void *drop, size_t drop_len, int *fd)
{
    int sv[2];
    sigset_t mask;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t runner = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        launcher_main(slots, nslots, max_running, opts, drop, drop_len, sv[1], &mask, runner);
    }
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        return -1;
    }
    *fd = sv[0];
    return pid;
}
