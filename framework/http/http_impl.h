/* SPDX-License-Identifier: MIT */
/* http_impl.h: the insides of the libcurl transport double shared by
 * http*.c: handles as the code configured them, requests, URLs, matching. */
/* The component framework/http/: HN_HTTP_FIXTURES: the libcurl transport
 * double answered from fixtures. It uses base, json, core, diff, fixtures,
 * doubles, live, variants (framework/LAYERS); this is its main header. */
#ifndef HN_HTTP_IMPL_H
#define HN_HTTP_IMPL_H

/* The definitions here stand in for libcurl's: no type-checking macros, and
 * deprecated options are still options the code under test may set. */
#define CURL_DISABLE_TYPECHECK 1
#define CURL_DISABLE_DEPRECATION 1
#include <curl/curl.h>

#include <stddef.h>

#include <honest/fixture.h>

#include "base/buf.h"

/* ---- http_double.c: the real libcurl, behind the interposed functions -- */

/* Whether shared libraries see honest's curl_easy_perform (1), or libcurl's
 * (0: code under test in a shared library would bypass the double); where
 * names the object that wins (static storage or "?"). */
int hn__http_double_visible(const char **where);
/* Finds libcurl's functions (once in a process). */
void hn__http_double_resolve(void);
/* Does, in the fork server before the first test is forked, what the first
 * transfer of every test process would: finds libcurl's functions and runs
 * curl_global_init(CURL_GLOBAL_DEFAULT) and a first curl_easy_init and
 * cleanup. Nothing when libcurl is not loaded. (http_double.c) */
void hn__http_double_warm(void);
/* libcurl's own curl_easy_perform and curl_easy_setopt (for one pointer or
 * function argument), bypassing the record of options. */
CURLcode hn__http_double_real_perform(CURL *c);
CURLcode hn__http_double_setopt_ptr(CURL *c, CURLoption opt, void *p);
CURLcode hn__http_double_setopt_fn(CURL *c, CURLoption opt, void (*f)(void));
/* 1 while libcurl's own curl_easy_perform runs on this thread: the curl_multi_*
 * calls it makes reach http_multi.c and must go to libcurl. */
int hn__http_double_in_real(void);
/* Stores libcurl's definition of function name into *fn_slot (NULL when absent). */
void hn__http_double_find(void *fn_slot, const char *name);
/* Gives libcurl the options the code set on c that were only recorded so far
 * (deferred), and stops deferring c's options: every call that passes c on
 * to libcurl makes it first. Nothing for an unknown handle or NULL. */
void hn__http_double_flush(CURL *c);

/* ---- http_pass.c: the other functions that take an easy handle ------- */

/* Finds libcurl's definitions of the functions http_pass.c passes calls on
 * to (once; hn__http_double_warm calls it, which also links http_pass.c into
 * every program that has the double). */
void hn__http_pass_resolve(void);

/* ---- http_multi.c: the multi interface --------------------------------- */

/* Forgets easy handle c wherever a multi handle holds it (curl_easy_cleanup). */
void hn__http_multi_forget(CURL *c);

/* ---- http_handle.c: easy handles as the code configured them ---------- */

typedef size_t (*hn__http_data_fn)(char *, size_t, size_t, void *);
typedef int (*hn__http_xfer_fn)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
typedef int (*hn__http_progress_fn)(void *, double, double, double, double);

/* One setopt argument, typed by the option's range (CURLOPTTYPE_*). */
typedef union hn__http_arg {
    long l;
    void *p;
    void (*f)(void);
    curl_off_t o;
} hn__http_arg;

typedef enum hn__http_method {
    HN__HTTP_GET = 0,
    HN__HTTP_POST,
    HN__HTTP_PUT,
    HN__HTTP_HEAD
} hn__http_method;

/* An option not interpreted, remembered as given. */
typedef struct hn__http_other {
    CURLoption opt;
    hn__http_arg v;
} hn__http_other;

/* What the code asked of a handle, mirroring libcurl's rules. Strings libcurl
 * copies are copied (owned); pointers libcurl keeps are kept (borrowed). */
