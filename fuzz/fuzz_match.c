/* SPDX-License-Identifier: MIT */
/* fuzz_match.c: the request matcher of HN_HTTP_FIXTURES and its URL
 * handling. The input is a fixture, a NUL, and a request written as
 * "METHOD URL\nName: value\n...\n\nbody" (without a NUL: the fixture's own
 * request). The full match and the quick one agree; a URL taken apart and
 * put back together parses to the same parts. */
#include <stddef.h>
#include <stdint.h>

#include <honest/fixture.h>

#include "http/http_impl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dupn(const char *s, size_t n)
{
    char *d = strndup(s, n);
    if (!d)
        abort();
    return d;
}

/* Fills rq from text (see the file's comment). */
static void request(hn__http_req *rq, const char *text)
{
    memset(rq, 0, sizeof *rq);
    const char *eol = strchr(text, '\n'), *sp = strchr(text, ' ');
    size_t first = eol ? (size_t)(eol - text) : strlen(text);
    if (sp && (size_t)(sp - text) < first) {
        rq->method = dupn(text, (size_t)(sp - text));
        rq->url = dupn(sp + 1, first - (size_t)(sp - text) - 1);
    } else {
        rq->method = dupn("GET", 3);
        rq->url = dupn(text, first);
    }
    const char *at = eol ? eol + 1 : text + first;
    while (*at && *at != '\n') {
        const char *end = strchr(at, '\n'), *colon = memchr(at, ':', end ? (size_t)(end - at) : strlen(at));
        size_t len = end ? (size_t)(end - at) : strlen(at);
        if (colon) {
            rq->headers = realloc(rq->headers, (rq->nheaders + 1) * sizeof *rq->headers);
            if (!rq->headers)
                abort();
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            rq->headers[rq->nheaders].name = dupn(at, (size_t)(colon - at));
            rq->headers[rq->nheaders++].value = dupn(v, (size_t)(at + len - v));
        }
        at += len + (end != NULL);
    }
    if (*at == '\n')
        at++;
    rq->body_len = strlen(at);
    rq->body = dupn(at, rq->body_len);
    hn__http_url_parse(rq->url, &rq->parts);
}

static int same_parts(const hn__http_url *a, const hn__http_url *b)
{
    return !strcmp(a->scheme, b->scheme) && !strcmp(a->host, b->host) &&
           !strcmp(a->path, b->path) && !a->base == !b->base;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *fxt, *rqt;
    size_t nf, nr;
    int two = fz_split(data, size, &fxt, &nf, &rqt, &nr);
    hn_fixture_error err;
    hn_fixture *fx = hn_fixture_parse(fxt, nf, "fuzz.json", &err);
    hn__http_req rq;
    if (two) {
        request(&rq, rqt);
    } else if (fx) {
        char line[4096];
        snprintf(line, sizeof line, "%s %s\n", hn_fixture_method(fx), hn_fixture_url(fx));
        request(&rq, line);
    } else {
        request(&rq, fxt); /* a URL alone: its parts */
    }
    /* A URL put back together (without a placeholder base) parses the same. */
    if (!rq.parts.base && rq.parts.host[0] && !strpbrk(rq.url, "#@[] \t") &&
        strstr(rq.url, "://")) {
        char *again = hn__http_url_text(&rq.parts);
        hn__http_url u;
        hn__http_url_parse(again, &u);
        if (!same_parts(&u, &rq.parts))
            FZ_FINDING("URL %s written back as %s parses differently", rq.url, again);
        hn__http_url_free(&u);
        free(again);
    }
    if (fx) {
        hn__buf why = {0};
        unsigned score = hn__http_match(fx, &rq, &why);
        hn__http_url fu;
        hn__http_url_parse(hn_fixture_url(fx), &fu);
        int quick = hn__http_matches(fx, &fu, &rq);
        if (quick != (score == 0))
            FZ_FINDING("the quick match says %d, the full one scores %u:\n%s", quick, score,
                       hn__buf_str(&why));
        hn__http_url_free(&fu);
        hn__buf_free(&why);
        hn_fixture_free(fx);
    }
    hn__http_req_free(&rq);
    free(fxt);
    free(rqt);
    return 0;
}
