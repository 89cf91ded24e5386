/* SPDX-License-Identifier: MIT */
/* live_compare.c: one live answer against the response its fixture
 * recorded (status, Content-Type, checked headers, body by the fixture's
 * rules), and the volatile paths two live answers reveal. */
#include "live/live_compare.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/mem.h"
#include "diff/diff.h"
#include "json/json_path.h"
#include "json/json_text.h"
#include "live/live_impl.h"

/* The fixture's rules, parsed. */
typedef struct rules {
    hn__json_path **ignore, **values, **vol;
    size_t nignore, nvalues, nvol;
} rules;

static void paths_free(hn__json_path **p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hn__json_path_free(p[i]);
    free(p);
}

static void rules_free(rules *r)
{
    paths_free(r->ignore, r->nignore);
    paths_free(r->values, r->nvalues);
    paths_free(r->vol, r->nvol);
}

/* Header names are matched in lower case, the case header paths are written
 * in ($.response.headers.date, $.response.headers["content-type"]): a rule
 * on $.response.headers.X-Rate-Limit is the same rule. A lower-case copy of
 * a rule on headers (caller frees), or NULL for other rules. */
static char *header_rule(const char *text)
{
    static const char prefix[] = "$.response.headers";
    if (strncmp(text, prefix, sizeof prefix - 1))
        return NULL;
    char *low = strdup(text);
    for (char *c = low ? low + sizeof prefix - 1 : NULL; c && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return low;
}

/* The name of a header as paths spell it: lower case (cap bytes). */
static const char *lower_name(const char *name, char *buf, size_t cap)
{
    size_t i = 0;
    for (; name[i] && i + 1 < cap; i++)
        buf[i] = (char)tolower((unsigned char)name[i]);
    buf[i] = '\0';
    return buf;
}

/* $.response.headers.NAME with NAME in lower case, dotted when it is an
 * identifier and bracketed otherwise, as the differ writes every path. */
static char *header_path(const char *name)
{
    char low[256];
    hn__json_seg segs[3] = {{.kind = HN__JSEG_KEY, .key = "response"},
                            {.kind = HN__JSEG_KEY, .key = "headers"},
                            {.kind = HN__JSEG_KEY, .key = lower_name(name, low, sizeof low)}};
    return hn__json_path_format(segs, 3);
}

static int parse_list(const char *const *text, size_t n, hn__json_path ***out, size_t *nout,
                      const char *what, char *err, size_t errlen)
{
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (*nout = 0; *nout < n; (*nout)++) {
        char why[256], *lowered = header_rule(text[*nout]);
        (*out)[*nout] = hn__json_path_parse(lowered ? lowered : text[*nout], why, sizeof why);
        free(lowered);
        if (!(*out)[*nout]) {
            snprintf(err, errlen, "verify.%s: %s", what, why);
            return -1;
        }
    }
    return 0;
}

static int rules_load(rules *r, const hn_fixture *fx, char *const *vol, size_t nvol, char *err,
                      size_t errlen)
{
    size_t ni, nv;
    const char *const *ignore = hn_fixture_ignore(fx, &ni);
    const char *const *values = hn_fixture_values(fx, &nv);
    memset(r, 0, sizeof *r);
    return parse_list(ignore, ni, &r->ignore, &r->nignore, "ignore", err, errlen) ||
           parse_list(values, nv, &r->values, &r->nvalues, "values", err, errlen) ||
           parse_list((const char *const *)vol, nvol, &r->vol, &r->nvol, "volatile", err,
                      errlen);
}

static int any_match(hn__json_path *const *p, size_t n, const hn__json_seg *segs, size_t nsegs)
{
    for (size_t i = 0; i < n; i++)
        if (hn__json_path_match(p[i], segs, nsegs))
            return 1;
    return 0;
}

/* The concrete path $.response.<a>[.<b>]. */
static size_t resp_path(hn__json_seg *segs, const char *a, const char *b)
{
    segs[0] = (hn__json_seg){.kind = HN__JSEG_KEY, .key = "response"};
    segs[1] = (hn__json_seg){.kind = HN__JSEG_KEY, .key = a};
    segs[2] = (hn__json_seg){.kind = HN__JSEG_KEY, .key = b};
    return b ? 3 : 2;
}

/* The media type of a Content-Type value, lower case, parameters dropped. */
static void media_type(const char *ct, char *buf, size_t cap)
{
    size_t n = ct ? strcspn(ct, ";") : 0;
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((ct[i] >= 'A' && ct[i] <= 'Z') ? ct[i] - 'A' + 'a' : ct[i]);
    buf[n] = '\0';
}

static int json_media(const char *ct)
{
    char m[128];
    size_t n;
    media_type(ct, m, sizeof m);
    n = strlen(m);
    return !strcmp(m, "application/json") || (n > 5 && !strcmp(m + n - 5, "+json"));
}

/* A side holding a string value (JSON-quoted) in b; NULL-typed when s is NULL. */
static hn_diff_side string_side(hn__buf *b, const char *s)
{
    hn_diff_side side = {0};
    if (!s)
        return side;
    hn__buf_puts(b, "\"");
    hn__buf_escape_json(b, s, strlen(s));
    hn__buf_puts(b, "\"");
    side.type = "string";
    side.value = hn__buf_str(b);
    return side;
}

static int add_header_change(hn_diff *d, const char *name, const char *rec, const char *live)
{
    hn__buf a = {0}, b = {0};
    char *path = header_path(name);
    hn_diff_side sa = string_side(&a, rec), sb = string_side(&b, live);
    int rc = path ? hn_diff_add(d, HN_DIFF_HEADER_CHANGED, path, &sa, &sb) : -1;
    hn__buf_free(&a);
    hn__buf_free(&b);
    free(path);
    return rc;
}

static int compare_status(const hn_fixture *fx, const hn__http_response *live, const rules *r,
                          hn_diff *d)
{
    hn__json_seg segs[3];
    size_t n = resp_path(segs, "status", NULL);
    if (hn_fixture_status(fx) == live->status || any_match(r->ignore, r->nignore, segs, n))
        return 0;
    char va[16], vb[16];
    snprintf(va, sizeof va, "%d", hn_fixture_status(fx));
    snprintf(vb, sizeof vb, "%ld", live->status);
    hn_diff_side a = {.type = "number", .value = va}, b = {.type = "number", .value = vb};
    return hn_diff_add(d, HN_DIFF_STATUS_CHANGED, "$.response.status", &a, &b);
}

/* Whether header `name` is checked by value (a values path names it). */
static int by_value(const rules *r, const char *name)
{
    hn__json_seg segs[3];
    char low[256];
    size_t n = resp_path(segs, "headers", lower_name(name, low, sizeof low));
    return any_match(r->values, r->nvalues, segs, n) &&
           !any_match(r->ignore, r->nignore, segs, n);
}

static int compare_header(const char *name, const char *rec, const char *live, const rules *r,
                          hn_diff *d)
{
    hn__json_seg segs[3];
    char low[256];
    size_t n = resp_path(segs, "headers", lower_name(name, low, sizeof low));
    if (any_match(r->ignore, r->nignore, segs, n))
        return 0;
    if (by_value(r, name)) {
        if ((!rec && !live) || (rec && live && !strcmp(rec, live)))
            return 0;
        if (rec && live && any_match(r->vol, r->nvol, segs, n))
            return 0;
        return add_header_change(d, name, rec, live);
    }
    if (strcasecmp(name, "Content-Type"))
        return 0;
    char ma[128], mb[128];
    media_type(rec, ma, sizeof ma);
    media_type(live, mb, sizeof mb);
    return strcmp(ma, mb) ? add_header_change(d, name, rec, live) : 0;
}

static int seen_before(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(names[i], name))
            return 1;
    return 0;
}

