/* SPDX-License-Identifier: MIT */
/* audit_scan.c: the source scan of `honest audit`: canned JSON the run
 * cannot see (hand-rolled stubs, fff custom_fake bodies, the line of an fff
 * return_val), found with the tokenizer of ctok.h in the test sources the
 * audit's records name and the .c files beside them. */
#include "audit/audit.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/ctok.h"
#include "base/buf.h"
#include "base/mem.h"
#include "fixtures/fixtures.h"

/* Files bigger than this are not test sources worth reading. */
#define SCAN_MAX (4u << 20)

/* 1 when text is a JSON object or array. */
static int is_json(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    int ok = j && (cJSON_IsObject(j) || cJSON_IsArray(j));
    cJSON_Delete(j);
    return ok;
}

static int tok_eq(const hn__ctoks *t, size_t i, const char *s, size_t n)
{
    return i < t->n && t->v[i].kind == HN__TK_IDENT && t->v[i].to - t->v[i].from == n &&
           !memcmp(t->text + t->v[i].from, s, n);
}

static char *place(const char *file, int line)
{
    hn__buf b = {0};
    hn__buf_printf(&b, "%s:%d", file, line);
    return hn__buf_take(&b);
}

/* A string literal holding JSON at token i: its text (malloc'd) and the
 * index after it in *next; NULL when there is none. */
static char *json_literal(const hn__ctoks *t, size_t i, size_t *next)
{
    hn__buf b = {0};
    size_t k = hn__ctok_string(t, i, &b);
    if (k == i || !b.data || !is_json(hn__buf_str(&b))) {
        hn__buf_free(&b);
        return NULL;
    }
    *next = k;
    return hn__buf_take(&b);
}

/* Functions that copy their second (or, for snprintf, third) argument into
 * their first: a stub that fills an out-parameter. */
static int copy_arg(const hn__ctoks *t, size_t i)
{
    static const char *const two[] = {"strcpy", "stpcpy", "strncpy", "strcat", "strncat",
                                      "memcpy", "memmove", "sprintf"};
    for (size_t k = 0; k < sizeof two / sizeof two[0]; k++)
        if (hn__ctok_is(t, i, two[k]))
            return 2;
    return hn__ctok_is(t, i, "snprintf") ? 3 : 0;
}

/* The first token of argument `arg` (1-based) of the call whose '(' is
 * at token open, or t->n when it has fewer arguments. */
static size_t argument(const hn__ctoks *t, size_t open, int arg)
{
    size_t close = hn__ctok_match(t, open);
    if (arg == 1)
        return open + 1;
    int n = 1;
    for (size_t k = open + 1; k < close; k++) {
        if (hn__ctok_is(t, k, "(") || hn__ctok_is(t, k, "{") || hn__ctok_is(t, k, "["))
            k = hn__ctok_match(t, k);
        else if (hn__ctok_is(t, k, ",") && ++n == arg)
            return k + 1;
    }
    return t->n;
}

/* One piece of canned JSON in the body of a function, [body, end). */
typedef void (*found_fn)(void *ctx, const char *how, int line, const char *text);

static void scan_body(const hn__ctoks *t, size_t body, size_t end, found_fn found, void *ctx)
{
    for (size_t i = body; i < end; i++) {
        size_t k = i + 1, next;
        char *text;
        if (hn__ctok_is(t, i, "return")) {
            while (hn__ctok_is(t, k, "("))
                k++;
            hn__buf b = {0};
            if (hn__ctok_is(t, k, "HN_FIXTURE_BODY") && hn__ctok_is(t, k + 1, "(") &&
                hn__ctok_string(t, k + 2, &b) > k + 2 && b.data) {
                found(ctx, "fixture", t->v[k].line, hn__buf_str(&b)); /* migrated */
                hn__buf_free(&b);
                continue;
            }
            hn__buf_free(&b);
            if ((text = json_literal(t, k, &next))) {
                found(ctx, "return", t->v[k].line, text);
                free(text);
            }
        } else if (copy_arg(t, i) && hn__ctok_is(t, k, "(")) {
            size_t a = argument(t, k, copy_arg(t, i));
            if (a < end && (text = json_literal(t, a, &next))) {
                /* A format with conversions is not the text copied. */
                if (!hn__ctok_is(t, i, "sprintf") && !hn__ctok_is(t, i, "snprintf"))
                    found(ctx, "copy", t->v[a].line, text);
                else if (!strchr(text, '%'))
                    found(ctx, "copy", t->v[a].line, text);
                free(text);
            }
        }
    }
}