typedef struct hn__http_opts {
    char *url, *custom;
    CURLU *curlu;                  /* CURLOPT_CURLU (borrowed): the URL when url is unset */
    hn__http_method method;
    const char *postfields;        /* POSTFIELDS (borrowed) */
    char *postcopy;                /* COPYPOSTFIELDS (owned) */
    size_t postcopy_len;
    curl_off_t postsize;           /* -1: strlen(postfields) */
    int mime;                      /* MIMEPOST or HTTPPOST: body unseen */
    const struct curl_slist *headers;
    char *useragent, *userpwd, *username, *password, *bearer, *cookie, *referer;
    long httpauth;
    hn__http_data_fn write, header, read;
    void *write_data, *header_data, *read_data;
    curl_off_t infilesize;         /* -1: unknown */
    char *errbuf;
    long failonerror, include_header, follow, maxredirs, noprogress;
    hn__http_xfer_fn xferinfo;
    hn__http_progress_fn progress;
    void *progress_data;
    hn__http_other *other;
    size_t nother, othercap;
} hn__http_opts;

typedef struct hn__http_hdr {
    char *name;
    char *value;
} hn__http_hdr;

/* The answer a fixture gave to a handle's last transfer, for getinfo. */
typedef struct hn__http_answer {
    int answered;          /* 1: the last transfer was answered by a fixture */
    long status;           /* 0 for a transport error */
    char *url, *method, *content_type, *redirect_url;
    hn__http_hdr *headers; /* of the last response, for curl_easy_header */
    size_t nheaders;
    curl_off_t down, up, header_size, request_size, content_length, retry_after;
    long redirects, os_errno, connects;
    struct curl_header hout;
} hn__http_answer;

typedef struct hn__http_handle {
    CURL *curl;
    hn__http_opts o;
    hn__http_answer a;
    int paused;            /* a write callback asked for CURL_WRITEFUNC_PAUSE */
    int delivering;        /* inside an answer (curl_easy_pause is ours) */
    /* Deferred options (http_double.c): while defer is 1 the handle has not
     * reached libcurl since curl_easy_init, and the options of `pending` (a
     * bit each, hn__http_double_flush) are only recorded here, given to
     * libcurl by the first call that passes the handle on to it. */
    int defer;
    unsigned pending;
    int spare;             /* made by the launcher before the fork */
    struct hn__http_handle *next;
} hn__http_handle;

/* The record of handle c, made when absent (a handle from before honest was
 * loaded starts empty). Never NULL (out of memory aborts). The record
 * stays valid until hn__http_handle_remove(c); libcurl's rule that a
 * handle is used by one thread at a time makes it safe to use unlocked. */
hn__http_handle *hn__http_handle_get(CURL *c);
/* The record of c, or NULL when there is none. */
hn__http_handle *hn__http_handle_find(CURL *c);
/* Forgets c (curl_easy_cleanup). Unknown handles are ignored. */
void hn__http_handle_remove(CURL *c);
/* Empties h's options and answer (curl_easy_reset). */
void hn__http_handle_reset(hn__http_handle *h);
/* Gives the record of `to` a copy of the options of `from` (duphandle). */
void hn__http_handle_dup(CURL *from, CURL *to);
/* Records that option opt was set to a (after libcurl accepted it). */
void hn__http_handle_setopt(hn__http_handle *h, CURLoption opt, hn__http_arg a);
/* Empties the answers of every handle (a test ended: what they pointed at
 * goes away). */
void hn__http_handle_forget_answers(void);
/* Releases what an answer holds and zeroes it. */
void hn__http_handle_answer_free(hn__http_answer *a);

/* ---- http_url.c: URLs in parts, placeholders as wildcards ------------- */

typedef struct hn__http_param {
    char *name;  /* percent-decoded, '+' as space */
    char *value; /* NULL for a name without '=' */
} hn__http_param;

typedef struct hn__http_url {
    char *scheme; /* lower case; "http" when the URL has none (libcurl's guess) */
    char *host;   /* lower case */
    char *port;   /* as written, else the scheme's default ("443"), else "" */
    char *path;   /* "/" at least; %XX of unreserved bytes decoded */
    char *base;   /* a URL starting with a placeholder ("${API_BASE}/v1/x"):
                     the placeholder and the path, as a pattern for the whole
                     request URL without its query; scheme, host and port are
                     then "". NULL otherwise */
    hn__http_param *params;
    size_t nparams;
} hn__http_url;

/* Splits url into *u (free with hn__http_url_free). Never fails on text:
 * what is not a URL lands in host or path as written. */
void hn__http_url_parse(const char *url, hn__http_url *u);
void hn__http_url_free(hn__http_url *u);
/* u's scheme://host[:port]path, the port only when not the scheme's
 * default, without the query; malloc'd, the caller frees it. */
char *hn__http_url_text(const hn__http_url *u);
/* Splits a query string or form body (len bytes) into parameters;
 * *params is malloc'd (free each with hn__http_url_params_free). */
