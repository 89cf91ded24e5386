/* SPDX-License-Identifier: MIT */
/* cmocka_mock.c: cmocka's queues as honest doubles: will_return/mock values,
 * expect_* and check_expected parameter checks and expect_function_call order.
 * The runner empties them before every test and, after it, fails the test
 * for every value left (naming the function and where it was queued) and
 * counts each function as a stub (values) or a mock (expectations). */
#include <honest/cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "compat/cmocka_impl.h"
#include "core/audit.h"
#include "core/context.h"
#include "core/module.h"
#include "core/outcome.h"
#include "base/sys.h"
#include "fixtures/fixtures.h"

/* One queued item: a value, a parameter check or an expected call. count is
 * what is left (> 0), or WILL_RETURN_ALWAYS / WILL_RETURN_ONCE (maybe). */
typedef struct item {
    struct item *next;
    const char *fn;
    const char *param;  /* checks only */
    const char *file;
    int line;
    int count;
    int used;
    int kind;           /* HN__CM_* for checks */
    LargestIntegralType a, b;
    void *data;         /* owned copy: string, memory, set */
    const char *literal; /* will_return's value as written, for --audit */
    size_t n;
    CheckParameterValue check;
} item;

typedef struct queue {
    item *first, *last;
} queue;

static queue values, checks, calls;

static item *push(queue *q, const char *fn, const char *file, int line, int count)
{
    item *it = calloc(1, sizeof *it);
    if (!it)
        abort();
    it->fn = fn;
    it->file = file;
    it->line = line;
    it->count = count;
    if (q->last)
        q->last->next = it;
    else
        q->first = it;
    q->last = it;
    return it;
}

static int live(const item *it)
{
    return it->count != 0;
}

/* Takes one use of it: a counted item runs out, an always/maybe one stays. */
static void use(item *it)
{
    it->used++;
    if (it->count > 0)
        it->count--;
}

static void need_count(const char *macro, const char *fn, const char *file, int line,
                       int count)
{
    if (count == 0 || count < WILL_RETURN_ONCE)
        hn__ctx_fail(1, file, line,
                     "%s(%s) with count %d: give a count of at least 1, or "
                     "WILL_RETURN_ALWAYS (-1) or WILL_RETURN_ONCE (-2)",
                     macro, fn, count);
}

void hn__cm_will_return(const char *function, const char *file, int line,
                        LargestIntegralType value, int count, const char *literal)
{
    need_count("will_return", function, file, line, count);
    item *it = push(&values, function, file, line, count);
    it->a = value;
    it->literal = literal;
}

LargestIntegralType hn__cm_mock(const char *function, const char *file, int line)
{
    hn__ctx_count(file, line);
    for (item *it = values.first; it; it = it->next) {
        if (!live(it) || strcmp(it->fn, function) != 0)
            continue;
        use(it);
        return it->a;
    }
    hn__ctx_fail(1, file, line,
                 "mock() in %s(): no value is queued for %s; queue one with "
                 "will_return(%s, value) in the test before calling the code",
                 function, function, function);
    return 0;
}

/* ---- Parameter checks. ---- */

static void *copy(const void *p, size_t n)
{
    void *c = malloc(n ? n : 1);
    if (!c)
        abort();
    if (n)
        memcpy(c, p, n);
    return c;
}

void hn__cm_expect(const char *function, const char *parameter, const char *file, int line,
                   int kind, LargestIntegralType a, LargestIntegralType b, const void *p,
                   size_t n, CheckParameterValue check, int count)
{
    need_count("expect", function, file, line, count);
    item *it = push(&checks, function, file, line, count);
    it->param = parameter;
    it->kind = kind;
    it->a = a;
    it->b = b;
    it->check = check;
    it->n = n;
    if (kind == HN__CM_STRING || kind == HN__CM_NOT_STRING)
        it->data = copy(p, strlen(p) + 1);
    else if (kind == HN__CM_MEMORY || kind == HN__CM_NOT_MEMORY)
        it->data = copy(p, n);
    else if (kind == HN__CM_IN_SET || kind == HN__CM_NOT_IN_SET)
        it->data = copy(p, n * sizeof(LargestIntegralType));
}

static int in_set(const item *it, LargestIntegralType v)
{
    const LargestIntegralType *set = it->data;
    for (size_t i = 0; i < it->n; i++)
        if (set[i] == v)
            return 1;
    return 0;
}