/* The bytes of the audit's binaries, each mapped once a scan (not copied:
 * test binaries can be large), when a hand-rolled stub's literal first asks
 * which binary holds it. */
typedef struct bincache {
    size_t n;     /* entries: the audit's files when the scan began */
    char **text;  /* text[i]: a->file_binaries[i] mapped, or NULL */
    size_t *len;
    char *read;   /* read[i]: text[i] was read (or could not be) */
} bincache;

/* What is scanned for in one file. */
typedef struct scan {
    hn__audit *a;
    bincache *cache;
    const char *binary, *file;
    const char *const *fns;
    size_t nfns;
    const int *stubbable; /* fns[k] may have a hand-rolled stub: no double of it ran */
    /* while scanning a body: what it stands for */
    const char *fn, *origin, *form;
} scan;

/* The fixture path p, written beside file, as the run's records name it
 * (the same file by its real path), or as found beside file. */
static char *fixture_path(const hn__audit *a, const char *file, const char *p)
{
    hn__buf b = {0};
    const char *slash = strrchr(file, '/');
    if (p[0] == '/' || !slash)
        hn__buf_puts(&b, p);
    else
        hn__buf_printf(&b, "%.*s/%s", (int)(slash - file), file, p);
    char want[PATH_MAX], have[PATH_MAX];
    if (!realpath(hn__buf_str(&b), want))
        return hn__buf_take(&b);
    for (size_t i = 0; i < a->nfixtures; i++)
        if (realpath(a->fixtures[i].path, have) && !strcmp(have, want)) {
            hn__buf_free(&b);
            return hn__must(strdup(a->fixtures[i].path));
        }
    return hn__buf_take(&b);
}

/* path mapped read-only (*len bytes), or NULL when it cannot be or is empty. */
static char *map_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *p = MAP_FAILED;
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
        *len = (size_t)st.st_size;
        p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    if (fd >= 0)
        close(fd);
    return p == MAP_FAILED ? NULL : p;
}

/* Of the binaries the audit ran, the first whose file holds text (a
 * literal is in the program's read-only data as its bytes): the binary a
 * hand-rolled stub is linked into. fallback when none does. */
static const char *binary_holding(const hn__audit *a, bincache *c, const char *text,
                                  const char *fallback)
{
    size_t n = strlen(text);
    for (size_t i = 0; n && i < a->nfiles && i < c->n; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(a->file_binaries[k], a->file_binaries[i]);
        if (seen)
            continue;
        if (!c->read[i]) {
            c->text[i] = map_file(a->file_binaries[i], &c->len[i]);
            c->read[i] = 1;
        }
        if (c->text[i] && memmem(c->text[i], c->len[i], text, n))
            return a->file_binaries[i];
    }
    return fallback;
}

static void add(void *ctx, const char *how, int line, const char *text)
{
    scan *s = ctx;
    const char *binary = s->binary;
    if (!strcmp(s->origin, "hand-rolled"))
        binary = binary_holding(s->a, s->cache, text, s->binary);
    if (!strcmp(how, "fixture")) {
        char *path = fixture_path(s->a, s->file, text);
        hn__audit_add_fixture(s->a, binary, s->fn, s->origin, path);
        free(path);
        return;
    }
    char macro[64];
    snprintf(macro, sizeof macro, "%s%s", s->form, !strcmp(how, "copy") ? " fills" : "");
    char *at = place(s->file, line);
    hn__audit_add_canned(s->a, binary, s->fn, s->origin, macro, at, text);
    free(at);
}

/* The function fn whose fake is FN_fake, when the identifier at i is one. */
static const char *fake_of(const scan *s, const hn__ctoks *t, size_t i)
{
    size_t n = t->v[i].to - t->v[i].from;
    const char *id = t->text + t->v[i].from;
    for (size_t k = 0; k < s->nfns; k++) {
        size_t fl = strlen(s->fns[k]);
        if (n == fl + 5 && !memcmp(id, s->fns[k], fl) && !memcmp(id + fl, "_fake", 5))
            return s->fns[k];
    }
    return NULL;
}

static int named(const scan *s, const hn__ctoks *t, size_t i)
{
    for (size_t k = 0; k < s->nfns; k++)
        if (tok_eq(t, i, s->fns[k], strlen(s->fns[k])))
            return 1;
    return 0;
}