static int compare_headers(const hn_fixture *fx, const hn__http_response *live, const rules *r,
                           hn_diff *d)
{
    size_t nf = hn_fixture_header_count(fx, HN_RESPONSE), total = nf + live->nheaders + 1;
    const char **names = malloc(total * sizeof *names);
    size_t n = 0;
    int rc = names ? 0 : -1;
    for (size_t i = 0; names && i < total; i++) {
        const char *name = "Content-Type", *value;
        if (i < nf)
            hn_fixture_header_at(fx, HN_RESPONSE, i, &name, &value);
        else if (i < total - 1)
            name = live->headers[i - nf].name;
        if (seen_before(names, n, name))
            continue;
        names[n++] = name;
        if (compare_header(name, hn_fixture_header(fx, HN_RESPONSE, name),
                           hn__http_header_get(live, name), r, d))
            rc = -1;
    }
    free(names);
    return rc;
}

/* How a body is held, for comparing kinds: "none", "text", "bytes", or the
 * JSON type of its root. */
static const char *kind_word(hn_body_kind k, const cJSON *json)
{
    if (k == HN_BODY_JSON) {
        return cJSON_IsObject(json)   ? "object"
               : cJSON_IsArray(json)  ? "array"
               : cJSON_IsString(json) ? "string"
               : cJSON_IsNumber(json) ? "number"
               : cJSON_IsBool(json)   ? "boolean"
                                      : "null";
    }
    return k == HN_BODY_TEXT ? "text" : k == HN_BODY_BASE64 ? "bytes" : "none";
}

