/* SPDX-License-Identifier: MIT */
/* variant_place.c: the places of a fixture's response each kind of variant
 * can mutate, and the text of a mutation: one place of the body text spliced
 * (the rest stays byte for byte as recorded), or the whole body cut or
 * broken. variant_apply.c makes the mutated fixture. */
#include "variants/variants_impl.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_text.h"
#include "base/mem.h"

#define SHOWN_MAX 72


/* ---- walking the body ---------------------------------------------------- */

static uint32_t kinds_of(const cJSON *n, size_t depth, int parent_object)
{
    uint32_t m = 0;
    int count = cJSON_GetArraySize(n);
    if (depth > 0) {
        if (!cJSON_IsNull(n))
            m |= HN__VBIT(HN__VK_NULL);
        if (parent_object)
            m |= HN__VBIT(HN__VK_MISSING);
    }
    if (cJSON_IsNumber(n))
        m |= HN__VBIT(HN__VK_NUMBER_AS_STRING);
    if (cJSON_IsString(n))
        m |= HN__VBIT(HN__VK_STRING_AS_NUMBER) | HN__VBIT(HN__VK_LONG_STRING) |
             HN__VBIT(HN__VK_UNICODE);
    if (cJSON_IsObject(n))
        m |= HN__VBIT(HN__VK_EXTRA_FIELD) | (count >= 2 ? HN__VBIT(HN__VK_REORDER) : 0);
    if (cJSON_IsArray(n))
        m |= (count >= 1 ? HN__VBIT(HN__VK_EMPTY_ARRAY) : 0) |
             (count >= 2 ? HN__VBIT(HN__VK_ONE_ELEMENT) : 0);
    return m;
}

static void add_place(hn__vwalk *w, hn__vkind k, const char *path)
{
    hn__must_grow(&w->out, &w->outcap, w->n + 1, sizeof *w->out);
    char *copy = strdup(path);
    if (!copy)
        hn__must(NULL);
    w->out[w->n++] = (hn__variant_place){k, copy};
}

void hn__vwalk_visit(hn__vwalk *w, const cJSON *n, int parent_object)
{
    uint32_t m = kinds_of(n, w->depth, parent_object) & w->mask;
    if (m) {
        char *path = hn__json_path_format(w->segs, w->depth);
        if (!path)
            hn__must(NULL);
        for (int k = 0; k < HN__VK_COUNT; k++) {
            if (!(m & HN__VBIT(k)))
                continue;
            if (!w->want_path) {
                add_place(w, (hn__vkind)k, path);
            } else if ((hn__vkind)k == w->want_kind && !strcmp(path, w->want_path)) {
                w->found = 1;
                w->found_node = n;
                w->found_depth = w->depth;
                w->found_pos = malloc((w->depth + 1) * sizeof *w->found_pos);
                if (!w->found_pos)
                    hn__must(NULL);
                if (w->depth)
                    memcpy(w->found_pos, w->pos, w->depth * sizeof *w->pos);
            }
        }
        free(path);
    }
    if (w->found || !(cJSON_IsObject(n) || cJSON_IsArray(n)))
        return;
    hn__must_grow(&w->segs, &w->cap, w->depth + 1, sizeof *w->segs);
    hn__must_grow(&w->pos, &w->poscap, w->depth + 1, sizeof *w->pos);
    int i = 0;
    for (const cJSON *c = n->child; c && !w->found; c = c->next, i++) {
        w->segs[w->depth] = cJSON_IsObject(n)
                                ? (hn__json_seg){HN__JSEG_KEY, 0, c->string}
                                : (hn__json_seg){HN__JSEG_INDEX, (size_t)i, NULL};
        w->pos[w->depth] = i;
        w->depth++;
        hn__vwalk_visit(w, c, cJSON_IsObject(n));
        w->depth--;
    }
}

void hn__vwalk_free(hn__vwalk *w)
{
    free(w->segs);
    free(w->pos);
    free(w->found_pos);
}

/* The response body as JSON (NULL when it is not JSON). */
static cJSON *body_tree(const hn_fixture *fx, const char **text, size_t *len)
{
    *text = hn_fixture_body(fx, HN_RESPONSE, len);
    if (hn_fixture_body_kind(fx, HN_RESPONSE) != HN_BODY_JSON || !*text)
        return NULL;
    return cJSON_ParseWithLength(*text, *len);
}