/* A function a definition at token i may be a hand-rolled stub of: named,
 * and no double of it ran (a double's function defined beside the tests is
 * its real implementation, or a cmocka mock; never rewritten). */
static int stub_named(const scan *s, const hn__ctoks *t, size_t i)
{
    for (size_t k = 0; k < s->nfns; k++)
        if (s->stubbable[k] && tok_eq(t, i, s->fns[k], strlen(s->fns[k])))
            return 1;
    return 0;
}

/* Every definition at file scope of a function named at token name_i... */
typedef struct defn {
    size_t name, body, end;
} defn;

static void scan_file(hn__audit *a, bincache *cache, const char *binary, const char *path,
                      const char *const *fns, size_t nfns, const int *stubbable)
{
    hn_fixture_error fe;
    size_t len;
    char *text = hn__fixture_read_file(path, &len, &fe);
    if (!text || len > SCAN_MAX || strlen(text) != len) {
        free(text);
        return;
    }
    hn__ctoks t;
    hn__ctok_scan(text, &t);
    scan s = {a, cache, binary, path, fns, nfns, stubbable, NULL, NULL, NULL};
    /* Definitions at file scope: NAME ( ... ) { ... }. */
    defn *defs = NULL;
    size_t ndefs = 0, cap = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (hn__ctok_is(&t, i, "{")) {
            size_t close = hn__ctok_match(&t, i);
            size_t p = i ? i - 1 : 0;
            if (i && hn__ctok_is(&t, p, ")")) {
                /* back to its '(' */
                int depth = 0;
                for (; p > 0; p--) {
                    if (hn__ctok_is(&t, p, ")"))
                        depth++;
                    else if (hn__ctok_is(&t, p, "(") && --depth == 0)
                        break;
                }
                if (p > 0 && t.v[p - 1].kind == HN__TK_IDENT) {
                    if (hn__grow(&defs, &cap, ndefs + 1, sizeof *defs) != 0)
                        hn__must(NULL);
                    defs[ndefs++] = (defn){p - 1, i + 1, close};
                }
            }
            i = close; /* nothing at file scope inside */
        }
    }
    /* Hand-rolled stubs: a definition of one of fns. */
    for (size_t d = 0; d < ndefs; d++)
        if (stub_named(&s, &t, defs[d].name)) {
            char *fn = hn__must(strndup(text + t.v[defs[d].name].from,
                                        t.v[defs[d].name].to - t.v[defs[d].name].from));
            s.fn = fn, s.origin = "hand-rolled", s.form = "hand-rolled stub";
            scan_body(&t, defs[d].body, defs[d].end, add, &s);
            free(fn);
        }
    /* HN_FILLS(FN, i, "...") storing a literal through a pointer
     * parameter (the run records the pointer, not its text), or the
     * fixture body migrate put there. */
    for (size_t i = 0; i + 6 < t.n; i++) {
        if (!hn__ctok_is(&t, i, "HN_FILLS") || !hn__ctok_is(&t, i + 1, "(") ||
            !named(&s, &t, i + 2) || !hn__ctok_is(&t, i + 3, ","))
            continue;
        size_t v = argument(&t, i + 1, 3), next;
        char *fn = hn__must(strndup(text + t.v[i + 2].from, t.v[i + 2].to - t.v[i + 2].from));
        char *lit = v < t.n ? json_literal(&t, v, &next) : NULL;
        hn__buf b = {0};
        if (lit && hn__ctok_is(&t, next, ")")) {
            char *at = place(path, t.v[v].line);
            hn__audit_add_canned(a, binary, fn, "HN_DOUBLE", "HN_FILLS", at, lit);
            free(at);
        } else if (v < t.n && hn__ctok_is(&t, v, "HN_FIXTURE_BODY") &&
                   hn__ctok_is(&t, v + 1, "(") && hn__ctok_string(&t, v + 2, &b) > v + 2 &&
                   b.data) {
            char *fx = fixture_path(a, path, hn__buf_str(&b));
            hn__audit_add_fixture(a, binary, fn, "HN_DOUBLE", fx);
            free(fx);
        }
        hn__buf_free(&b);
        free(lit);
        free(fn);
    }
    /* fff: FN_fake.custom_fake = NAME; and FN_fake.return_val = "...";. */
    for (size_t i = 0; i + 4 < t.n; i++) {
        const char *fn = t.v[i].kind == HN__TK_IDENT ? fake_of(&s, &t, i) : NULL;
        if (!fn || !hn__ctok_is(&t, i + 1, ".") || !hn__ctok_is(&t, i + 3, "="))
            continue;
        size_t next;
        char *lit;
        if (hn__ctok_is(&t, i + 2, "return_val") && (lit = json_literal(&t, i + 4, &next))) {
            char *at = place(path, t.v[i + 4].line);
            hn__audit_add_canned(a, binary, fn, "fff", "return_val", at, lit);
            free(at);
            free(lit);
        } else if (hn__ctok_is(&t, i + 2, "custom_fake") && t.v[i + 4].kind == HN__TK_IDENT) {
            const hn__ctok *cf = &t.v[i + 4];
            for (size_t d = 0; d < ndefs; d++)
                if (tok_eq(&t, defs[d].name, text + cf->from, cf->to - cf->from)) {
                    s.fn = fn, s.origin = "fff", s.form = "custom_fake";
                    scan_body(&t, defs[d].body, defs[d].end, add, &s);
                }
        }
    }
    free(defs);
    hn__ctok_free(&t);
    free(text);
}

