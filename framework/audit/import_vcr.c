/* SPDX-License-Identifier: MIT */
/* import_vcr.c: VCR cassettes, YAML read with libyaml: Ruby VCR
 * (http_interactions, recorded_at, body string or base64_string) and vcrpy
 * (interactions, body string or !!binary). */
#include "audit/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct vcr {
    hn__import *im;
    const char *path;
    yaml_document_t doc;
    const char *entry;
} vcr;

static yaml_node_t *node(vcr *v, int id)
{
    return id ? yaml_document_get_node(&v->doc, id) : NULL;
}

/* The value of key in mapping n, or NULL. */
static yaml_node_t *get(vcr *v, yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(v, p->key);
        if (k && k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
            return node(v, p->value);
    }
    return NULL;
}

/* A scalar's text, or NULL (a mapping, a sequence, or ~ / null). */
static const char *text(yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    const char *s = (const char *)n->data.scalar.value;
    int plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (plain && (!strcmp(s, "~") || !strcmp(s, "null") || !s[0]))
        return NULL;
    return s;
}

static int is_binary(yaml_node_t *n)
{
    const char *tag = n && n->tag ? (const char *)n->tag : "";
    size_t len = strlen(tag);
    return len >= 6 && !strcmp(tag + len - 6, "binary"); /* !!binary, Ruby's !binary */
}

static int fail(vcr *v, yaml_node_t *at, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    return hn__import_fail(v->im, v->path, at ? (int)at->start_mark.line + 1 : 0,
                           at ? (int)at->start_mark.column + 1 : 0, v->entry, "%s", msg);
}

/* A body: a scalar (vcrpy's request), or {string: ...} / {base64_string: ...}
 * (Ruby VCR, vcrpy's response); !!binary scalars are base64. malloc'd bytes,
 * or NULL with *len 0 when there is none; *bad after an error. */
