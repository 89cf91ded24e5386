/* SPDX-License-Identifier: MIT */
/* isolate.c: a test per child process, reported through memory shared with
 * the runner and a memfd for its output; or in-process with --no-fork. */
#include "isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "context.h"
#include "exec.h"
#include "timing.h"

#define EVENTS_CAP (1u << 20)     /* per test: messages and logs */
#define OUTPUT_SHOWN (1u << 20)   /* captured output kept per test */

typedef struct slot {
    int busy;
    pid_t pid;
    int memfd;
    hn__outcome *o;
    const hn__instance *in;
    int iteration;
    int timeout_ms;
    int timed_out;
    uint64_t start_ns;
    uint64_t deadline_ns; /* 0: none */
    hn__result *done;     /* --no-fork: finished result waiting to be taken */
} slot;

struct hn__isolate {
    const hn__options *opts;
    void (*exit_fn)(hn__result *r, void *data);
    void *exit_data;
    int nslots;
    int devnull;
    sigset_t chld, old_mask;
    slot slots[];
};

hn__isolate *hn__isolate_new(const hn__options *o)
{
    int n = o->no_fork ? 1 : (o->jobs > 0 ? o->jobs : 1);
    hn__isolate *p = calloc(1, sizeof *p + (size_t)n * sizeof(slot));
    if (!p)
        return NULL;
    p->opts = o;
    p->nslots = n;
    p->devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    sigemptyset(&p->chld);
    sigaddset(&p->chld, SIGCHLD);
    /* SIGCHLD stays blocked so that sigtimedwait can wait for it without a
     * race; children get the original mask back. */
    sigprocmask(SIG_BLOCK, &p->chld, &p->old_mask);
    for (int i = 0; i < n; i++) {
        slot *s = &p->slots[i];
        s->o = hn__outcome_new(EVENTS_CAP, 1);
        s->memfd = memfd_create("honest-output", MFD_CLOEXEC);
        if (!s->o || s->memfd < 0) {
            hn__isolate_free(p);
            return NULL;
        }
    }
    return p;
}

int hn__isolate_idle(const hn__isolate *p)
{
    int idle = 0;
    for (int i = 0; i < p->nslots; i++)
        idle += !p->slots[i].busy;
    return idle;
}

static void child(hn__isolate *p, slot *s)
{
    sigprocmask(SIG_SETMASK, &p->old_mask, NULL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    setpgid(0, 0);
    if (p->devnull >= 0)
        dup2(p->devnull, 0);
    dup2(s->memfd, 1);
    dup2(s->memfd, 2);
    hn__exec_test(s->in, s->o, p->opts);
    fflush(NULL);
    _exit(0);
}

static int must_fork(const hn__instance *in)
{
    return in->test->opts.expect_signal || in->test->opts.expect_exit;
}

static void start_forked(hn__isolate *p, slot *s)
{
    hn__outcome_reset(s->o);
    if (ftruncate(s->memfd, 0) != 0 || lseek(s->memfd, 0, SEEK_SET) != 0)
        perror("honest: resetting the output capture");
    fflush(NULL);
    s->start_ns = hn__timing_now_ns();
    s->deadline_ns = s->timeout_ms ? s->start_ns + (uint64_t)s->timeout_ms * 1000000u : 0;
    pid_t pid = fork();
    if (pid == 0)
        child(p, s);
    if (pid < 0) {
        s->pid = -1;
        return;
    }
    setpgid(pid, pid);
    s->pid = pid;
}

static void on_alarm(int sig)
{
    (void)sig;
    hn__ctx_interrupt();
}

static void where(char *buf, size_t n, const hn__outcome *o)
{
    if (o->last_file)
        snprintf(buf, n, "last assertion reached: %s:%d", o->last_file, o->last_line);
    else
        snprintf(buf, n, "no assertion was reached");
}

/* The in-process test running now (--no-fork), for on_test_exit. */
static hn__isolate *here_pool;
static slot *here_slot;

static void on_test_exit(int status, void *arg)
{
    (void)arg;
    hn__isolate *p = here_pool;
    slot *s = here_slot;
    if (!p || !s)
        return;
    here_slot = NULL;
    fflush(NULL);
    hn__result *r = hn__result_new(s->in, s->iteration);
    char at[512], msg[1024];
    where(at, sizeof at, s->o);
    r->status = HN__FAILED;
    r->exit_code = status;
    snprintf(msg, sizeof msg,
             "the test called exit(%d) in --no-fork mode, which ends the run; %s", status, at);
    hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    hn__result_from_outcome(r, s->o, p->opts->strict);
    if (p->exit_fn)
        p->exit_fn(r, p->exit_data);
    fflush(NULL);
    _exit(1);
}

void hn__isolate_on_exit(hn__isolate *p, void (*fn)(hn__result *r, void *data), void *data)
{
    p->exit_fn = fn;
    p->exit_data = data;
}

/* --no-fork: the test runs here; a timeout interrupts it from SIGALRM. */
static void run_here(hn__isolate *p, slot *s)
{
    struct itimerval t = {{0, 0}, {s->timeout_ms / 1000, (s->timeout_ms % 1000) * 1000}};
    struct sigaction sa = {0}, old;
    hn__outcome_reset(s->o);
    fflush(NULL);
    sigprocmask(SIG_SETMASK, &p->old_mask, NULL);
    s->start_ns = hn__timing_now_ns();
    if (s->timeout_ms) {
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, &old);
        setitimer(ITIMER_REAL, &t, NULL);
    }
    static int hooked;
    if (!hooked++)
        on_exit(on_test_exit, NULL);
    here_pool = p;
    here_slot = s;
    hn__exec_test(s->in, s->o, p->opts);
    here_slot = NULL;
    if (s->timeout_ms) {
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
        sigaction(SIGALRM, &old, NULL);
    }
    sigprocmask(SIG_BLOCK, &p->chld, NULL);
    fflush(NULL);
    hn__result *r = hn__result_new(s->in, s->iteration);
    r->duration_ns = hn__timing_now_ns() - s->start_ns;
    if (s->o->timed_out_soft) {
        char at[512], msg[1024];
        where(at, sizeof at, s->o);
        r->status = HN__TIMED_OUT;
        snprintf(msg, sizeof msg, "timed out after %d ms (interrupted in-process); %s",
                 s->timeout_ms, at);
        hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    }
    hn__result_from_outcome(r, s->o, p->opts->strict);
    s->done = r;
}

