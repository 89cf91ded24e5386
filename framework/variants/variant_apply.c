/* SPDX-License-Identifier: MIT */
/* variant_apply.c: the mutated fixture of a variant: the body text of
 * variant_place.c with the tree it parses to, built beside it (so that
 * neither is checked, compacted or parsed again), or the whole response
 * changed; the fixture made from them as a loaded one is. */
#include "variants/variants_impl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "fixtures/fixtures.h"

/* ---- the tree beside the text -------------------------------------------- */

/* The node of root at the child positions p[0..depth), and its parent in
 * *parent (NULL for the root). */
static cJSON *node_at(cJSON *root, const int *p, size_t depth, cJSON **parent)
{
    cJSON *n = root;
    *parent = NULL;
    for (size_t i = 0; i < depth && n; i++) {
        *parent = n;
        n = cJSON_GetArrayItem(n, p[i]);
    }
    return n;
}

/* Puts with (NULL: out of memory) in the place of node under parent, or as
 * *root when parent is NULL, keeping node's key. Returns 0, or -1. */
static int put(cJSON **root, cJSON *parent, cJSON *node, cJSON *with)
{
    if (!with)
        return -1;
    if (!parent) {
        cJSON_Delete(*root);
        *root = with;
        return 0;
    }
    if (node->string && !(with->string = strdup(node->string))) {
        cJSON_Delete(with);
        return -1;
    }
    return cJSON_ReplaceItemViaPointer(parent, node, with) ? 0 : -1;
}

/* Reverses the order of n's children (members keep their keys). */
static void reverse(cJSON *n)
{
    cJSON *rev = NULL, *c;
    while ((c = n->child)) {
        cJSON_DetachItemViaPointer(n, c);
        c->next = rev;
        rev = c;
    }
    for (cJSON *next; rev; rev = next) {
        next = rev->next;
        rev->next = rev->prev = NULL;
        cJSON_AddItemToArray(n, rev);
    }
}

/* Applies body kind k to *root (the tree of the body w walked) at the node w
 * found, as the text hn__variant_splice wrote it: the tree left is the one
 * parsing that text gives. repl (rlen bytes, inside that text): the value
 * it wrote in the node's place. Returns 0, or -1 when a value did not come
 * out of cJSON (then *root is still a tree, to be freed, but not the one). */
static int mutate(cJSON **root, hn__vkind k, const hn__vwalk *w, char *repl, size_t rlen)
{
    cJSON *parent, *n = node_at(*root, w->found_pos, w->found_depth, &parent), *with;
    if (!n)
        return -1;
    switch (k) {
    case HN__VK_MISSING:
        cJSON_Delete(cJSON_DetachItemViaPointer(parent, n));
        return 0;
    case HN__VK_EXTRA_FIELD:
        return cJSON_AddStringToObject(n, HN__VARIANT_EXTRA_KEY, "added by honest --variants")
                   ? 0
                   : -1;
    case HN__VK_REORDER:
        reverse(n);
        return 0;
    case HN__VK_EMPTY_ARRAY:
    case HN__VK_ONE_ELEMENT:
        while (n->child && (k == HN__VK_EMPTY_ARRAY || n->child->next))
            cJSON_Delete(cJSON_DetachItemViaPointer(n, n->child->prev)); /* the last */
        return 0;
    case HN__VK_NULL:
        return put(root, parent, n, cJSON_CreateNull());
    case HN__VK_LONG_STRING:
        /* Without escapes, a string's value is its text between the quotes. */
        if (rlen >= 2 && !memchr(repl, '\\', rlen)) {
            repl[rlen - 1] = '\0';
            with = cJSON_CreateString(repl + 1);
            repl[rlen - 1] = '"';
            return put(root, parent, n, with);
        }
        break;
    default:
        break;
    }
    /* A short value (a number, a string): parsed on its own. */
    return put(root, parent, n, cJSON_ParseWithLength(repl, rlen));
}

/* ---- the mutated fixture -------------------------------------------------- */