uint32_t hn__variant_whole_kinds(const hn_fixture *fx)
{
    size_t len;
    const char *body = hn_fixture_body(fx, HN_RESPONSE, &len);
    int status = hn_fixture_status(fx);
    uint32_t m = HN__VBIT(HN__VK_SLOW) | HN__VBIT(HN__VK_TRANSPORT_ERROR);
    if (body && len > 0)
        m |= HN__VBIT(HN__VK_TRUNCATED);
    if (hn_fixture_body_kind(fx, HN_RESPONSE) == HN_BODY_JSON)
        m |= HN__VBIT(HN__VK_MALFORMED);
    m |= status != 429 ? HN__VBIT(HN__VK_STATUS_429) : 0;
    m |= status != 500 ? HN__VBIT(HN__VK_STATUS_500) : 0;
    m |= status != 503 ? HN__VBIT(HN__VK_STATUS_503) : 0;
    return m;
}

int hn__variant_places(const hn_fixture *fx, uint32_t mask, hn__variant_place **out,
                       size_t *n)
{
    hn__vwalk w = {0};
    *out = NULL;
    *n = 0;
    if (hn_fixture_transport_error(fx) != HN_TRANSPORT_OK)
        return 0;
    w.mask = mask & HN__VK_BODY_KINDS;
    const char *text;
    size_t len;
    cJSON *tree = w.mask ? body_tree(fx, &text, &len) : NULL;
    if (tree)
        hn__vwalk_visit(&w, tree, 0);
    cJSON_Delete(tree);
    uint32_t whole = hn__variant_whole_kinds(fx) & mask;
    for (int k = 0; k < HN__VK_COUNT; k++)
        if (whole & HN__VBIT(k))
            add_place(&w, (hn__vkind)k, "$");
    hn__vwalk_free(&w);
    *out = w.out;
    *n = w.n;
    return 0;
}


/* ---- mutating the body text --------------------------------------------- */

/* Appends s (n bytes), shortened to SHOWN_MAX bytes, to a description. */
static void shown(hn__buf *b, const char *s, size_t n)
{
    if (n <= SHOWN_MAX) {
        hn__buf_add(b, s, n);
        return;
    }
    size_t cut = SHOWN_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--; /* not inside a UTF-8 sequence */
    hn__buf_add(b, s, cut);
    hn__buf_printf(b, "... (%zu bytes)", n);
}

/* Text of a string value that string_as_number sends: the number the
 * string spells, else 0. */
static void as_number(hn__buf *b, const cJSON *n)
{
    const char *s = n->valuestring;
    size_t len = strlen(s);
    hn__json_text_error e;
    int numeric = len > 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) &&
                  hn__json_text_check(s, len, &e) == 0;
    hn__buf_puts(b, numeric ? s : "0");
}

static int continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* The string s with non-ASCII characters in it, no longer in bytes (so a
 * buffer the original fits in still fits it): its first two bytes become
 * U+00E9 (2 bytes), and from 6 bytes on its last three U+6771 (3 bytes),
 * cut at character boundaries; written as a JSON string. */
static void unicode(hn__buf *b, const char *s)
{
    size_t len = strlen(s), k = len < 2 ? len : 2, j = len;
    while (k < len && continuation(s[k]))
        k++;
    if (len >= 6) {
        j = len - 3;
        while (j > k && continuation(s[j]))
            j--;
    }
    hn__buf_puts(b, "\"\xc3\xa9");
    hn__buf_escape_json(b, s + k, j - k);
    hn__buf_puts(b, j < len ? "\xe6\x9d\xb1\"" : "\"");
}

/* The text replacing the value at [s, e) of text for leaf and container
 * kinds (all but missing, which removes its member). */