/* A side describing a body of kind k (an excerpt of text, a size of bytes). */
static hn_diff_side body_side(hn__buf *b, hn_body_kind k, const cJSON *json, const char *body,
                              size_t len)
{
    hn_diff_side s = {0};
    if (k == HN_BODY_NONE)
        return s;
    s.type = kind_word(k, json);
    if (k == HN_BODY_BASE64) {
        hn__buf_printf(b, "%zu bytes", len);
        s.note = hn__buf_str(b);
        return s;
    }
    size_t cut = len > 100 ? 100 : len;
    if (k == HN_BODY_JSON) { /* JSON text, shown as it came */
        hn__buf_add(b, body, cut);
        hn__buf_puts(b, cut < len ? "..." : "");
    } else {
        hn__buf_puts(b, "\"");
        hn__buf_escape_json(b, body, cut);
        hn__buf_puts(b, cut < len ? "...\"" : "\"");
    }
    s.value = hn__buf_str(b);
    s.truncated = cut < len;
    return s;
}

/* One difference at $.response.body. A type change names an absent body
 * "none" (a body that became empty is one change, not a removal per field);
 * note, when given, goes on the live side. */
static int body_change(hn_diff *d, hn_diff_kind kind, hn_body_kind ka, const cJSON *ja,
                       const char *a, size_t la, hn_body_kind kb, const cJSON *jb, const char *b,
                       size_t lb, const char *note)
{
    hn__buf ba = {0}, bb = {0};
    hn_diff_side sa = body_side(&ba, ka, ja, a, la), sb = body_side(&bb, kb, jb, b, lb);
    int typed = kind == HN_DIFF_TYPE_CHANGED;
    if (typed && !ka)
        sa = (hn_diff_side){.type = "none", .note = "no body"};
    if (typed && !kb)
        sb = (hn_diff_side){.type = "none", .note = "no body"};
    if (note)
        sb.note = note;
    int rc = hn_diff_add(d, kind, "$.response.body", ka || typed ? &sa : NULL,
                         kb || typed ? &sb : NULL);
    hn__buf_free(&ba);
    hn__buf_free(&bb);
    return rc;
}

/* The kind of a live body; *tree gets the parsed JSON, its nodes in *arena
 * (the caller frees it with hn__diff_arena_free; NULL when there is none):
 * the tree lives for one comparison. */
static hn_body_kind live_kind(const hn_fixture *fx, const hn__http_response *live, cJSON **tree,
                              hn__diff_arena **arena)
{
    *tree = NULL;
    *arena = NULL;
    if (!live->body_len)
        return HN_BODY_NONE;
    if (hn_fixture_body_kind(fx, HN_RESPONSE) == HN_BODY_JSON ||
        json_media(hn__http_header_get(live, "Content-Type"))) {
        *tree = hn__diff_parse_arena(live->body, live->body_len, arena, NULL);
        if (*tree)
            return HN_BODY_JSON;
    }
    return !memchr(live->body, '\0', live->body_len) &&
                   hn__json_text_is_utf8(live->body, live->body_len)
               ? HN_BODY_TEXT
               : HN_BODY_BASE64;
}

/* Copies the entries of from into d, leaving out value differences at
 * volatile paths and noting likely renames. */