static int c_source(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 2 && !strcmp(name + n - 2, ".c")) ||
                              (n > 4 && !strcmp(name + n - 4, ".cpp")));
}

/* Adds path (with its binary) to the list unless it is there. */
static void want(char ***v, char ***bins, size_t *n, const char *path, const char *bin)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i], path))
            return;
    size_t cap = *n, cap2 = *n;
    if (hn__grow(v, &cap, *n + 1, sizeof **v) || hn__grow(bins, &cap2, *n + 1, sizeof **bins))
        hn__must(NULL);
    (*v)[*n] = hn__must(strdup(path));
    (*bins)[(*n)++] = hn__must(strdup(bin));
}

void hn__audit_scan(hn__audit *a, const char *const *fns, size_t nfns)
{
    char **files = NULL, **bins = NULL;
    size_t n = 0;
    size_t named_files = a->nfiles;
    for (size_t i = 0; i < named_files; i++) {
        const char *f = a->files[i], *slash = strrchr(f, '/');
        want(&files, &bins, &n, f, a->file_binaries[i]);
        char *dir = slash ? hn__must(strndup(f, (size_t)(slash - f))) : hn__must(strdup("."));
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));) {
            if (!c_source(e->d_name))
                continue;
            hn__buf p = {0};
            if (slash)
                hn__buf_printf(&p, "%s/%s", dir, e->d_name);
            else
                hn__buf_puts(&p, e->d_name);
            want(&files, &bins, &n, hn__buf_str(&p), a->file_binaries[i]);
            hn__buf_free(&p);
        }
        if (d)
            closedir(d);
        free(dir);
    }
    int *stubbable = hn__must(calloc(nfns + 1, sizeof *stubbable));
    for (size_t k = 0; k < nfns; k++) {
        stubbable[k] = 1;
        for (size_t i = 0; i < a->ndoubles && stubbable[k]; i++)
            stubbable[k] = !a->doubles[i].function || strcmp(a->doubles[i].function, fns[k]);
    }
    bincache cache = {named_files, hn__must(calloc(named_files + 1, sizeof *cache.text)),
                      hn__must(calloc(named_files + 1, sizeof *cache.len)),
                      hn__must(calloc(named_files + 1, 1))};
    for (size_t i = 0; i < n; i++) {
        scan_file(a, &cache, bins[i], files[i], fns, nfns, stubbable);
        free(files[i]);
        free(bins[i]);
    }
    for (size_t i = 0; i < cache.n; i++)
        if (cache.text[i])
            munmap(cache.text[i], cache.len[i]);
    free(cache.text);
    free(cache.len);
    free(cache.read);
    free(stubbable);
    free(files);
    free(bins);
}

const char **hn__audit_scan_names(const hn__audit *a, const char *const *extra, size_t nextra,
                                  size_t *n)
{
    size_t cap = a->nmarks + nextra + a->ndoubles + 1;
    const char **v = hn__must(calloc(cap, sizeof *v));
    *n = 0;
    for (size_t i = 0; i < cap - 1; i++) {
        const char *s = i < a->nmarks ? a->marks[i]
                      : i < a->nmarks + nextra ? extra[i - a->nmarks]
                      : a->doubles[i - a->nmarks - nextra].function;
        int seen = !s;
        for (size_t k = 0; k < *n && !seen; k++)
            seen = !strcmp(v[k], s);
        if (!seen)
            v[(*n)++] = s;
    }
    return v;
}