void hn__isolate_start(hn__isolate *p, const hn__instance *in, int iteration, int timeout_ms)
{
    slot *s = NULL;
    for (int i = 0; i < p->nslots && !s; i++)
        if (!p->slots[i].busy)
            s = &p->slots[i];
    if (!s)
        return;
    s->busy = 1;
    s->in = in;
    s->iteration = iteration;
    s->timeout_ms = timeout_ms;
    s->timed_out = 0;
    s->done = NULL;
    if (p->opts->no_fork && !must_fork(in))
        run_here(p, s);
    else
        start_forked(p, s);
}

static void read_output(slot *s, hn__result *r)
{
    struct stat st;
    if (fstat(s->memfd, &st) != 0 || st.st_size <= 0)
        return;
    size_t n = (size_t)st.st_size < OUTPUT_SHOWN ? (size_t)st.st_size : OUTPUT_SHOWN;
    r->output = malloc(n + 1);
    if (!r->output)
        return;
    ssize_t got = pread(s->memfd, r->output, n, 0);
    r->output_len = got > 0 ? (size_t)got : 0;
    r->output[r->output_len] = '\0';
    if ((size_t)st.st_size > n)
        hn__result_msg(r, HN__EV_WARN, NULL, 0, "output truncated to the first 1 MiB");
}

/* Decides the status from how the child ended; leaves it unset (-1) when
 * the test's own record decides. */
