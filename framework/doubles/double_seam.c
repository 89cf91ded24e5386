/* SPDX-License-Identifier: MIT */
/* double_seam.c: the seams' run-time side: finding the real function behind a
 * double, and watching it so that a call bypassing the double is reported. */
#include "doubles/double_impl.h"

#include <dlfcn.h>
#include <link.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "base/platform.h"
#include "base/sys.h"
#include "core/context.h"

static void *obj(hn__vfn f)
{
    void *p;
    memcpy(&p, &f, sizeof p);
    return p;
}

static hn__vfn fn_of(void *p)
{
    hn__vfn f;
    memcpy(&f, &p, sizeof f);
    return f;
}

/* ---- Finding the real function. ---- */

struct search {
    const char *name;
    void *own;
    void *found;
};

static int search_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct search *s = data;
    if (!info->dlpi_name || !info->dlpi_name[0])
        return 0; /* the program itself: searched already */
    void *h = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
    if (!h)
        return 0;
    void *p = dlsym(h, s->name);
    dlclose(h);
    if (p && p != s->own) {
        s->found = p;
        return 1;
    }
    return 0;
}

hn__vfn hn__seam_real(hn__double *d)
{
    hn__vfn have = __atomic_load_n(&d->real, __ATOMIC_ACQUIRE);
    if (have || (d->flags & HN__DF_FN))
        return have;
    hn__dstate *st = d->st;
    void *own = obj(st->fwd);
    void *p = NULL;
    if (st->real_link && st->real_link != st->fwd) {
        p = obj(st->real_link); /* --wrap: __real_fn is the program's fn */
    } else {
        hn__double_bypass++;
        p = dlsym(RTLD_DEFAULT, d->name);
        if (p == own)
            p = NULL;
        if (!p) {
            p = dlsym(RTLD_NEXT, d->name);
            if (p == own)
                p = NULL;
        }
        if (!p) {
            struct search s = {d->name, own, NULL};
            dl_iterate_phdr(search_object, &s);
            p = s.found;
        }
        hn__double_bypass--;
    }
    if (p)
        __atomic_store_n(&d->real, fn_of(p), __ATOMIC_RELEASE);
    return fn_of(p);
}

/* ---- Watching the real function (x86-64 Linux). ----
 * While a configured double exists, the first byte of its real function is
 * an int3. The SIGTRAP handler tells the double's own call-through (flagged
 * per thread) from a call that bypassed the double, counts the latter, puts
 * the original byte back, single-steps one instruction (EFLAGS.TF) and
 * re-arms, one thread at a time per function. Functions of system libraries
 * are not watched. */

#if HN__PLATFORM_SEAM_WATCH

#define MAX_WATCHED 128

typedef struct watched {
    unsigned char *at;
    unsigned char orig;
    int busy; /* a thread is stepping over the original instruction */
    hn__double *d;
} watched;

static watched list[MAX_WATCHED];
static int nlist;
static int state; /* 0: not decided, 1: on, -1: off */
static struct sigaction old_trap;
static __attribute__((tls_model("initial-exec"))) _Thread_local watched *stepping;
static __attribute__((tls_model("initial-exec"))) _Thread_local unsigned char *through;

static watched *find(const unsigned char *at)
{
    for (int i = 0; i < nlist; i++)
        if (list[i].at == at)
            return &list[i];
    return NULL;
}

static void chain(int sig, siginfo_t *si, void *ctx)
{
    if ((old_trap.sa_flags & SA_SIGINFO) && old_trap.sa_sigaction) {
        old_trap.sa_sigaction(sig, si, ctx);
    } else if (old_trap.sa_handler == SIG_IGN) {
        return;
    } else if (old_trap.sa_handler != SIG_DFL) {
        old_trap.sa_handler(sig);
    } else {
        signal(sig, SIG_DFL);
        raise(sig); /* delivered when this handler returns */
    }
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    if (stepping) { /* the original instruction ran: arm again */
        __atomic_store_n(stepping->at, 0xCC, __ATOMIC_RELAXED);
        g[REG_EFL] &= ~(greg_t)0x100;
        __atomic_store_n(&stepping->busy, 0, __ATOMIC_RELEASE);
        stepping = NULL;
        return;
    }
    unsigned char *pc = (unsigned char *)g[REG_RIP] - 1;
    watched *w = find(pc);
    if (!w) {
        chain(sig, si, ctx);
        return;
    }
    if (through == pc) {
        through = NULL;
    } else {
        hn__dstate *st = w->d->st;
        if (__atomic_fetch_add(&st->misses, 1, __ATOMIC_RELAXED) == 0)
            st->miss_from = *(void **)g[REG_RSP]; /* the caller's return address */
    }
    /* One thread at a time puts the original byte back and steps over it;
     * others wait here, so none can re-arm under a thread about to step. */
    while (__atomic_exchange_n(&w->busy, 1, __ATOMIC_ACQUIRE))
        sched_yield();
    __atomic_store_n(pc, w->orig, __ATOMIC_RELAXED);
    g[REG_RIP] = (greg_t)pc;
    g[REG_EFL] |= 0x100;
    stepping = w;
}

static int traced(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int pid = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "TracerPid: %d", &pid) == 1)
            break;
    fclose(f);
    return pid != 0;
}

/* ThreadSanitizer (like a debugger or valgrind) does not live with code
 * pages patched under it: known when the library is built with it, or when
 * its runtime is in the process. */
#if defined(__SANITIZE_THREAD__)
#define HN__TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HN__TSAN 1
#endif
#endif
#ifndef HN__TSAN
#define HN__TSAN 0
#endif
extern void __tsan_init(void) __attribute__((weak));