static void describe_set(hn__buf *b, const item *it)
{
    const LargestIntegralType *set = it->data;
    hn__buf_puts(b, "{");
    for (size_t i = 0; i < it->n; i++)
        hn__buf_printf(b, "%s%ju", i ? ", " : "", (uintmax_t)set[i]);
    hn__buf_puts(b, "}");
}

/* 1 when v passes the check; else 0 with what was wrong in b. */
static int passes(const item *it, LargestIntegralType v, hn__buf *b)
{
    const char *s = (const char *)(uintptr_t)v;
    switch (it->kind) {
    case HN__CM_VALUE:
        if (v == it->a)
            return 1;
        hn__buf_printf(b, "%ju (%#jx) != %ju (%#jx)", (uintmax_t)v, (uintmax_t)v,
                       (uintmax_t)it->a, (uintmax_t)it->a);
        return 0;
    case HN__CM_NOT_VALUE:
        if (v != it->a)
            return 1;
        hn__buf_printf(b, "%ju is the value it must not be", (uintmax_t)v);
        return 0;
    case HN__CM_STRING:
    case HN__CM_NOT_STRING: {
        int same = s && strcmp(s, it->data) == 0;
        if (same == (it->kind == HN__CM_STRING))
            return 1;
        hn__buf_printf(b, "\"%s\" %s \"%s\"", s ? s : "(null)", same ? "==" : "!=",
                       (const char *)it->data);
        return 0;
    }
    case HN__CM_MEMORY:
    case HN__CM_NOT_MEMORY: {
        int same = s && memcmp(s, it->data, it->n) == 0;
        if (same == (it->kind == HN__CM_MEMORY))
            return 1;
        hn__buf_printf(b, "the %zu bytes at %p %s the expected ones", it->n, (void *)s,
                       same ? "equal" : "differ from");
        return 0;
    }
    case HN__CM_IN_RANGE:
    case HN__CM_NOT_IN_RANGE: {
        int inside = v >= it->a && v <= it->b;
        if (inside == (it->kind == HN__CM_IN_RANGE))
            return 1;
        hn__buf_printf(b, "%ju is %s the range [%ju, %ju]", (uintmax_t)v,
                       inside ? "inside" : "outside", (uintmax_t)it->a, (uintmax_t)it->b);
        return 0;
    }
    case HN__CM_IN_SET:
    case HN__CM_NOT_IN_SET: {
        int inside = in_set(it, v);
        if (inside == (it->kind == HN__CM_IN_SET))
            return 1;
        hn__buf_printf(b, "%ju is %s the set ", (uintmax_t)v, inside ? "in" : "not in");
        describe_set(b, it);
        return 0;
    }
    case HN__CM_CHECK:
        if (it->check(v, it->a))
            return 1;
        hn__buf_printf(b, "the check function refused %ju (%#jx)", (uintmax_t)v, (uintmax_t)v);
        return 0;
    default:
        return 1; /* HN__CM_ANY */
    }
}

/* --audit: the parameters each mocked function's check_expected saw in its
 * first call of the test, in the order checked (`honest migrate` fills
 * {1}, {2}... of an endpoint's URL with them). A parameter seen again
 * starts the second call: nothing more is kept for that function. */
typedef struct seen_arg {
    struct seen_arg *next;
    const char *fn, *param;
    char *text;
    int closed; /* the function's first call is over */
} seen_arg;
static seen_arg *seen_args;

static void keep_arg(const char *fn, const char *param, const item *it, LargestIntegralType v)
{
    seen_arg **end = &seen_args;
    for (; *end; end = &(*end)->next)
        if (!strcmp((*end)->fn, fn) && ((*end)->closed || !strcmp((*end)->param, param))) {
            (*end)->closed = 1;
            return;
        }
    seen_arg *a = calloc(1, sizeof *a);
    hn__buf b = {0};
    if (!a)
        abort();
    if (it->kind == HN__CM_STRING || it->kind == HN__CM_NOT_STRING)
        hn__buf_puts(&b, v ? (const char *)(uintptr_t)v : "");
    else
        hn__buf_printf(&b, "%jd", (intmax_t)v);
    *a = (seen_arg){NULL, fn, param, hn__buf_take(&b), 0};
    *end = a;
}

HN__TEST_PATH static void drop_args(void)
{
    while (seen_args) {
        seen_arg *next = seen_args->next;
        free(seen_args->text);
        free(seen_args);
        seen_args = next;
    }
}