static void judge(slot *s, int status, hn__result *r)
{
    const hn_test_opts *t = &s->in->test->opts;
    const char *file = s->in->test->file;
    int line = s->in->test->line;
    char at[512], msg[1024];
    where(at, sizeof at, s->o);
    if (s->timed_out) {
        r->status = HN__TIMED_OUT;
        snprintf(msg, sizeof msg, "timed out after %d ms; %s", s->timeout_ms, at);
        hn__result_msg(r, HN__EV_FAIL, file, line, msg);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        r->signal = sig;
        if (t->expect_signal == sig) {
            s->o->asserts++;
            return;
        }
        r->status = HN__CRASHED;
        if (t->expect_signal)
            snprintf(msg, sizeof msg, "crashed with %s (%s), expected %s; %s",
                     hn__signal_name(sig), strsignal(sig),
                     hn__signal_name(t->expect_signal), at);
        else
            snprintf(msg, sizeof msg, "crashed with %s (%s); %s", hn__signal_name(sig),
                     strsignal(sig), at);
        hn__result_msg(r, HN__EV_FAIL, file, line, msg);
    } else if (WIFEXITED(status)) {
        int code = WEXITSTATUS(status);
        if (s->o->done) {
            if (!t->expect_signal && !t->expect_exit)
                return;
            r->status = HN__FAILED;
            if (t->expect_signal)
                snprintf(msg, sizeof msg, "expected the test to die of %s, but it returned",
                         hn__signal_name(t->expect_signal));
            else
                snprintf(msg, sizeof msg, "expected the test to exit with status %d, but it returned",
                         t->expect_exit);
            hn__result_msg(r, HN__EV_FAIL, file, line, msg);
            return;
        }
        r->exit_code = code;
        if (t->expect_exit && code == t->expect_exit) {
            s->o->asserts++;
            return;
        }
        if (code == HN__EXIT_ABORTED && s->o->failed)
            return;
        r->status = HN__FAILED;
        snprintf(msg, sizeof msg, "the test exited with status %d before it ended%s; %s", code,
                 t->expect_exit ? " (expected another status)" : "", at);
        hn__result_msg(r, HN__EV_FAIL, file, line, msg);
    }
}

static hn__result *finish(hn__isolate *p, slot *s, int status)
{
    hn__result *r = hn__result_new(s->in, s->iteration);
    r->duration_ns = hn__timing_now_ns() - s->start_ns;
    kill(-s->pid, SIGKILL); /* processes the test left behind */
    read_output(s, r);
    judge(s, status, r);
    hn__result_from_outcome(r, s->o, p->opts->strict);
    s->busy = 0;
    s->pid = 0;
    return r;
}

static hn__result *fork_failed(slot *s)
{
    hn__result *r = hn__result_new(s->in, s->iteration);
    r->status = HN__FAILED;
    hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, strerror(errno));
    s->busy = 0;
    return r;
}

/* Reaps one finished child among the busy slots, if any. */
static hn__result *reap(hn__isolate *p)
{
    for (int i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (!s->busy)
            continue;
        if (s->done) {
            hn__result *r = s->done;
            s->done = NULL;
            s->busy = 0;
            return r;
        }
        if (s->pid < 0)
            return fork_failed(s);
        int status;
        pid_t got = waitpid(s->pid, &status, WNOHANG);
        if (got == s->pid)
            return finish(p, s, status);
    }
    return NULL;
}

/* Kills the tests past their deadline; returns ns until the next deadline,
 * or UINT64_MAX when none. */
static uint64_t enforce_deadlines(hn__isolate *p)
{
    uint64_t now = hn__timing_now_ns(), next = UINT64_MAX;
    for (int i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (!s->busy || !s->deadline_ns || s->timed_out || s->pid <= 0)
            continue;
        if (now >= s->deadline_ns) {
            s->timed_out = 1;
            kill(-s->pid, SIGKILL);
            kill(s->pid, SIGKILL);
        } else if (s->deadline_ns - now < next) {
            next = s->deadline_ns - now;
        }
    }
    return next;
}

hn__result *hn__isolate_wait(hn__isolate *p)
{
    if (hn__isolate_idle(p) == p->nslots)
        return NULL;
    for (;;) {
        hn__result *r = reap(p);
        if (r)
            return r;
        uint64_t wait_ns = enforce_deadlines(p);
        if (wait_ns == UINT64_MAX) {
            sigwaitinfo(&p->chld, NULL);
        } else {
            struct timespec ts = {(time_t)(wait_ns / 1000000000u), (long)(wait_ns % 1000000000u)};
            sigtimedwait(&p->chld, NULL, &ts);
        }
    }
}

void hn__isolate_kill_all(hn__isolate *p)
{
    for (int i = 0; p && i < p->nslots; i++)
        if (p->slots[i].busy && p->slots[i].pid > 0)
            kill(-p->slots[i].pid, SIGKILL);
}

void hn__isolate_free(hn__isolate *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nslots; i++) {
        hn__outcome_free(p->slots[i].o);
        if (p->slots[i].memfd > 0)
            close(p->slots[i].memfd);
    }
    if (p->devnull >= 0)
        close(p->devnull);
    sigprocmask(SIG_SETMASK, &p->old_mask, NULL);
    free(p);
}