static char *body(vcr *v, yaml_node_t *b, size_t *len, int *bad)
{
    *len = 0;
    *bad = 0;
    yaml_node_t *s = b && b->type == YAML_MAPPING_NODE ? get(v, b, "string") : b;
    yaml_node_t *b64 = b && b->type == YAML_MAPPING_NODE ? get(v, b, "base64_string") : NULL;
    if (b64 || is_binary(s)) {
        yaml_node_t *at = b64 ? b64 : s;
        char *bytes = text(at) ? hn__import_base64(text(at), len) : NULL;
        if (!bytes)
            *bad = fail(v, at, "the body is marked %s but is not base64",
                        b64 ? "base64_string" : "!!binary");
        return bytes;
    }
    if (s && s->type != YAML_SCALAR_NODE) {
        *bad = fail(v, s, "the body is not a string%s", "");
        return NULL;
    }
    const char *t = text(s);
    if (!t && s && s->type == YAML_SCALAR_NODE && s->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        t = ""; /* '' */
    if (!t || !t[0])
        return NULL;
    *len = s->data.scalar.length;
    char *bytes = malloc(*len + 1);
    if (bytes) {
        memcpy(bytes, t, *len);
        bytes[*len] = '\0';
    }
    return bytes;
}

/* Headers: {Name: [values]} (both tools) or {Name: value}. */
static int headers(vcr *v, yaml_node_t *h, hn__import_item *it, int req)
{
    if (!h || (h->type == YAML_SCALAR_NODE && !text(h)))
        return 0;
    if (h->type != YAML_MAPPING_NODE)
        return fail(v, h, "the headers are not a mapping of names to values%s", "");
    for (yaml_node_pair_t *p = h->data.mapping.pairs.start; p < h->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(v, p->key), *val = node(v, p->value);
        const char *name = text(k);
        if (!name)
            return fail(v, k, "a header has no name%s", "");
        int list = val && val->type == YAML_SEQUENCE_NODE;
        yaml_node_item_t *i = list ? val->data.sequence.items.start : NULL;
        yaml_node_item_t *top = list ? val->data.sequence.items.top : NULL;
        for (yaml_node_t *one = !list ? val : i < top ? node(v, *i) : NULL; one;
             one = list && ++i < top ? node(v, *i) : NULL) {
            const char *value = text(one);
            if (!value && one->type != YAML_SCALAR_NODE)
                return fail(v, one, "header \"%s\" has a value that is not text", name);
            if ((req ? hn__import_req_header(it, name, value ? value : "")
                     : hn__import_resp_header(it, name, value ? value : "")))
                return fail(v, NULL, "out of memory%s", "");
            if (!list)
                break;
        }
    }
    return 0;
}

static int interaction(vcr *v, yaml_node_t *in, size_t i, const char *list)
{
    char entry[64];
    snprintf(entry, sizeof entry, "%s[%zu]", list, i);
    v->entry = entry;
    yaml_node_t *req = get(v, in, "request"), *resp = get(v, in, "response");
    if (!req || !resp)
        return fail(v, in, "the interaction has no %s", req ? "response" : "request");
    const char *method = text(get(v, req, "method")), *uri = text(get(v, req, "uri"));
    yaml_node_t *status = get(v, resp, "status");
    const char *code = text(get(v, status, "code"));
    if (!code)
        code = text(status); /* status: 200 */
    if (!method || !uri)
        return fail(v, req, "the request has no %s", method ? "uri" : "method");
    char *end = NULL;
    long st = code ? strtol(code, &end, 10) : 0;
    if (!code || *end || st < 100 || st > 599)
        return fail(v, status ? status : resp, "the response status is \"%s\"; expected a "
                                               "code from 100 to 599",
                    code ? code : "(none)");
    hn__import_item *it = hn__import_add(v->im, v->path, entry, (int)in->start_mark.line + 1,
                                         (int)in->start_mark.column + 1, method, uri);
    if (!it)
        return -1;
    it->response.status = st;
    const char *when = text(get(v, in, "recorded_at"));
    if (when && hn__import_date(when, &it->recorded_at))
        return fail(v, get(v, in, "recorded_at"),
                    "recorded_at is \"%s\"; expected a date such as \"Tue, 01 Nov 2011 "
                    "04:58:44 GMT\"",
                    when);
    it->has_time = when != NULL;
    if (headers(v, get(v, req, "headers"), it, 1) || headers(v, get(v, resp, "headers"), it, 0))
        return -1;
    size_t len;
    int bad;
    char *bytes = body(v, get(v, req, "body"), &len, &bad);
    if (!bad && bytes && hn__import_req_body(it, bytes, len, NULL))
        bad = fail(v, NULL, "out of memory%s", "");
    free(bytes);
    bytes = bad ? NULL : body(v, get(v, resp, "body"), &len, &bad);
    if (!bad && bytes && hn__import_resp_body(it, bytes, len))
        bad = fail(v, NULL, "out of memory%s", "");
    free(bytes);
    return bad ? -1 : 0;
}

static int cassette(vcr *v)
{
    yaml_node_t *root = yaml_document_get_root_node(&v->doc);
    const char *list = "http_interactions";
    yaml_node_t *seq = get(v, root, list);
    if (!seq)
        seq = get(v, root, list = "interactions"); /* vcrpy */
    if (!seq || seq->type != YAML_SEQUENCE_NODE)
        return fail(v, root, "not a VCR cassette: expected %s",
                    "\"http_interactions:\" (Ruby VCR) or \"interactions:\" (vcrpy), a list");
    size_t i = 0;
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
         it++, i++)
        if (interaction(v, node(v, *it), i, list))
            return -1;
    return 0;
}

int hn__import_vcr(hn__import *im, const char *path, const char *text_in, size_t len)
{
    vcr v = {.im = im, .path = path};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return hn__import_fail(im, path, 0, 0, NULL, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text_in, len);
    int rc;
    if (!yaml_parser_load(&parser, &v.doc)) {
        yaml_mark_t m = parser.problem_mark;
        rc = hn__import_fail(im, path, (int)m.line + 1, (int)m.column + 1, NULL,
                             "not valid YAML: %s%s%s; is it a VCR cassette?",
                             parser.problem ? parser.problem : "a syntax error",
                             parser.context ? " " : "", parser.context ? parser.context : "");
    } else {
        rc = yaml_document_get_root_node(&v.doc)
                 ? cassette(&v)
                 : hn__import_fail(im, path, 0, 0, NULL, "the file is empty, not a cassette");
        yaml_document_delete(&v.doc);
    }
    yaml_parser_delete(&parser);
    return rc;
}