static void drop_header(cJSON *resp, const char *name)
{
    cJSON *hs = cJSON_GetObjectItemCaseSensitive(resp, "headers");
    for (cJSON *h = hs ? hs->child : NULL, *next; h; h = next) {
        next = h->next;
        if (h->string && !strcasecmp(h->string, name))
            cJSON_Delete(cJSON_DetachItemViaPointer(hs, h));
    }
}

static void set_header(cJSON *resp, const char *name, const char *value)
{
    cJSON *hs = cJSON_GetObjectItemCaseSensitive(resp, "headers");
    if (!hs && !(hs = cJSON_AddObjectToObject(resp, "headers")))
        hn__must(NULL);
    drop_header(resp, name);
    if (!cJSON_AddStringToObject(hs, name, value))
        hn__must(NULL);
}

/* Applies a whole-response kind to resp (the "response" object of doc). */
static void whole_response(cJSON *doc, cJSON *resp, hn__vkind k, hn__buf *value)
{
    if (k == HN__VK_SLOW || k == HN__VK_TRANSPORT_ERROR) {
        cJSON *r = cJSON_CreateObject();
        const char *word = k == HN__VK_SLOW ? "timeout" : "connection_refused";
        if (!r || !cJSON_AddStringToObject(r, "error", word) ||
            !cJSON_ReplaceItemInObjectCaseSensitive(doc, "response", r))
            hn__must(NULL);
        hn__buf_puts(value, k == HN__VK_SLOW ? "no answer within the client's timeout"
                                             : "connection refused (no answer at all)");
        return;
    }
    int status = k == HN__VK_STATUS_429 ? 429 : k == HN__VK_STATUS_500 ? 500 : 503;
    cJSON_DeleteItemFromObjectCaseSensitive(resp, "status");
    if (!cJSON_AddNumberToObject(resp, "status", status))
        hn__must(NULL);
    if (status != 500)
        set_header(resp, "Retry-After", "1");
    /* The body stays as recorded: code that does not look at the status
     * takes the error for an answer, and the variant shows it. */
    hn__buf_printf(value, "status %d%s, the body as recorded", status,
                   status != 500 ? " with Retry-After: 1" : "");
}

/* Sets the "body" of resp (a "response" object) to tree, last among its
 * members (as hn_fixture_json_set_body puts it). */
static void set_body_tree(cJSON *resp, cJSON *tree)
{
    static const char *const kinds[] = {"body", "body_text", "body_base64"};
    for (int k = 0; k < 3; k++)
        cJSON_DeleteItemFromObjectCaseSensitive(resp, kinds[k]);
    if (!cJSON_AddItemToObject(resp, "body", tree))
        hn__must(NULL);
}

/* The fixture of doc (taken). With tree (taken): the response's body is the
 * text body (taken, len bytes, valid and compact) and tree is what it parses
 * to; without, doc holds the body (body NULL) as hn_fixture_from_json takes
 * it. NULL with a message in err when it is not a valid fixture. */
static hn_fixture *make(cJSON *doc, const hn_fixture *fx, hn__vkind kind, char *body,
                        size_t len, cJSON *tree, char *err, size_t errlen)
{
    hn_fixture_error fe;
    hn_fixture *out;
    if (tree) {
        set_body_tree(cJSON_GetObjectItemCaseSensitive(doc, "response"), tree);
        out = hn__fixture_adopt(doc, hn_fixture_path(fx), body, len, &fe);
    } else {
        out = hn_fixture_from_json(doc, hn_fixture_path(fx), &fe);
        cJSON_Delete(doc);
    }
    if (!out) {
        char msg[512];
        snprintf(err, errlen, "the %s variant of %s is not a valid fixture: %s",
                 hn__vkind_name((int)kind), hn_fixture_path(fx),
                 hn_fixture_error_format(&fe, msg, sizeof msg));
    }
    return out;
}

/* Sets the body of resp to the text body (len bytes) as
 * hn_fixture_json_set_body does for a response of fx: JSON when it is, else
 * text or base64. */