static void replacement(hn__buf *b, hn__vkind k, const cJSON *n, const char *text, size_t s,
                        size_t e, const int *pos, size_t depth)
{
    const char *v = text + s;
    size_t len = e - s;
    switch (k) {
    case HN__VK_NUMBER_AS_STRING:
        hn__buf_printf(b, "\"%.*s\"", (int)len, v);
        break;
    case HN__VK_STRING_AS_NUMBER:
        as_number(b, n);
        break;
    case HN__VK_NULL:
        hn__buf_puts(b, "null");
        break;
    case HN__VK_LONG_STRING: {
        /* The string as written, repeated until it is HN__VARIANT_LONG_LEN
         * bytes or more: whole escapes only, valid JSON. */
        const char *in = v + 1;
        size_t inlen = len - 2;
        if (!inlen) {
            in = "x";
            inlen = 1;
        }
        size_t total = (HN__VARIANT_LONG_LEN + inlen - 1) / inlen * inlen, have = inlen;
        char *rep = hn__must(malloc(total));
        memcpy(rep, in, inlen);
        for (; have < total; have *= 2)
            memcpy(rep + have, rep, have < total - have ? have : total - have);
        hn__buf_puts(b, "\"");
        hn__buf_add(b, rep, total);
        hn__buf_puts(b, "\"");
        free(rep);
        break;
    }
    case HN__VK_UNICODE:
        unicode(b, n->valuestring);
        break;
    case HN__VK_EXTRA_FIELD:
        /* Appended, as a service adds a field: members before keep their place. */
        hn__buf_printf(b, "%.*s%s\"" HN__VARIANT_EXTRA_KEY "\":\"added by honest --variants\"}",
                       (int)(len - 1), v, len > 2 ? "," : "");
        break;
    case HN__VK_REORDER:
    case HN__VK_ONE_ELEMENT: {
        /* reorder: the members, keys and values as written, last first;
         * one_element: the first element alone. */
        int count = k == HN__VK_REORDER ? cJSON_GetArraySize(n) : 1;
        size_t tlen = strlen(text);
        int *p = malloc((depth + 1) * sizeof *p);
        if (!p)
            hn__must(NULL);
        memcpy(p, pos, depth * sizeof *p);
        hn__buf_puts(b, k == HN__VK_REORDER ? "{" : "[");
        for (int j = 0; j < count; j++) {
            size_t ks, ke, vs, ve;
            p[depth] = k == HN__VK_REORDER ? count - 1 - j : 0;
            hn__json_text_locate(text, tlen, p, depth + 1, 0, &vs, &ve);
            ks = vs;
            if (k == HN__VK_REORDER)
                hn__json_text_locate(text, tlen, p, depth + 1, 1, &ks, &ke);
            hn__buf_printf(b, "%s%.*s", j ? "," : "", (int)(ve - ks), text + ks);
        }
        hn__buf_puts(b, k == HN__VK_REORDER ? "}" : "]");
        free(p);
        break;
    }
    case HN__VK_EMPTY_ARRAY:
        hn__buf_puts(b, "[]");
        break;
    default:
        break;
    }
}

char *hn__variant_splice(const char *text, size_t len, hn__vkind k, const hn__vwalk *w,
                         hn__buf *value, size_t *out_len, size_t *at, size_t *rlen)
{
    size_t s = 0, e = len;
    hn__buf b = {0};
    *at = *rlen = 0;
    if (w->found_depth > 0)
        hn__json_text_locate(text, len, w->found_pos, w->found_depth, 0, &s, &e);
    if (k == HN__VK_MISSING) {
        size_t ks, ke;
        hn__json_text_locate(text, len, w->found_pos, w->found_depth, 1, &ks, &ke);
        if (e < len && text[e] == ',')
            e++;
        else if (ks > 0 && text[ks - 1] == ',')
            ks--;
        hn__buf_add(&b, text, ks);
        hn__buf_add(&b, text + e, len - e);
        hn__buf_puts(value, "(removed)");
        *out_len = b.len;
        return hn__buf_take(&b);
    }
    hn__buf_add(&b, text, s);
    *at = b.len;
    replacement(&b, k, w->found_node, text, s, e, w->found_pos, w->found_depth);
    if (k == HN__VK_REORDER)
        hn__buf_puts(value, "(members in reverse order) ");
    shown(value, b.data + *at, b.len - *at);
    /* A numeric string may end in spaces ("12 "): the number goes without. */
    while (k == HN__VK_STRING_AS_NUMBER && b.len > *at && strchr(" \t\r\n", b.data[b.len - 1]))
        b.data[--b.len] = '\0';
    *rlen = b.len - *at;
    hn__buf_add(&b, text + e, len - e);
    *out_len = b.len;
    return hn__buf_take(&b);
}

char *hn__variant_whole_body(const char *text, size_t len, hn__vkind k, hn__buf *value,
                             size_t *out_len)
{
    hn__buf b = {0};
    if (k == HN__VK_TRUNCATED) {
        hn__buf_add(&b, text, len / 2);
        hn__buf_printf(value, "the body cut to %zu of %zu bytes: ", len / 2, len);
    } else if (text[0] == '{' || text[0] == '[') {
        /* A comma where a member must start: invalid to every parser. */
        hn__buf_add(&b, text, 1);
        hn__buf_puts(&b, ",");
        hn__buf_add(&b, text + 1, len - 1);
    } else {
        hn__buf_puts(&b, "{");
        hn__buf_add(&b, text, len);
    }
    shown(value, b.data ? b.data : "", b.len);
    *out_len = b.len;
    return hn__buf_take(&b);
}