void hn__cm_check(const char *function, const char *parameter, const char *file, int line,
                  LargestIntegralType value)
{
    hn__ctx_count(file, line);
    for (item *it = checks.first; it; it = it->next) {
        if (!live(it) || strcmp(it->fn, function) != 0 || strcmp(it->param, parameter) != 0)
            continue;
        use(it);
        if (hn__audit_file())
            keep_arg(function, parameter, it, value);
        hn__buf b = {0};
        if (!passes(it, value, &b)) {
            char text[1024];
            snprintf(text, sizeof text, "%s", hn__buf_str(&b));
            hn__buf_free(&b);
            hn__ctx_fail(1, file, line,
                         "check_expected(%s) in %s(): %s (expected by expect_* at %s:%d)",
                         parameter, function, text, it->file, it->line);
        }
        hn__buf_free(&b);
        return;
    }
    hn__ctx_fail(1, file, line,
                 "check_expected(%s) in %s(): nothing is expected of %s; queue an "
                 "expect_*(%s, %s, ...) in the test before calling the code",
                 parameter, function, parameter, function, parameter);
}

/* ---- Call order. ---- */

void hn__cm_expect_call(const char *function, const char *file, int line, int times)
{
    need_count("expect_function_calls", function, file, line, times);
    push(&calls, function, file, line, times);
}

/* An item that may be passed over: its calls are optional or done. As in
 * cmocka, passing over it keeps it: an ignore_function_calls entry, or an
 * expect_function_call_any one called once, still answers later calls
 * (cmocka's own test_ordering.c calls an ignored function after a later
 * entry's call). */
static int satisfied(const item *it)
{
    return it->count == 0 || it->count == WILL_RETURN_ONCE ||
           (it->count == WILL_RETURN_ALWAYS && it->used > 0);
}

void hn__cm_function_called(const char *function, const char *file, int line)
{
    hn__ctx_count(file, line);
    for (item *it = calls.first; it; it = it->next) {
        if (live(it) && strcmp(it->fn, function) == 0) {
            use(it);
            return;
        }
        if (!satisfied(it))
            hn__ctx_fail(1, file, line,
                         "%s() was called, but a call to %s() was expected first "
                         "(expect_function_call at %s:%d)",
                         function, it->fn, it->file, it->line);
    }
    hn__ctx_fail(1, file, line,
                 "%s() called function_called(), but no call to it is expected; queue "
                 "expect_function_call(%s) in the test",
                 function, function);
}

/* ---- The module. ---- */

/* The module's hooks run in every test process: they sit with the test
 * path (HN__TEST_PATH), and write a queue only when it holds something
 * (its page is shared copy-on-write with the launcher: a write is a page
 * fault). */
HN__TEST_PATH static void drop(queue *q)
{
    if (!q->first && !q->last)
        return;
    item *it = q->first;
    while (it) {
        item *next = it->next;
        free(it->data);
        free(it);
        it = next;
    }
    q->first = q->last = NULL;
}

HN__TEST_PATH static void drop_all(void)
{
    drop_args();
    drop(&values);
    drop(&checks);
    drop(&calls);
}

/* Counts each function once per kind: distinct names in q up to `upto`. */
static int first_of(const queue *q, const item *upto)
{
    for (const item *it = q->first; it != upto; it = it->next)
        if (strcmp(it->fn, upto->fn) == 0)
            return 0;
    return 1;
}

HN__TEST_PATH static void leftovers(void)
{
    for (item *it = values.first; it; it = it->next) {
        if (it->count > 0)
            hn__ctx_fail(0, it->file, it->line,
                         "%s(): %d value(s) queued with will_return here were never "
                         "returned by mock()",
                         it->fn, it->count);
        else if (it->count == WILL_RETURN_ALWAYS && it->used == 0)
            hn__ctx_fail(0, it->file, it->line,
                         "%s(): the value queued with will_return_always here was never "
                         "returned by mock()",
                         it->fn);
    }
    for (item *it = checks.first; it; it = it->next)
        if (it->count > 0 || (it->count == WILL_RETURN_ALWAYS && it->used == 0))
            hn__ctx_fail(0, it->file, it->line,
                         "%s(): parameter %s has %d expected value(s) queued here that no "
                         "check_expected(%s) took",
                         it->fn, it->param, it->count > 0 ? it->count : 1, it->param);
    for (item *it = calls.first; it; it = it->next)
        if (it->count > 0 || (it->count == WILL_RETURN_ALWAYS && it->used == 0))
            hn__ctx_fail(0, it->file, it->line,
                         "%s(): expected to be called %d more time(s) (expect_function_call "
                         "here), called %d time(s)",
                         it->fn, it->count > 0 ? it->count : 1, it->used);
}

