/* SPDX-License-Identifier: MIT */
/* provider_secrets.c: the loopback provider run with --secrets NONCE, the
 * careless provider of the secrets corpus (selftest/secrets): it echoes every
 * header, query parameter and body it receives and hands out its own tokens
 * in headers and nested bodies, NONCE-WHAT-vN; version 2 rotates them and
 * adds fields. */
#include "provider.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_long answered;

/* A token of this provider: NONCE-what-vN. */
static const char *token(const char *what, char *out, size_t cap)
{
    snprintf(out, cap, "%s-%s-v%d", provider_nonce, what, atomic_load(&provider_version));
    return out;
}

typedef struct members {
    hn__buf *b;
    int n;
} members;

static enum MHD_Result member(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
    (void)kind;
    members *m = cls;
    hn__buf_puts(m->b, m->n++ ? "," : "");
    hn__buf_quote_json(m->b, key);
    hn__buf_puts(m->b, ":");
    hn__buf_quote_json(m->b, value ? value : "");
    return MHD_YES;
}

static void object_of(hn__buf *b, struct MHD_Connection *c, enum MHD_ValueKind kind)
{
    members m = {b, 0};
    hn__buf_puts(b, "{");
    MHD_get_connection_values(c, kind, member, &m);
    hn__buf_puts(b, "}");
}

static enum MHD_Result answer(struct MHD_Connection *c, const char *url, const char *method,
                              const upload *up)
{
    char t[10][128];
    int v2 = atomic_load(&provider_version) == 2;
    const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Api-Key");
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *qkey = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "api_key");
    hn__buf b = {0};
    char count[32];
    snprintf(count, sizeof count, "%ld", atomic_fetch_add(&answered, 1));
    hn__buf_puts(&b, "{\"echo\":{\"method\":");
    hn__buf_quote_json(&b, method);
    hn__buf_puts(&b, ",\"path\":");
    hn__buf_quote_json(&b, url);
    hn__buf_puts(&b, ",\"query\":");
    object_of(&b, c, MHD_GET_ARGUMENT_KIND);
    hn__buf_puts(&b, ",\"headers\":");
    object_of(&b, c, MHD_HEADER_KIND);
    hn__buf_puts(&b, ",\"jar\":");
    object_of(&b, c, MHD_COOKIE_KIND);
    hn__buf_puts(&b, ",\"body\":");
    hn__buf_quote_json(&b, up->data);
    hn__buf_puts(&b, "},\"session\":{\"access_token\":");
    hn__buf_quote_json(&b, token("access", t[0], sizeof t[0]));
    hn__buf_puts(&b, ",\"refresh_token\":");
    hn__buf_quote_json(&b, token("refresh", t[1], sizeof t[1]));
    hn__buf_puts(&b, ",\"expires_in\":3600,\"profile\":{\"name\":\"alice\",\"id_token\":");
    hn__buf_quote_json(&b, token("idtoken", t[2], sizeof t[2]));
    /* Secret only by the fixture's own rule ("redact"). */
    hn__buf_puts(&b, "},\"opaque_handle\":");
    hn__buf_quote_json(&b, token("handle", t[3], sizeof t[3]));
    hn__buf_puts(&b, "},\"items\":[{\"id\":1,\"token\":");
    hn__buf_quote_json(&b, token("item", t[4], sizeof t[4]));
    hn__buf_puts(&b, "}],\"links\":{\"next\":");
    char next[256];
    snprintf(next, sizeof next, "/api?page=3&signature=%s", token("sig", t[7], sizeof t[7]));
    hn__buf_quote_json(&b, next);
    hn__buf_puts(&b, "},\"count\":");
    hn__buf_puts(&b, count);
    if (v2) { /* new members holding new secrets: `added` in verify */
        hn__buf_puts(&b, ",\"grant\":{\"scope\":\"read\",\"client_secret\":");
        hn__buf_quote_json(&b, token("grant", t[5], sizeof t[5]));
        hn__buf_puts(&b, "},\"note\":");
        char note[1024];
        snprintf(note, sizeof note, "keys in use: %s and %s", key ? key : "-", qkey ? qkey : "-");
        hn__buf_quote_json(&b, note);
    }
    hn__buf_puts(&b, "}");
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data,
                                                             MHD_RESPMEM_MUST_FREE);
    char cookie[256], www[256];
    snprintf(cookie, sizeof cookie, "sid=%s; Path=/; HttpOnly", token("cookie", t[5], sizeof t[5]));
    snprintf(www, sizeof www, "Bearer realm=\"api\", nonce=\"%s\"",
             token("wwwauth", t[6], sizeof t[6]));
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Set-Cookie", cookie);
    MHD_add_response_header(r, "X-Auth-Token", token("xauth", t[0], sizeof t[0]));
    MHD_add_response_header(r, "WWW-Authenticate", www);
    MHD_add_response_header(r, "X-Session-Id", token("sessionid", t[8], sizeof t[8]));
    char location[256];
    snprintf(location, sizeof location, "/api?page=3&X-Amz-Signature=%s",
             token("amzsig", t[9], sizeof t[9]));
    MHD_add_response_header(r, "Location", location);
    if (auth)
        MHD_add_response_header(r, "X-Echo-Authorization", auth);
    if (qkey)
        MHD_add_response_header(r, "X-Echo-Query-Key", qkey);
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

/* An OAuth token endpoint of the old kind: its answer is a form. */
static enum MHD_Result form_token(struct MHD_Connection *c)
{
    char a[128], b[128], body[512];
    snprintf(body, sizeof body, "access_token=%s&token_type=bearer&refresh_token=%s&expires_in=60",
             token("oauth", a, sizeof a), token("oauthrefresh", b, sizeof b));
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), body,
                                                             MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/x-www-form-urlencoded");
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

/* A SOAP-ish service: XML in, XML out, echoing what it got. */
static enum MHD_Result soap(struct MHD_Connection *c, const upload *up)
{
    char a[128];
    hn__buf b = {0};
    hn__buf_puts(&b, "<resp><sessionToken>");
    hn__buf_puts(&b, token("soap", a, sizeof a));
    hn__buf_puts(&b, "</sessionToken><got>");
    hn__buf_puts(&b, up->data ? up->data : "");
    hn__buf_puts(&b, "</got></resp>");
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data,
                                                             MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "text/xml");
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

enum MHD_Result provider_secrets(struct MHD_Connection *c, const char *url, const char *method,
                                 const upload *up)
{
    if (!strcmp(url, "/oauth/token"))
        return form_token(c);
    if (!strcmp(url, "/soap"))
        return soap(c, up);
    return answer(c, url, method, up);
}
