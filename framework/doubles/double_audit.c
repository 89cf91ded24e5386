/* SPDX-License-Identifier: MIT */
/* double_audit.c: what each double did in a test, as records of the audit
 * file (--audit=FILE, core/audit.h): its kind by behaviour, its origin, the
 * library its real function lives in, its fixture or its canned data. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "doubles/double_impl.h"

/* Canned text longer than this is cut in the record (migrate needs whole
 * payloads, and canned JSON of real services is rarely larger). */
#define CANNED_MAX (1u << 20)

static void member_str(hn__buf *b, const char *name, const char *value)
{
    hn__buf_printf(b, "%s\"%s\":", b->len ? "," : "", name);
    if (value)
        hn__buf_quote_json(b, value);
    else
        hn__buf_puts(b, "null");
}

static void member_at(hn__buf *b, const char *name, const char *file, int line)
{
    hn__buf_printf(b, "%s\"%s\":", b->len ? "," : "", name);
    if (!file) {
        hn__buf_puts(b, "null");
        return;
    }
    hn__buf_puts(b, "\"");
    hn__buf_escape_json(b, file, strlen(file));
    hn__buf_printf(b, ":%d\"", line);
}

/* 1 when n bytes at p read as text: no NUL inside (a trailing one is fine). */
static int is_text(const unsigned char *p, size_t n)
{
    if (n && p[n - 1] == '\0')
        n--;
    return memchr(p, '\0', n) == NULL;
}

static void canned_text(hn__buf *b, int *first, const char *macro, const char *file, int line,
                        const void *p, size_t n)
{
    if (n > CANNED_MAX)
        n = CANNED_MAX;
    if (n && ((const char *)p)[n - 1] == '\0')
        n--;
    hn__buf_puts(b, *first ? "" : ",");
    *first = 0;
    hn__buf_puts(b, "{");
    hn__buf tmp = {0};
    member_str(&tmp, "macro", macro);
    member_at(&tmp, "at", file, line);
    hn__buf_puts(&tmp, ",\"text\":\"");
    hn__buf_escape_json(&tmp, p, n);
    hn__buf_puts(&tmp, "\"");
    hn__buf_add(b, tmp.data, tmp.len);
    hn__buf_free(&tmp);
    hn__buf_puts(b, "}");
}

/* The canned data d answers with in this test: strings it returns and
 * buffers it fills, with where they were configured. */
static void canned(hn__buf *b, const hn__double *d)
{
    const hn__dstate *st = d->st;
    int first = 1;
    hn__buf_puts(b, ",\"canned\":[");
    /* What a fixture answered (HN_RETURNS_FIXTURE) was recorded, not typed. */
    if (!(st->counted & HN__DK_FIXTURE) && st->mode == HN__DM_RETURN && (d->ret_kind == HN__K_STR || d->ret_kind == HN__K_CHARP)) {
        for (size_t i = 0; i < st->nrets; i++) {
            const char *s;
            memcpy(&s, st->rets + i * d->ret_size, sizeof s);
            if (s)
                canned_text(b, &first, st->cfg_macro, st->cfg_file, st->cfg_line, s, strlen(s));
        }
    }
    for (int i = 0; i < st->nfills; i++) {
        const hn_fill_spec *f = &st->fills[i];
        if (f->hn__p && is_text(f->hn__p, f->hn__n))
            canned_text(b, &first, "HN_FILLS", st->fill_file, st->fill_line, f->hn__p, f->hn__n);
    }
    hn__buf_puts(b, "]");
}

/* The arguments of the first call in this test, as text: strings as they
 * are, other values as failures print them. `honest migrate` fills {1}, {2}
 * of an endpoint's URL with them. */
static void first_args(hn__buf *b, const hn__double *d)
{
    hn__buf_puts(b, ",\"args\":");
    if (!d->calls || !d->hist_cap || (d->flags & HN__DF_VARIADIC)) {
        hn__buf_puts(b, "null");
        return;
    }
    const void *rec = d->hist;
    hn__buf_puts(b, "[");
    for (unsigned i = 0; i < d->nargs; i++) {
        hn__buf one = {0};
        const hn__arg_meta *m = &d->args[i];
        const char *s;
        if (m->kind == HN__K_STR || m->deep == HN__DEEP_STR) {
            memcpy(&s, hn__spy_arg(d, i, rec), sizeof s);
            hn__buf_puts(&one, s ? s : "");
        } else {
            hn__spy_format_arg(&one, d, i, rec);
        }
        hn__buf_puts(b, i ? "," : "");
        hn__buf_quote_json(b, hn__buf_str(&one));
        hn__buf_free(&one);
    }
    hn__buf_puts(b, "]");
}

/* The file of the shared object that defines the real function of d, when
 * that is not the test program itself (a library: a boundary), else NULL. */
static const char *real_library(hn__double *d)
{
    hn__vfn real = d->flags & HN__DF_FN ? NULL : hn__seam_real(d);
    Dl_info at, self;
    if (!real || !dladdr((void *)(uintptr_t)real, &at) || !at.dli_fname)
        return NULL;
    if (dladdr((void *)d, &self) && self.dli_fname && !strcmp(self.dli_fname, at.dli_fname))
        return NULL;
    return at.dli_fname;
}

static const char *origin(const hn__double *d)
{
    if (d->st->origin)
        return d->st->origin;
    return d->flags & HN__DF_FN ? "hn_fn" : "HN_DOUBLE";
}

/* The kind of double d was in this test, by what it did. */
static const char *kind(unsigned counted)
{
    return counted & HN__DK_MOCK ? "mock" : counted & HN__DK_SPY ? "spy"
         : counted & HN__DK_FAKE ? "fake" : "stub";
}

void hn__double_audit(hn__double *d)
{
    const hn__dstate *st = d->st;
    if (!st->counted)
        return;
    hn__buf b = {0};
    member_str(&b, "function", d->name);
    member_str(&b, "origin", origin(d));
    member_str(&b, "kind", kind(st->counted));
    member_at(&b, "declared_at", d->file, d->line);
    member_at(&b, "configured_at", st->cfg_file, st->cfg_line);
    member_str(&b, "macro", st->cfg_macro);
    hn__buf_printf(&b, ",\"calls\":%zu", __atomic_load_n(&d->calls, __ATOMIC_RELAXED));
    member_str(&b, "library", st->library);
    member_str(&b, "fixture", st->counted & HN__DK_FIXTURE ? st->fixture : NULL);
    canned(&b, d);
    first_args(&b, d);
    hn__audit_emit("double", &b);
    hn__buf_free(&b);
}

void hn__double_audit_declared(void)
{
    for (hn__double *d = hn__double_list(); d; d = d->next) {
        if (d->st && d->st->per_test)
            continue;
        /* Here, in the runner, so that no test process asks again. */
        if (d->st)
            d->st->library = real_library(d);
        hn__buf b = {0};
        member_str(&b, "function", d->name);
        member_str(&b, "origin", origin(d));
        member_at(&b, "declared_at", d->file, d->line);
        hn__audit_emit("declared", &b);
        hn__buf_free(&b);
    }
}