static int copy_entries(hn_diff *d, const hn_diff *from, const rules *r)
{
    hn__live_members *m = hn__live_members_new(from);
    if (!m)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < hn_diff_count(from); i++) {
        const hn_diff_entry *e = hn_diff_at(from, i);
        if (e->kind == HN_DIFF_VALUE_CHANGED && r->nvol) {
            int vol = 0;
            for (size_t k = 0; k < r->nvol && !vol; k++)
                vol = hn__json_path_match_text(r->vol[k], e->path) == 1;
            if (vol)
                continue;
        }
        hn_diff_side a = e->a, b = e->b;
        const char *other = NULL;
        char *note = NULL;
        if ((e->kind == HN_DIFF_REMOVED || e->kind == HN_DIFF_ADDED) &&
            (other = hn__live_renamed(m, i))) {
            if (asprintf(&note, "renamed %s \"%s\"?",
                         e->kind == HN_DIFF_REMOVED ? "to" : "from", other) < 0)
                note = NULL;
            else if (e->kind == HN_DIFF_REMOVED)
                a.note = note;
            else
                b.note = note;
        }
        rc = hn_diff_add(d, e->kind, e->path, a.type ? &a : NULL, b.type ? &b : NULL);
        free(note);
    }
    hn__live_members_free(m);
    return rc ? -1 : 0;
}

static int json_body(const hn_fixture *fx, const cJSON *live, const rules *r, hn_diff *d,
                     char *err, size_t errlen)
{
    size_t ni, nv;
    const char *const *ignore = hn_fixture_ignore(fx, &ni);
    const char *const *values = hn_fixture_values(fx, &nv);
    hn_diff_error de;
    memset(&de, 0, sizeof de);
    hn_diff_opts *o = hn_diff_opts_new(hn_fixture_compare_mode(fx) == HN_FIXTURE_COMPARE_VALUES
                                           ? HN_DIFF_VALUES
                                           : HN_DIFF_SHAPE);
    hn_diff *tmp = hn_diff_new();
    int rc = o && tmp ? hn_diff_opts_root(o, "$.response.body", &de) : -1;
    for (size_t i = 0; rc == 0 && i < ni; i++)
        rc = hn_diff_opts_ignore(o, ignore[i], &de);
    for (size_t i = 0; rc == 0 && i < nv; i++)
        rc = hn_diff_opts_values_path(o, values[i], &de);
    if (rc == 0)
        rc = hn_diff_run(tmp, hn_fixture_json(fx, HN_RESPONSE), live, o);
    if (rc == 0)
        rc = copy_entries(d, tmp, r);
    else
        snprintf(err, errlen, "%s", de.text[0] ? de.text : "out of memory");
    hn_diff_free(tmp);
    hn_diff_opts_free(o);
    return rc;
}

static int compare_body(const hn_fixture *fx, const hn__http_response *live, const rules *r,
                        hn_diff *d, char *err, size_t errlen)
{
    hn__json_seg segs[3];
    size_t n = resp_path(segs, "body", NULL);
    if (any_match(r->ignore, r->nignore, segs, n))
        return 0;
    size_t flen;
    const char *fbody = hn_fixture_body(fx, HN_RESPONSE, &flen);
    hn_body_kind fk = hn_fixture_body_kind(fx, HN_RESPONSE);
    const cJSON *fj = hn_fixture_json(fx, HN_RESPONSE);
    cJSON *lj;
    hn__diff_arena *arena;
    hn_body_kind lk = live_kind(fx, live, &lj, &arena);
    int rc = 0;
    /* An answer of another class (an error where a success was recorded, or
     * the reverse) is another document: one difference for its body, after
     * the status, rather than a line for every field of it. */
    hn__json_seg st[3];
    size_t nst = resp_path(st, "status", NULL);
    int other = hn_fixture_status(fx) / 100 != live->status / 100 &&
                !any_match(r->ignore, r->nignore, st, nst);
    char note[96] = "";
    if (other)
        snprintf(note, sizeof note, "the body of a %ld answer; not compared field by field",
                 live->status);
    if (other && (fk != lk || flen != live->body_len || memcmp(fbody, live->body, flen)))
        rc = body_change(d,
                         fk != lk || strcmp(kind_word(fk, fj), kind_word(lk, lj))
                             ? HN_DIFF_TYPE_CHANGED
                             : HN_DIFF_VALUE_CHANGED,
                         fk, fj, fbody, flen, lk, lj, live->body, live->body_len,
                         lk ? note : NULL);
    else if (other)
        ;
    else if (fk == lk && fk == HN_BODY_JSON)
        rc = json_body(fx, lj, r, d, err, errlen);
    else if (fk != lk)
        rc = body_change(d, HN_DIFF_TYPE_CHANGED, fk, fj, fbody, flen, lk, lj, live->body,
                         live->body_len, NULL);
    else if (fk != HN_BODY_NONE &&
             (hn_fixture_compare_mode(fx) == HN_FIXTURE_COMPARE_VALUES ||
              any_match(r->values, r->nvalues, segs, n)) &&
             (flen != live->body_len || memcmp(fbody, live->body, flen)) &&
             !any_match(r->vol, r->nvol, segs, n))
        rc = body_change(d, HN_DIFF_VALUE_CHANGED, fk, fj, fbody, flen, lk, lj, live->body,
                         live->body_len, NULL);
    if (rc && !err[0])
        snprintf(err, errlen, "out of memory");
    hn__diff_arena_free(arena);
    return rc;
}

