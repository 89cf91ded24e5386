/* SPDX-License-Identifier: MIT */
/* dummy.c: HN_DUMMY values: guard-page slots that name the dummy a faulting
 * address belongs to, and the SIGSEGV handler that reports the use. */
#include <honest/dummy.h>

#include <errno.h>
#include <execinfo.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "base/buf.h"
#include "core/audit.h"
#include "core/context.h"
#include "core/module.h"
#include "doubles/dummy_impl.h"

/* Each dummy owns a slot of SLOT_PAGES pages, all PROT_NONE; its pointer is
 * the start of the slot's second page, so offsets from -1 page to +3 pages
 * are attributed to it. Slots come in regions reserved on demand; after
 * MAX_REGIONS regions the slots are reused from the first. */
enum { SLOT_PAGES = 4, SLOTS_PER_REGION = 1024, MAX_REGIONS = 64 };

/* __builtin_classify_type results we treat specially (GCC's typeclass.h). */
enum { CLASS_BOOL = -1, CLASS_POINTER = 5, CLASS_REAL = 8, CLASS_RECORD = 12,
       CLASS_UNION = 13 };

typedef struct slot {
    const hn__dummy_site *site; /* NULL: never handed out */
    uint64_t generation;        /* the test that made it (see reset_dummies) */
} slot;

typedef struct region {
    char *base;
    slot slots[SLOTS_PER_REGION];
} region;

static region *regions[MAX_REGIONS]; /* published with release stores */
static size_t page_size, slot_size;
static size_t next_slot; /* under lock: region * SLOTS_PER_REGION + slot */
static uint64_t generation = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction previous; /* the SIGSEGV disposition we replaced */

static void on_segv(int sig, siginfo_t *si, void *uc);

/* Makes sure our handler is the current one. The runner or the code under
 * test may install their own between tests; we chain to whatever we replace. */
static void install_handler(void)
{
    /* A dummy used on a thread the code under test started ends that thread
     * from the handler (pthread_exit), whose unwinder glibc loads on first
     * use (dlopen: not async-signal-safe). backtrace loads the same one,
     * here, in normal context. */
    static int unwinder_loaded;
    if (!__atomic_exchange_n(&unwinder_loaded, 1, __ATOMIC_RELAXED)) {
        void *frame[1];
        backtrace(frame, 1);
    }
    struct sigaction now, ours;
    if (sigaction(SIGSEGV, NULL, &now) == 0 && (now.sa_flags & SA_SIGINFO) &&
        now.sa_sigaction == on_segv)
        return;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = on_segv;
    sigemptyset(&ours.sa_mask);
    /* SA_NODEFER: the runner leaves the handler with siglongjmp without
     * restoring the mask, and a blocked SIGSEGV would kill the next test. */
    ours.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigaction(SIGSEGV, &ours, &previous);
}

