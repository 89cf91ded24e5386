/* SPDX-License-Identifier: MIT */
/* fff.c: the run-time side of <honest/fff.h>: the registry of fff fakes, and
 * the module that resets them (and fff's call history) before every test and
 * counts them in the summary after it. */
#include <honest/fff.h>

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "core/audit.h"
#include "core/context.h"
#include "core/module.h"
#include "core/outcome.h"
#include "fixtures/fixtures.h"

static hn__fff_fake *first;
static void *globals;
static size_t globals_size;

void hn__fff_register(hn__fff_fake *f)
{
    f->next = first;
    first = f;
}

void hn__fff_register_globals(void *g, size_t size)
{
    globals = g;
    globals_size = size;
}

const char *hn__fff_cstr(const void *p)
{
    const char *s;
    memcpy(&s, p, sizeof s);
    return s;
}

const char *hn__fff_nostr(const void *p)
{
    (void)p;
    return NULL;
}

const char *hn__fff_fmt_str(const void *p, char *buf)
{
    const char *s = hn__fff_cstr(p);
    (void)buf;
    return s ? s : "";
}

#define FMT(name, type, spec)                                                   \
    const char *hn__fff_fmt_##name(const void *p, char *buf)                    \
    {                                                                           \
        type v;                                                                 \
        memcpy(&v, p, sizeof v);                                                \
        snprintf(buf, 64, spec, v);                                             \
        return buf;                                                             \
    }
FMT(int, int, "%d")
FMT(uint, unsigned, "%u")
FMT(long, long, "%ld")
FMT(ulong, unsigned long, "%lu")
FMT(llong, long long, "%lld")
FMT(ullong, unsigned long long, "%llu")

const char *hn__fff_fmt_none(const void *p, char *buf)
{
    (void)p;
    buf[0] = '\0';
    return buf;
}

int hn__fff_nonzero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 1;
    return 0;
}

void hn__fff_reset_called(void)
{
    for (hn__fff_fake *f = first; f; f = f->next)
        if (f->kind() & HN__FFF_CALLED)
            f->reset();
}

/* Before every test, in every isolation mode: every fake as fff's
 * RESET_FAKE leaves it, and an empty call history. */
static void reset(void)
{
    for (hn__fff_fake *f = first; f; f = f->next)
        f->reset();
    if (globals)
        memset(globals, 0, globals_size);
}

/* After the test: a fake the test used counts once, by what it was: a fake
 * (custom_fake), a stub (return values set) or a spy (only recorded). */
/* 1 when s reads as the start of a JSON object or array. */
static int json_like(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '{' || *s == '[';
}

/* What f answered with in this test: the strings of return_val (or
 * return_val_seq) that hold JSON-like text, as canned data (where it was
 * set the run cannot know: `honest audit` finds the line in the source),
 * and the fixtures whose body text it returned or was set to return
 * (HN_FIXTURE_BODY, in return_val or in a custom_fake). */
static void answers(hn__buf *b, const hn__fff_fake *f)
{
    const char *texts[2 * 64];
    size_t n = f->texts ? f->texts(texts, 64, 0) : 0;
    size_t all = n + (f->texts ? f->texts(texts + n, 64, 1) : 0);
    const char *sep = "";
    hn__buf_puts(b, ",\"canned\":[");
    for (size_t i = 0; i < n; i++) {
        if (!texts[i] || hn__fixture_of_body(texts[i]) || !json_like(texts[i]))
            continue;
        hn__buf_printf(b, "%s{\"macro\":\"return_val\",\"at\":null,\"text\":", sep);
        hn__buf_quote_json(b, texts[i]);
        hn__buf_puts(b, "}");
        sep = ",";
    }
    /* Fixtures: what it answered (a custom_fake's too) or was set to. */
    hn__buf_puts(b, "],\"fixtures\":[");
    sep = "";
    for (size_t i = 0; i < all; i++) {
        const char *path = texts[i] ? hn__fixture_of_body(texts[i]) : NULL;
        int seen = 0;
        for (size_t k = 0; k < i && path && !seen; k++)
            seen = texts[k] == texts[i];
        if (!path || seen)
            continue;
        hn__buf_printf(b, "%s{\"path\":", sep);
        hn__buf_quote_json(b, path);
        hn__buf_puts(b, "}");
        sep = ",";
    }
    hn__buf_puts(b, "]");
}

/* Appends one argument (and a comma) to the buffer at ctx. */
static void put_arg(void *ctx, const char *text)
{
    hn__buf_quote_json(ctx, text);
    hn__buf_puts(ctx, ",");
}

/* --audit: a record of fake f as `honest audit` reads every double's. */
static void audit(const hn__fff_fake *f, const char *type, const char *kind)
{
    hn__buf b = {0};
    hn__buf_puts(&b, "\"function\":");
    hn__buf_quote_json(&b, f->name);
    hn__buf_puts(&b, ",\"origin\":\"fff\",\"declared_at\":\"");
    hn__buf_escape_json(&b, f->file, strlen(f->file));
    hn__buf_printf(&b, ":%d\"", f->line);
    if (kind) {
        hn__buf_printf(&b, ",\"kind\":\"%s\",\"library\":null", kind);
        answers(&b, f);
        hn__buf_puts(&b, ",\"args\":[");
        size_t mark = b.len;
        if (f->args)
            f->args(put_arg, &b);
        if (b.len > mark)
            b.len--, b.data[b.len] = '\0'; /* the last comma */
        hn__buf_puts(&b, "]");
    }
    hn__audit_emit(type, &b);
    hn__buf_free(&b);
}

static void declared(void)
{
    for (hn__fff_fake *f = first; f; f = f->next)
        audit(f, "declared", NULL);
}

static void verify(void)
{
    for (hn__fff_fake *f = first; f; f = f->next) {
        unsigned k = f->kind();
        const char *kind = k & HN__FFF_FAKE ? "fake" : k & HN__FFF_STUB ? "stub"
                         : k & HN__FFF_CALLED ? "spy" : NULL;
        if (!kind)
            continue;
        hn__ctx_stat(k & HN__FFF_FAKE ? HN__STAT_FAKE : k & HN__FFF_STUB ? HN__STAT_STUB
                                                                         : HN__STAT_SPY, 1);
        if (hn__audit_file())
            audit(f, "double", kind);
    }
}

static hn__module module = {"fff", reset, verify, NULL, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
    hn__audit_on_start(declared);
}