static int enabled(void)
{
    if (state)
        return state > 0;
    const char *env = getenv("HN_SEAM_WATCH");
    const char *preload = getenv("LD_PRELOAD");
    state = -1;
    if ((env && strcmp(env, "0") == 0) || traced())
        return 0; /* a debugger owns SIGTRAP */
    if (HN__TSAN || __tsan_init)
        return 0; /* ThreadSanitizer */
    if (preload && strstr(preload, "vgpreload"))
        return 0; /* valgrind translates code: patches would not be seen */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTRAP, &sa, &old_trap) == 0)
        state = 1;
    return state > 0;
}

/* Functions of the C library and other system libraries are not watched:
 * their internal calls are not seam misses of the code under test. */
static int system_object(const char *path)
{
    static const char *const dirs[] = {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/",
                                       "/usr/libexec/"};
    if (!path || strstr(path, "linux-vdso") || strstr(path, "ld-linux"))
        return 1;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
            return 1;
    return 0;
}

static int patch(unsigned char *at, hn__double *d)
{
    long page = sysconf(_SC_PAGESIZE);
    void *start = (void *)((uintptr_t)at & ~(uintptr_t)(page - 1));
    if (nlist == MAX_WATCHED ||
        mprotect(start, (size_t)page, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
        return -1;
    list[nlist] = (watched){at, *at, 0, d};
    nlist++;
    __atomic_store_n(at, 0xCC, __ATOMIC_RELEASE);
    return 0;
}

void hn__seam_watch(hn__double *d)
{
    hn__dstate *st = d->st;
    if (st->armed || (d->flags & HN__DF_FN))
        return;
    st->armed = 1;
    if (!enabled())
        return;
    hn__vfn real = hn__seam_real(d);
    unsigned char *at = obj(real);
    Dl_info info;
    if (!at || !dladdr(at, &info) || system_object(info.dli_fname))
        return;
    if (find(at) || patch(at, d) == 0)
        st->armed = 2;
}

void hn__seam_through(hn__double *d)
{
    if (d->st->armed == 2)
        through = obj(d->real);
}

HN__TEST_PATH void hn__seam_unwatch_all(void)
{
    if (!nlist && !through && !stepping)
        return; /* nothing watched: nothing to write, no call to make */
    long page = sysconf(_SC_PAGESIZE);
    for (int i = nlist - 1; i >= 0; i--)
        __atomic_store_n(list[i].at, list[i].orig, __ATOMIC_RELEASE);
    for (int i = 0; i < nlist; i++) {
        void *start = (void *)((uintptr_t)list[i].at & ~(uintptr_t)(page - 1));
        mprotect(start, (size_t)page, PROT_READ | PROT_EXEC);
    }
    nlist = 0;
    through = NULL;
    stepping = NULL;
}

#else /* no watch on this platform: seam misses go unreported */

void hn__seam_watch(hn__double *d)
{
    d->st->armed = 1;
}

void hn__seam_through(hn__double *d)
{
    (void)d;
}

HN__TEST_PATH void hn__seam_unwatch_all(void)
{
}

#endif

/* Defined (as an absolute symbol) by honest_add_test's link options: the
 * program was linked by it, so the advice names what it reads. */
extern const char hn__linked_by_honest_add_test __attribute__((weak));

/* Why a program can have no link seam for fn, and what to do, for a program
 * linked by honest_add_test and for one linked by hand. */
static void no_link_seam(hn__buf *b, const char *fn)
{
    hn__buf_printf(b, " No call reached the double, and the program was linked without "
                   "-Wl,--wrap=%s.", fn);
    if (&hn__linked_by_honest_add_test)
        hn__buf_printf(b, " honest_add_test wraps the functions of the HN_DOUBLE lines it "
                       "finds in the test's SOURCES and in the project headers they "
                       "include (next to the file, or in an include directory of the test "
                       "or of a LINK target); it found none for %s: declare the double "
                       "there, written out (not produced by a macro of your own).", fn);
    else
        hn__buf_printf(b, " Link it with the flags `honest-config --wrap-flags` prints "
                       "for the test's sources, or build it with honest_add_test.");
}

void hn__seam_verify(hn__double *d)
{
    const hn__dstate *st = d->st;
    size_t misses = __atomic_load_n(&st->misses, __ATOMIC_RELAXED);
    if (!misses)
        return;
    hn__buf b = {0};
    Dl_info info;
    hn__buf_printf(&b, "seam miss: %s(%s) configured a double of %s here, but the "
                   "real %s ran %zu time%s without passing through the double",
                   st->cfg_macro ? st->cfg_macro : "a double", d->name, d->name,
                   d->name, misses, misses == 1 ? "" : "s");
    if (st->miss_from && dladdr(st->miss_from, &info) && info.dli_sname)
        hn__buf_printf(&b, ", called from %s+0x%lx (%s)", info.dli_sname,
                       (unsigned long)((char *)st->miss_from - (char *)info.dli_saddr),
                       info.dli_fname ? info.dli_fname : "?");
    else if (st->miss_from)
        hn__buf_printf(&b, ", called from %p", st->miss_from);
    hn__buf_puts(&b, ".");
    if (!st->real_link && __atomic_load_n(&d->calls, __ATOMIC_RELAXED) == 0) {
        no_link_seam(&b, d->name);
        hn__buf_puts(&b, " (docs/doubles.md, \"Seams\")");
    } else {
        hn__buf_printf(&b, " The seam cannot reach this call: a call inside the object "
                       "file (or shared library) that defines %s goes straight to it. "
                       "Move the function to its own file, double a function it calls "
                       "instead, or test it for real (docs/doubles.md, \"Seams\").",
                       d->name);
    }
    hn__ctx_fail(0, st->cfg_file, st->cfg_line, "%s", hn__buf_str(&b));
    hn__buf_free(&b);
}