/* Reserves region r. Called under lock. Returns 0 or an errno value. */
static int reserve_region(size_t r)
{
    if (regions[r])
        return 0;
    if (!page_size) {
        page_size = (size_t)sysconf(_SC_PAGESIZE);
        slot_size = page_size * SLOT_PAGES;
    }
    region *g = mmap(NULL, sizeof *g, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (g == MAP_FAILED)
        return errno;
    g->base = mmap(NULL, slot_size * SLOTS_PER_REGION, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (g->base == MAP_FAILED) {
        int e = errno;
        munmap(g, sizeof *g);
        return e;
    }
    __atomic_store_n(&regions[r], g, __ATOMIC_RELEASE);
    return 0;
}

/* Hands out a fresh slot for site and returns its guard address, or NULL
 * with *err set when no region could be reserved. */
static char *take_slot(const hn__dummy_site *site, int *err)
{
    pthread_mutex_lock(&lock);
    size_t n = next_slot++ % ((size_t)MAX_REGIONS * SLOTS_PER_REGION);
    size_t r = n / SLOTS_PER_REGION, s = n % SLOTS_PER_REGION;
    *err = reserve_region(r);
    char *p = NULL;
    if (!*err) {
        slot *sl = &regions[r]->slots[s];
        sl->site = site;
        sl->generation = __atomic_load_n(&generation, __ATOMIC_RELAXED);
        p = regions[r]->base + s * slot_size + page_size;
    }
    pthread_mutex_unlock(&lock);
    return p;
}

static void fill_bytes(void *out, size_t size)
{
    memset(out, 0xDD, size);
}

static void fill_real(void *out, size_t size)
{
    float f = nanf("0xdd");
    double d = nan("0xdd");
    long double l = nanl("0xdd");
    if (size == sizeof f)
        memcpy(out, &f, size);
    else if (size == sizeof d)
        memcpy(out, &d, size);
    else if (size == sizeof l)
        memcpy(out, &l, size);
    else
        fill_bytes(out, size);
}

/* Struct and union dummies: every pointer-sized word holds the guard address,
 * so that a pointer field followed by the code under test names the dummy. */
static void fill_record(void *out, size_t size, char *guard)
{
    size_t words = size / sizeof guard;
    for (size_t i = 0; i < words; i++)
        memcpy((char *)out + i * sizeof guard, &guard, sizeof guard);
    fill_bytes((char *)out + words * sizeof guard, size - words * sizeof guard);
}

void hn__dummy_make(const hn__dummy_site *site, void *out, size_t size, int klass)
{
    hn__ctx_stat(HN__STAT_DUMMY, 1);
    if (hn__audit_file()) {
        hn__buf b = {0};
        hn__buf_puts(&b, "\"name\":");
        hn__buf_quote_json(&b, site->name);
        hn__buf_puts(&b, ",\"at\":\"");
        hn__buf_escape_json(&b, site->file, strlen(site->file));
        hn__buf_printf(&b, ":%d\"", site->line);
        hn__audit_emit("dummy", &b);
        hn__buf_free(&b);
    }
    if (klass == CLASS_REAL) {
        fill_real(out, size);
        return;
    }
    if (klass == CLASS_BOOL) {
        memset(out, 0, size);
        *(unsigned char *)out = 1;
        return;
    }
    if (klass != CLASS_POINTER && klass != CLASS_RECORD && klass != CLASS_UNION) {
        fill_bytes(out, size);
        return;
    }
    int err = 0;
    char *guard = take_slot(site, &err);
    if (!guard) {
        fill_bytes(out, size);
        hn__ctx_fail(1, site->file, site->line,
                     "cannot reserve a guard page for dummy '%s': %s", site->name,
                     strerror(err));
        return;
    }
    /* What the handler will need to name the function that uses the dummy
     * (it may not call dladdr). */
    hn__dummy_syms_refresh();
    install_handler();
    if (klass == CLASS_POINTER && size == sizeof guard)
        memcpy(out, &guard, size);
    else
        fill_record(out, size, guard);
}

/* The slot that holds addr, or NULL when addr is not in a dummy region. */
static const slot *find_slot(uintptr_t addr, ptrdiff_t *offset)
{
    for (size_t r = 0; r < MAX_REGIONS; r++) {
        region *g = __atomic_load_n(&regions[r], __ATOMIC_ACQUIRE);
        if (!g)
            break;
        uintptr_t base = (uintptr_t)g->base;
        if (addr < base || addr >= base + slot_size * SLOTS_PER_REGION)
            continue;
        size_t s = (addr - base) / slot_size;
        *offset = (ptrdiff_t)(addr - (base + s * slot_size + page_size));
        return &g->slots[s];
    }
    return NULL;
}

/* The file name of path (async-signal-safe). */
static const char *base_name(const char *path)
{
    const char *name = path;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            name = p + 1;
    return name;
}

/* What the faulting instruction did, and in which function, as far as the
 * machine context tells. how: "read", "written", "called" or "touched".
 * Async-signal-safe: the function's name comes from the table gathered when
 * the dummy was made (dummy_syms.c). */
static void describe(const siginfo_t *si, void *ucv, const char **how,
                     const char **where)
{
    void *code = NULL;
    *how = "touched";
    *where = NULL;
#if defined(__x86_64__)
    ucontext_t *uc = ucv;
    void *pc = (void *)uc->uc_mcontext.gregs[REG_RIP];
    if (pc == si->si_addr) {
        *how = "called";
        code = *(void **)uc->uc_mcontext.gregs[REG_RSP]; /* return address */
    } else {
        *how = (uc->uc_mcontext.gregs[REG_ERR] & 2) ? "written" : "read";
        code = pc;
    }
#elif defined(__aarch64__)
    ucontext_t *uc = ucv;
    void *pc = (void *)uc->uc_mcontext.pc;
    if (pc == si->si_addr) {
        *how = "called";
        code = (void *)uc->uc_mcontext.regs[30]; /* link register */
    } else {
        code = pc;
    }
#else
    (void)si;
    (void)ucv;
#endif
    if (code)
        *where = hn__dummy_syms_find((uintptr_t)code);
}

/* A bounded text built without the C library's formatting (which is not
 * async-signal-safe). */
typedef struct text {
    char s[1024];
    size_t n;
} text;

static void put(text *t, const char *s)
{
    while (s && *s && t->n < sizeof t->s - 1)
        t->s[t->n++] = *s++;
}

static void put_int(text *t, long long v)
{
    char digits[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
    do
        digits[n++] = (char)('0' + u % 10);
    while ((u /= 10) && n < (int)sizeof digits);
    if (v < 0)
        put(t, "-");
    while (n > 0 && t->n < sizeof t->s - 1)
        t->s[t->n++] = digits[--n];
}

/* Hands a fault that is not a dummy's to the disposition we replaced. */
static void chain(int sig, siginfo_t *si, void *uc)
{
    if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
        previous.sa_sigaction(sig, si, uc);
        return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(sig);
        return;
    }
    /* Default action: returning re-runs the faulting instruction, which now
     * kills the process as SIGSEGV; a sent signal is sent again. */
    signal(SIGSEGV, SIG_DFL);
    if (si->si_code <= 0)
        raise(sig);
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    int saved = errno;
    ptrdiff_t offset = 0;
    const slot *sl = find_slot((uintptr_t)si->si_addr, &offset);
    if (!sl || si->si_code <= 0) {
        chain(sig, si, uc);
        errno = saved;
        return;
    }
    const char *how, *where;
    describe(si, uc, &how, &where);
    int called = how[0] == 'c';
    const hn__dummy_site *site = sl->site;
    /* "dummy 'T' (file.c:N[, made by an earlier test]) was used: HOW
     * [at offset K][ in|from FUNCTION]" */
    text t = {.n = 0};
    put(&t, "dummy '");
    put(&t, site ? site->name : "?");
    put(&t, "' (");
    put(&t, site ? base_name(site->file) : "?");
    put(&t, ":");
    put_int(&t, site ? site->line : 0);
    if (sl->generation != __atomic_load_n(&generation, __ATOMIC_RELAXED))
        put(&t, ", made by an earlier test");
    put(&t, ") was used: ");
    put(&t, how);
    if (!called) {
        put(&t, " at offset ");
        put_int(&t, (long long)offset);
    }
    if (where) {
        put(&t, called ? " from " : " in ");
        put(&t, where);
    }
    t.s[t.n] = '\0';
    hn__ctx_fail_raw(site ? site->file : NULL, site ? site->line : 0, t.s, t.n);
    /* On the test's thread this ends the test; on another thread that the
     * code under test started, like any fatal failure there, the failure
     * stays recorded and that thread ends. */
    hn__ctx_stop();
}

/* Before each test: dummies of earlier tests are told apart from new ones. */
static void reset_dummies(void)
{
    __atomic_add_fetch(&generation, 1, __ATOMIC_RELAXED);
}

static hn__module dummy_module = {"dummy", reset_dummies, NULL, NULL, NULL};

__attribute__((constructor)) static void register_dummy_module(void)
{
    hn__module_register(&dummy_module);
}
