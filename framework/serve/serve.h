/* SPDX-License-Identifier: MIT */
/* serve.h: a loopback HTTP server answering from fixtures (`honest serve`,
 * HN_HTTP_SERVER) or forwarding to an upstream and recording (`honest proxy`),
 * on libmicrohttpd (serve/). What other components may use of serve/. */
#ifndef HN_SERVE_H
#define HN_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include <honest/fixture.h>

#include "base/buf.h"

/* How a server runs. Strings are copied by hn__serve_new. */
typedef struct hn__serve_config {
    const char *name;        /* in messages: "honest serve", "HN_HTTP_SERVER(...)" */
    int port;                /* 0: an ephemeral port */
    const char *tls_cert;    /* PEM files: both, or neither (plain HTTP) */
    const char *tls_key;
    int log;                 /* 1: a line on stderr per unmatched request and recording */
    int keep_misses;         /* 1: keep the text of each unmatched request (hn__serve_misses) */
    /* The proxy (upstream not NULL): every request no fixture answers (all of
     * them with record_all) is forwarded to upstream + its path and query, and
     * recorded into record_dir with the upstream base written as ${placeholder}. */
    const char *upstream;
    const char *record_dir;
    const char *placeholder; /* default "UPSTREAM" */
    int record_all;
    long timeout_ms;         /* of a forwarded request (default 30000) */
    const char *cainfo;      /* CA file to verify an https upstream with; NULL: the system's */
    /* --variants[=KINDS] (kinds as test binaries take them; "" for all): each
     * matched request is answered with a seeded mutation of its fixture's
     * response (serve_variant.c). NULL: off. A request's X-Honest-Variant
     * header asks for one variant whatever this says. */
    const char *variants;
    uint64_t seed;           /* of --variants' choices */
} hn__serve_config;

typedef struct hn__serve hn__serve;

/* A new server, not started. NULL with a message in err (errlen bytes) when
 * the configuration cannot run (an unknown kind, half a TLS pair). */
hn__serve *hn__serve_new(const hn__serve_config *cfg, char *err, size_t errlen);
/* Adds a fixture to answer from. owned: the server frees it. Before
 * hn__serve_start only. */
void hn__serve_add(hn__serve *s, const hn_fixture *fx, int owned);
/* Loads every fixture of directory dir (as HN_HTTP_FIXTURES loads a
 * directory). Returns the number loaded, or -1 with a message in err (the
 * fixture's file:line:column for a bad one). */
long hn__serve_load_dir(hn__serve *s, const char *dir, char *err, size_t errlen);
/* Starts listening on 127.0.0.1. 0, or -1 with a message in err. */
int hn__serve_start(hn__serve *s, char *err, size_t errlen);
/* The base URL once started: "http://127.0.0.1:PORT" (https with TLS). */
const char *hn__serve_base(const hn__serve *s);
/* Stops listening (waits for requests being answered); again is a no-op. */
void hn__serve_stop(hn__serve *s);
/* Stops s and frees it with the fixtures it owns; NULL is a no-op. */
void hn__serve_free(hn__serve *s);

/* The summary as JSON (what GET /__honest/summary answers), malloc'd:
 * {"base", "requests", "answered", "unmatched", "forwarded", "recorded",
 *  "failed", "fixtures": [{"name","path","uses","recorded"}], "used",
 *  "unused": [{"name","path"}]}. */
char *hn__serve_summary_json(hn__serve *s);
/* The summary for people, appended to b (several lines). */
void hn__serve_summary_text(hn__serve *s, hn__buf *b);
/* With keep_misses: the number of unmatched requests kept and the text of
 * the i-th (the request, the nearest fixture and how it differs). */
size_t hn__serve_miss_count(hn__serve *s);
const char *hn__serve_miss_at(hn__serve *s, size_t i);
/* The i-th fixture answered from, how often it was used, and whether it was
 * named as the nearest to an unmatched request. 0, or -1 past the end. */
int hn__serve_fixture_at(hn__serve *s, size_t i, const hn_fixture **fx, unsigned *uses,
                         int *nearest);

#endif