void hn__http_url_params(const char *q, size_t len, hn__http_param **params, size_t *n);
void hn__http_url_params_free(hn__http_param *params, size_t n);
/* 1 when s (n bytes) matches pattern p, where each ${NAME} of p matches one
 * or more bytes none of which is in `stops`, and $${ is a literal ${. */
int hn__http_url_like(const char *p, const char *s, size_t n, const char *stops);
/* hn__http_url_like, but a placeholder at the start of p matches any bytes,
 * stops included (a base: "https://api.example.com:8443/prefix"). */
int hn__http_url_like_base(const char *p, const char *s, size_t n, const char *stops);
/* 1 when s is exactly one placeholder, "${NAME}". */
int hn__http_url_is_placeholder(const char *s);

/* ---- http_req.c: the request a handle's options make ------------------ */

typedef struct hn__http_req {
    char *method;
    char *url;
    char *body;            /* NUL-terminated; "" when none */
    size_t body_len;
    int body_unknown;      /* a MIME body honest cannot see */
    hn__http_hdr *headers; /* as libcurl would send them, defaults included */
    size_t nheaders, headercap;
    hn__http_url parts;    /* url taken apart (hn__http_req_set_url keeps it so) */
} hn__http_req;

/* Builds the request h's options describe (reading POST fields, and with
 * read_uploads the read callback of an upload; without, such a body is
 * unknown). Returns CURLE_OK, or the code libcurl would give (no URL:
 * CURLE_URL_MALFORMAT; a read callback that aborts:
 * CURLE_ABORTED_BY_CALLBACK) with a message in err (errlen bytes). Free rq
 * with hn__http_req_free. */
CURLcode hn__http_req_build(const hn__http_handle *h, int read_uploads, hn__http_req *rq,
                            char *err, size_t errlen);
void hn__http_req_free(hn__http_req *rq);
/* Frees n headers (names and values) and the array; NULL is a no-op. */
void hn__http_req_hdrs_free(hn__http_hdr *hdrs, size_t n);
/* Replaces rq's URL (a redirect) with url, which rq takes over. */
void hn__http_req_set_url(hn__http_req *rq, char *url);
/* The first value of header name (case-insensitive), or NULL. */
const char *hn__http_req_header(const hn__http_req *rq, const char *name);
/* 1 when name (any case) is a header libcurl or a recorder adds by itself
 * (Host, User-Agent, Accept, ...): fixtures neither match nor record it. */
int hn__http_req_transport_header(const char *name);
/* Appends rq's body, escaped and cut after max bytes, to b. */
void hn__http_req_excerpt(hn__buf *b, const char *body, size_t len, size_t max);

/* ---- http_redact.c: what --record and --live may show ------------------- */

/* rq as a fixture's request object ({"method", "url", "headers" (without
 * transport headers), body}); the caller deletes it. NULL: no memory. */
struct cJSON *hn__http_req_json(const hn__http_req *rq);
/* The redaction for showing rq and the answer to it: the defaults, the
 * HN__REDACT_FILE files beside `beside` (a fixture path; NULL: none), fx's
 * rules and placeholders' values (fx may be NULL), and the secrets rq sent.
 * The caller frees it (hn__redact_free). NULL: no memory. */
struct hn__redact *hn__http_redact_for(const hn__http_req *rq, const hn_fixture *fx,
                                       const char *beside);
/* rq->url as it may be shown through r: malloc'd, or NULL (no memory). */
char *hn__http_shown_url(const struct hn__redact *r, const hn__http_req *rq);

/* ---- http_match.c: a request against a fixture ------------------------ */

/* 0 when fixture fx answers rq; otherwise a distance (larger is further),
 * and when why is not NULL one line per difference is appended to it
 * ("    method: fixture POST, request GET"). */
unsigned hn__http_match(const hn_fixture *fx, const hn__http_req *rq, hn__buf *why);
/* 1 when fx answers rq, else 0: hn__http_match(fx, rq, NULL) == 0, but it
 * stops at the first difference. url: fx's request URL taken apart (kept by
 * the caller across requests). */
int hn__http_matches(const hn_fixture *fx, const hn__http_url *url, const hn__http_req *rq);
/* hn__http_match with fx's request URL given taken apart (url), as a server
 * binds it to its own base (serve/). */
unsigned hn__http_match_url(const hn_fixture *fx, const hn__http_url *url,
                            const hn__http_req *rq, hn__buf *why);

/* ---- http.c: the fixtures of the running test ------------------------- */