int hn__verify_compare(const hn_fixture *fx, const hn__http_response *live,
                       char *const *volatile_paths, size_t nvolatile, hn_diff *d, char *err,
                       size_t errlen)
{
    rules r;
    err[0] = '\0';
    int rc = rules_load(&r, fx, volatile_paths, nvolatile, err, errlen);
    if (rc == 0)
        rc = compare_status(fx, live, &r, d) || compare_headers(fx, live, &r, d) ||
                     compare_body(fx, live, &r, d, err, errlen)
                 ? -1
                 : 0;
    if (rc && !err[0])
        snprintf(err, errlen, "out of memory");
    rules_free(&r);
    return rc;
}

/* Adds path (indices generalised to [*]) to *paths unless it is there. */
static int add_volatile(char ***paths, size_t *n, size_t *cap, const char *path)
{
    hn__json_path *p = hn__json_path_parse(path, NULL, 0);
    if (!p)
        return 0; /* not a path: nothing to match with later */
    size_t ns;
    const hn__json_seg *segs = hn__json_path_segs(p, &ns);
    hn__json_seg *g = malloc((ns ? ns : 1) * sizeof *g);
    char *text = NULL;
    if (g) {
        for (size_t i = 0; i < ns; i++) {
            g[i] = segs[i];
            if (g[i].kind == HN__JSEG_INDEX)
                g[i] = (hn__json_seg){.kind = HN__JSEG_ANY};
        }
        text = hn__json_path_format(g, ns);
    }
    free(g);
    hn__json_path_free(p);
    if (!text)
        return -1;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*paths)[i], text)) {
            free(text);
            return 0;
        }
    if (hn__grow(paths, cap, *n + 1, sizeof **paths)) {
        free(text);
        return -1;
    }
    (*paths)[(*n)++] = text;
    return 0;
}

int hn__verify_volatile(const hn_fixture *fx, const hn__http_response *a,
                        const hn__http_response *b, char ***paths, size_t *n)
{
    rules r;
    char err[256];
    size_t cap = 0;
    *paths = NULL;
    *n = 0;
    int rc = rules_load(&r, fx, NULL, 0, err, sizeof err) ? -1 : 0;
    cJSON *ta = NULL, *tb = NULL;
    hn__diff_arena *aa = NULL, *ab = NULL;
    if (rc == 0 && live_kind(fx, a, &ta, &aa) == HN_BODY_JSON &&
        live_kind(fx, b, &tb, &ab) == HN_BODY_JSON) {
        hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
        hn_diff *d = o && !hn_diff_opts_root(o, "$.response.body", NULL) ? hn_diff_json(ta, tb, o)
                                                                       : NULL;
        rc = d ? 0 : -1;
        for (size_t i = 0; d && rc == 0 && i < hn_diff_count(d); i++)
            if (hn_diff_at(d, i)->kind == HN_DIFF_VALUE_CHANGED)
                rc = add_volatile(paths, n, &cap, hn_diff_at(d, i)->path);
        hn_diff_free(d);
        hn_diff_opts_free(o);
    }
    hn__diff_arena_free(aa);
    hn__diff_arena_free(ab);
    for (size_t i = 0; rc == 0 && i < a->nheaders; i++) {
        const char *name = a->headers[i].name, *vb = hn__http_header_get(b, name);
        if (by_value(&r, name) && vb && strcmp(vb, a->headers[i].value)) {
            char *path = header_path(name);
            rc = path ? add_volatile(paths, n, &cap, path) : -1;
            free(path);
        }
    }
    rules_free(&r);
    return rc;
}
