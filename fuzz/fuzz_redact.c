/* SPDX-License-Identifier: MIT */
/* fuzz_redact.c: redaction of a request and a response being recorded, on
 * any JSON. The input is a request object, a NUL, and a response body. What
 * comes out must not hold a secret the redaction learnt; and a request or
 * answer called plain (hn__redact_plain_message, hn__redact_plain_answer:
 * learning skips redacting a copy of it) must teach the redaction nothing. */
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <honest/fixture.h>

#include "fixtures/redact_impl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Set, like an environment variable, for half of the well-formed names (an
 * environment holds no name with other bytes). */
static const char *lookup(const char *name, void *data)
{
    (void)data;
    size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    return n && !name[n] && n % 2 ? "fuzz-secret-value-1" : NULL;
}

/* No string value under doc holds a secret r learnt (member names are
 * left alone by design: they are the API's vocabulary, not its data). */
static void no_leak(const hn__redact *r, const cJSON *doc, const char *what)
{
    if (cJSON_IsString(doc) && doc->valuestring &&
        hn__redact_leaks(r, doc->valuestring, strlen(doc->valuestring)))
        FZ_FINDING("a secret is left in the redacted %s, in \"%s\"", what, doc->valuestring);
    for (const cJSON *c = doc ? doc->child : NULL; c; c = c->next)
        no_leak(r, c, what);
}

/* The body as a live JSON answer, learnt from as the recorder does
 * (live/record.c, response_json), by a redaction that knows a secret: when
 * called plain, nothing may be learnt. */
static void plain_answer(const char *body, size_t nb)
{
    hn__redact *r = hn__redact_new();
    char err[256];
    if (!r || hn__redact_add_rule(r, "X-Fuzz-Token", 0, err, sizeof err) ||
        hn__redact_add_secret(r, "fuzz-secret-value-1", 19, "FUZZ_TOKEN"))
        abort();
    const char *names[] = {"Content-Type"}, *values[] = {"application/json"};
    int plain = hn__redact_plain_answer(r, names, values, 1, body, nb);
    size_t known = r->nsecrets, len = nb;
    cJSON *response = cJSON_CreateObject();
    cJSON_AddStringToObject(cJSON_AddObjectToObject(response, "headers"), names[0], values[0]);
    char *bytes = malloc(nb + 1);
    if (!bytes)
        abort();
    memcpy(bytes, body, nb);
    bytes[nb] = '\0';
    if (hn__redact_response_headers(r, response) == 0 && hn__redact_bytes(r, &bytes, &len) == 0 &&
        hn_fixture_json_set_body(response, bytes, len, values[0]) == 0 &&
        hn__redact_response_body(r, response) == 0 && plain && r->nsecrets != known)
        FZ_FINDING("an answer called plain taught %zu secret(s)", r->nsecrets - known);
    free(bytes);
    cJSON_Delete(response);
    hn__redact_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *req, *body;
    size_t nq, nb;
    fz_split(data, size, &req, &nq, &body, &nb);
    cJSON *request = cJSON_ParseWithLength(req, nq);
    /* Only the members a fixture's request may have, once each (the loader
     * refuses others, so no writer meets them). */
    static const char *const fields[] = {"method", "url", "headers", "body", "body_text",
                                         "body_base64"};
    for (cJSON *m = cJSON_IsObject(request) ? request->child : NULL, *next; m; m = next) {
        next = m->next;
        int known = 0;
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            known |= m->string && !strcmp(m->string, fields[i]);
        for (cJSON *e = request->child; known && e != m; e = e->next)
            known = strcmp(e->string, m->string) != 0; /* a second one: refused too */
        if (!known)
            cJSON_Delete(cJSON_DetachItemViaPointer(request, m));
    }
    /* Header names are unique ignoring case (the loader refuses a second
     * one; honest record merges repeated -H into an array). */
    cJSON *hs = cJSON_GetObjectItemCaseSensitive(request, "headers");
    for (cJSON *h = cJSON_IsObject(hs) ? hs->child : NULL, *next; h; h = next) {
        next = h->next;
        if (!h->string || !*h->string ||
            strspn(h->string, "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz") != strlen(h->string)) {
            cJSON_Delete(cJSON_DetachItemViaPointer(hs, h)); /* not a header name */
            continue;
        }
        for (cJSON *e = hs->child; e != h; e = e->next)
            if (h->string && e->string && !strcasecmp(h->string, e->string)) {
                cJSON_Delete(cJSON_DetachItemViaPointer(hs, h));
                break;
            }
    }
    /* A method is an upper-case word (the loader says so): no secret in it. */
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(request, "method");
    if (cJSON_IsString(method) && strspn(method->valuestring, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
                                      strlen(method->valuestring))
        cJSON_ReplaceItemInObjectCaseSensitive(request, "method", cJSON_CreateString("GET"));
    hn__redact *r = hn__redact_new();
    if (!r)
        abort();
    char err[256];
    if (hn__redact_add_rule(r, "X-Fuzz-Token", 0, err, sizeof err) != 0)
        abort();
    /* The method is vocabulary, like member names: a learnt secret that
     * happens to equal "POST" (a sensitive header's value) cannot leak
     * through it (found by fuzz/: finding-secret-equal-to-method). */
    int plain = cJSON_IsObject(request) &&
                hn__redact_plain_message(r, request,
                                         cJSON_GetObjectItemCaseSensitive(request, "body"), 1);
    size_t known = r->nsecrets;
    int redacted = cJSON_IsObject(request) && hn__redact_request(r, request, lookup, NULL) == 0;
    if (redacted && plain && r->nsecrets != known)
        FZ_FINDING("a request called plain taught %zu secret(s)", r->nsecrets - known);
    if (redacted)
        for (const cJSON *m = request->child; m; m = m->next)
            if (!m->string || strcmp(m->string, "method"))
                no_leak(r, m, "request");
    cJSON *response = cJSON_CreateObject();
    cJSON *headers = cJSON_AddObjectToObject(response, "headers");
    cJSON_AddStringToObject(headers, "Set-Cookie", "session=fuzz-cookie-value");
    cJSON_AddStringToObject(headers, "Content-Type", "application/json");
    char *bytes = malloc(nb + 1);
    size_t len = nb;
    if (!bytes)
        abort();
    memcpy(bytes, body, nb);
    bytes[nb] = '\0';
    if (hn__redact_response_headers(r, response) == 0 && hn__redact_bytes(r, &bytes, &len) == 0) {
        cJSON *tree = cJSON_ParseWithLength(bytes, len);
        if (tree)
            cJSON_AddItemToObject(response, "body", tree);
        if (hn__redact_response_body(r, response) == 0)
            no_leak(r, response, "response");
    }
    plain_answer(body, nb);
    for (size_t i = 0; i < hn__redact_note_count(r); i++)
        hn__redact_note_at(r, i);
    free(bytes);
    cJSON_Delete(response);
    cJSON_Delete(request);
    hn__redact_free(r);
    free(req);
    free(body);
    return 0;
}