/* What HN_HTTP_FIXTURES does with transfers now. */
typedef enum hn__http_mode {
    HN__HTTP_OFF = 0,  /* nothing: the real libcurl */
    HN__HTTP_ANSWER,   /* answered from the fixtures */
    HN__HTTP_LIVE,     /* --live: sent to the network, compared with the fixtures */
    HN__HTTP_RECORD    /* --record=missing|all: recorded from the network (http_record.c) */
} hn__http_mode;
hn__http_mode hn__http_active(void);
/* The fixture that answers rq, or NULL: then the test has failed with the
 * nearest fixture and the differences (and, with msg, the reason for
 * CURLOPT_ERRORBUFFER is written there, msglen bytes). The request is
 * logged for hn_http_request_*; rq stays the caller's. */
const hn_fixture *hn__http_pick(const hn__http_req *rq, char *msg, size_t msglen);
/* Under --live: the fixture that matches rq (the same choice as
 * hn__http_pick), or NULL; never fails the test. The request is logged. */
const hn_fixture *hn__http_pick_live(const hn__http_req *rq);
/* Fails the running test (not fatally: the code under test goes on) at its
 * first HN_HTTP_FIXTURES. */
void hn__http_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Records an event of the running test (kind: an hn__event_kind of
 * outcome.h) at its first HN_HTTP_FIXTURES. */
void hn__http_event(int kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- http_answer.c: a fixture's response delivered to the code -------- */

/* Answers h's transfer of rq with fixture fx (callbacks, error buffer,
 * redirects followed when asked) and returns what curl_easy_perform
 * returns. Fills h->a for getinfo. */
CURLcode hn__http_answer_deliver(hn__http_handle *h, hn__http_req *rq,
                                 const hn_fixture *fx);
/* curl_easy_getinfo for an answered handle: 1 when info was answered
 * (*rc set, out written), 0 when the real libcurl should answer it. */
int hn__http_answer_info(const hn__http_handle *h, CURLINFO info, void *out, CURLcode *rc);
/* curl_easy_header for an answered handle. */
CURLHcode hn__http_answer_header(hn__http_handle *h, const char *name, size_t index,
                                 unsigned origin, int request, struct curl_header **hout);
/* curl_easy_nextheader for an answered handle: the header after prev (the
 * first when prev is NULL), or NULL. */
struct curl_header *hn__http_answer_next(hn__http_handle *h, unsigned origin, int request,
                                         struct curl_header *prev);
/* Records a transfer that got no answer (no fixture matched, or it could not
 * be built): getinfo then reports status 0 and no connection. */
void hn__http_answer_none(hn__http_handle *h, const hn__http_req *rq);

/* ---- http_live.c: --live ------------------------------------------------ */

/* Sends h's transfer to the network with libcurl, the code's callbacks fed
 * as usual, and reports how the live answer differs from the fixture that
 * matches the request (a warning that fails the test under --strict). A
 * request whose fixture records a transport error is answered from the
 * fixture (the network cannot be made to fail on cue). Returns what
 * curl_easy_perform returns. */
CURLcode hn__http_live_perform(hn__http_handle *h);

/* Adds a fixture recorded during the test (http_record.c) to the test's set,
 * counted as used. (http.c) */
void hn__http_add_recorded(const hn_fixture *fx);

/* ---- http_record.c: --record=missing|all (verify and record's part) ---- */

/* 1 when HN_HTTP_FIXTURES at file:line records (--record=missing or all,
 * not --live); 0 otherwise, and when CI is set without HN_ALLOW_RECORD=1,
 * after failing the test: a CI run never records silently. */
int hn__http_record_mode(const char *file, int line);
/* Under --record: 1 when path (as HN_HTTP_FIXTURES got it) names a fixture
 * file that does not exist yet, which then receives the next new recording;
 * 0 when it exists (load it as usual). */
int hn__http_record_target(const char *path, const char *site, int line);
/* Under --record: dir (resolved) receives new recordings once the new files
 * are used up (the first directory named wins). */
void hn__http_record_dir(const char *dir, const char *site, int line);
/* Answers h's transfer under --record: from the matching fixture (missing),
 * or from a new recording of the live answer (no match, or --record=all),
 * written atomically and redacted as `honest record` does. */
CURLcode hn__http_record_perform(hn__http_handle *h);
/* Appends to b the file name stem --record gives a request: the method in
 * lower case, then the URL's host and path with each run of other bytes
 * than [A-Za-z0-9._] as one '-' ("get-api.example.com-v1-items"). */
void hn__http_record_stem(hn__buf *b, const char *method, const char *url);

#endif