/* The string a will_return value points to, when it was written as a
 * string literal (canned data typed by hand); else NULL. */
static const char *literal_text(const item *it)
{
    const char *l = it->literal;
    while (l && (*l == '(' || *l == ' '))
        l++;
    return l && *l == '"' ? (const char *)(uintptr_t)it->a : NULL;
}

static int has_fn(const queue *q, const char *fn)
{
    for (const item *it = q->first; it; it = it->next)
        if (!strcmp(it->fn, fn))
            return 1;
    return 0;
}

/* --audit: a record of function fn's queues as `honest audit` reads every
 * double's: a mock when it had expectations, else a stub, with the string
 * literals it returned as canned data. */
static void audit_fn(const char *fn)
{
    hn__buf b = {0};
    hn__buf_puts(&b, "\"function\":");
    hn__buf_quote_json(&b, fn);
    hn__buf_printf(&b, ",\"origin\":\"cmocka\",\"kind\":\"%s\",\"library\":null,\"canned\":[",
                   has_fn(&checks, fn) || has_fn(&calls, fn) ? "mock" : "stub");
    const char *sep = "";
    for (const item *it = values.first; it; it = it->next) {
        const char *text = strcmp(it->fn, fn) ? NULL : literal_text(it);
        if (!text)
            continue;
        hn__buf_printf(&b, "%s{\"macro\":\"will_return\",\"at\":\"", sep);
        hn__buf_escape_json(&b, it->file, strlen(it->file));
        hn__buf_printf(&b, ":%d\",\"text\":", it->line);
        hn__buf_quote_json(&b, text);
        hn__buf_puts(&b, "}");
        sep = ",";
    }
    /* A value that is a fixture's body text (HN_FIXTURE_BODY, as honest
     * migrate writes it): the double answers from that fixture. The value
     * is only compared with the addresses of loaded bodies, never read. */
    hn__buf_puts(&b, "],\"fixtures\":[");
    sep = "";
    for (const item *it = values.first; it; it = it->next) {
        const char *path = strcmp(it->fn, fn) ? NULL
                         : hn__fixture_of_body((const void *)(uintptr_t)it->a);
        if (!path)
            continue;
        hn__buf_printf(&b, "%s{\"path\":", sep);
        hn__buf_quote_json(&b, path);
        hn__buf_puts(&b, "}");
        sep = ",";
    }
    hn__buf_puts(&b, "],\"args\":[");
    sep = "";
    for (const seen_arg *a = seen_args; a; a = a->next)
        if (!strcmp(a->fn, fn)) {
            hn__buf_puts(&b, sep);
            hn__buf_quote_json(&b, a->text);
            sep = ",";
        }
    hn__buf_puts(&b, "]");
    hn__audit_emit("double", &b);
    hn__buf_free(&b);
}

static void audit(void)
{
    const queue *qs[] = {&values, &checks, &calls};
    for (size_t k = 0; k < 3; k++)
        for (const item *it = qs[k]->first; it; it = it->next) {
            int seen = !first_of(qs[k], it);
            for (size_t j = 0; j < k && !seen; j++)
                seen = has_fn(qs[j], it->fn);
            if (!seen)
                audit_fn(it->fn);
        }
}

HN__TEST_PATH static void verify(void)
{
    if (hn__audit_file())
        audit();
    /* After a failure, what is left over is its consequence, not news. */
    const hn__outcome *o = hn__ctx_outcome();
    if (!o || !o->failed) {
        leftovers();
        hn__cm_alloc_verify();
    }
    for (item *it = values.first; it; it = it->next)
        if (first_of(&values, it))
            hn__ctx_stat(HN__STAT_STUB, 1);
    /* A function with expectations (of parameters or calls) is one mock. */
    for (item *it = checks.first; it; it = it->next)
        if (first_of(&checks, it))
            hn__ctx_stat(HN__STAT_MOCK, 1);
    for (item *it = calls.first; it; it = it->next) {
        int seen = !first_of(&calls, it);
        for (item *c = checks.first; c && !seen; c = c->next)
            seen = strcmp(c->fn, it->fn) == 0;
        if (!seen)
            hn__ctx_stat(HN__STAT_MOCK, 1);
    }
}

HN__TEST_PATH static void cleanup(void)
{
    drop_all();
    hn__cm_alloc_cleanup();
}

void hn__cm_queues_linked(void)
{
}

static hn__module module = {"cmocka", drop_all, verify, cleanup, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
}