static void set_body_text(cJSON *resp, const hn_fixture *fx, const char *body, size_t len)
{
    const char *ct = hn_fixture_header(fx, HN_RESPONSE, "Content-Type");
    if (hn_fixture_body_kind(fx, HN_RESPONSE) == HN_BODY_JSON)
        ct = "application/json";
    drop_header(resp, "Content-Length");
    if (hn_fixture_json_set_body(resp, body, len, ct ? ct : "text/plain") != 0)
        hn__must(NULL);
}

hn_fixture *hn__variant_apply(const hn_fixture *fx, hn__vkind kind, const char *path,
                              char **value, char *err, size_t errlen)
{
    hn__vwalk w = {.mask = HN__VBIT(kind), .want_kind = kind, .want_path = path};
    int body_kind = (HN__VK_BODY_KINDS & HN__VBIT(kind)) != 0;
    size_t len = 0;
    const char *text = hn_fixture_body(fx, HN_RESPONSE, &len);
    int json = hn_fixture_body_kind(fx, HN_RESPONSE) == HN_BODY_JSON && text;
    /* The tree of the body as recorded: the walk's, then the variant's; for
     * a status kind, the body kept. The other whole-response kinds (slow,
     * transport_error, truncated, malformed) have no use for it. */
    int keeps_tree = body_kind || kind == HN__VK_STATUS_429 || kind == HN__VK_STATUS_500 ||
                     kind == HN__VK_STATUS_503;
    cJSON *tree = json && keeps_tree ? cJSON_ParseWithLength(text, len) : NULL;
    if (value)
        *value = NULL;
    if (hn_fixture_transport_error(fx) != HN_TRANSPORT_OK)
        w.found = 0;
    else if (body_kind && tree)
        hn__vwalk_visit(&w, tree, 0);
    else if (!body_kind)
        w.found = !strcmp(path, "$") && (hn__variant_whole_kinds(fx) & HN__VBIT(kind));
    if (!w.found) {
        snprintf(err, errlen,
                 "fixture %s has no place %s for the kind %s (it changed since the id was "
                 "printed?); run with --variants to list the variants it has now",
                 hn_fixture_path(fx), path, hn__vkind_name((int)kind));
        cJSON_Delete(tree);
        hn__vwalk_free(&w);
        return NULL;
    }
    cJSON *doc = hn_fixture_to_json(fx);
    cJSON *resp = doc ? cJSON_GetObjectItemCaseSensitive(doc, "response") : NULL;
    if (!resp)
        hn__must(NULL);
    hn__buf desc = {0};
    char *body = NULL; /* with tree: the body as the fixture takes it */
    size_t n = 0;
    if (body_kind) {
        size_t at, rlen;
        body = hn__variant_splice(text, len, kind, &w, &desc, &n, &at, &rlen);
        if (mutate(&tree, kind, &w, body + at, rlen) != 0) {
            /* Not as cJSON would parse it: the text goes the long way. */
            set_body_text(resp, fx, body, n);
            free(body);
            body = NULL;
        }
        drop_header(resp, "Content-Length");
    } else if (kind == HN__VK_TRUNCATED || kind == HN__VK_MALFORMED) {
        char *cut = hn__variant_whole_body(text, len, kind, &desc, &n);
        set_body_text(resp, fx, cut, n);
        free(cut);
    } else {
        whole_response(doc, resp, kind, &desc);
        /* hn_fixture_to_json printed the JSON body anew (12.50 as 12.5): a
         * kept body goes back as recorded, with its tree. */
        if (kind != HN__VK_SLOW && kind != HN__VK_TRANSPORT_ERROR && json) {
            if (tree)
                body = hn__must(strndup(text, len)), n = len;
            else if (hn_fixture_json_set_body(resp, text, len, "application/json") != 0)
                hn__must(NULL);
        }
    }
    hn__vwalk_free(&w);
    if (!body) {
        cJSON_Delete(tree);
        tree = NULL;
    }
    hn_fixture *out = make(doc, fx, kind, body, n, tree, err, errlen);
    if (out && value)
        *value = hn__buf_take(&desc);
    hn__buf_free(&desc);
    return out;
}
