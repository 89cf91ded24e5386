/* SPDX-License-Identifier: MIT */
/* serve_impl.h: the insides of serve/ shared by serve.c (the daemon),
 * serve_set.c (the fixtures and their use) and proxy.c (forwarding). */
#ifndef HN_SERVE_IMPL_H
#define HN_SERVE_IMPL_H

#include <pthread.h>
#include <stdint.h>

#include "serve/mhd_api.h"
#include "serve/serve.h"
#include "http/http_serve.h"
#include "live/http_client.h"

/* Unmatched requests whose text is kept with keep_misses. */
#define HN__SERVE_MAX_MISSES 16

typedef struct hn__proxy_writer hn__proxy_writer;
struct hn__redact;
struct hn__redact_bases;

typedef struct hn__serve_entry {
    const hn_fixture *fx;
    hn_fixture *owned;       /* fx when the server frees it, else NULL */
    hn__http_pattern *url;   /* fx's request URL bound to the server's base */
    unsigned uses;
    int recorded;            /* recorded by this proxy */
    int nearest;             /* named as the nearest to an unmatched request */
} hn__serve_entry;

struct hn__serve {
    hn__serve_config cfg;    /* strings owned */
    const hn__mhd_api *mhd;
    struct MHD_Daemon *daemon;
    char *cert, *key;        /* PEM text, for the daemon's life */
    char base[80];
    pthread_mutex_t lock;    /* the fields below */
    hn__serve_entry *v;
    size_t n, cap;
    unsigned long changes;   /* fixtures added or replaced so far */
    unsigned long requests, answered, unmatched, forwarded, recorded, failed;
    char *misses[HN__SERVE_MAX_MISSES];
    size_t nmisses;
    hn_fixture **retired;    /* replaced by a re-recording, freed with the server */
    size_t nretired, retiredcap;
    pthread_mutex_t record_lock; /* the proxy: making a recording (its file name and its
                                    place in the set); --record=missing: forwarding */
    pthread_cond_t recorded_all; /* with record_lock: unrecorded fell to 0 */
    unsigned long unrecorded;    /* --record=missing: forwarded, not yet in the set */
    uint32_t vmask;          /* --variants: the kinds, as 1 << hn__vkind; 0: off */
    uint64_t vstate;         /* --variants: the generator, seeded with cfg.seed */
    unsigned long variants_served;
    /* The proxy: idle upstream clients, each keeping its connections alive
     * (proxy.c), under lock; and the writer of recordings (proxy_writer.c). */
    hn__http_client **clients;
    size_t nclients;
    hn__proxy_writer *writer;
    struct hn__redact_bases *rules; /* the redaction recordings start from (proxy.c) */
};

/* ---- serve_set.c -------------------------------------------------------- */

/* Adds fx (bound once the base is known). Takes the lock. */
void hn__serve_set_add(hn__serve *s, const hn_fixture *fx, hn_fixture *owned, int recorded,
                       unsigned uses);
/* Puts new_fx (owned from now) in the place of old_fx, which is kept until
 * the server is freed (a thread may still read it). Takes the lock. */
void hn__serve_set_replace(hn__serve *s, const hn_fixture *old_fx, hn_fixture *new_fx);
/* 1 when a fixture of the set has path path (a recording maybe not written
 * yet). Takes the lock. */
int hn__serve_set_has_path(hn__serve *s, const char *path);
/* How many fixtures were added or replaced so far (a choice made when it
 * was n gives the same fixture while it still is). Takes the lock. */
unsigned long hn__serve_set_changes(hn__serve *s);
/* Binds every fixture's URL to s->base (hn__serve_start). */
void hn__serve_set_bind(hn__serve *s);
/* The fixture that answers in (the first match not used yet, else the last
 * match, as HN_HTTP_FIXTURES chooses), counted as used (and as answered from
 * a fixture when answering > 0; with answering < 0 nothing is counted: the
 * fixture a later choice would take); NULL when none. */
const hn_fixture *hn__serve_choose(hn__serve *s, const hn__http_in *in, int answering);
/* For a request no fixture answers: the JSON body of the 404 (malloc'd),
 * counted as unmatched, logged and kept as the configuration asks. */
char *hn__serve_explain(hn__serve *s, const hn__http_in *in);

/* ---- serve.c ------------------------------------------------------------ */

/* Queues a response: status, headers ("Name", "value" pairs, n of them) and
 * body (copied). MHD_YES or MHD_NO. */
enum MHD_Result hn__serve_reply(hn__serve *s, struct MHD_Connection *c, int status,
                                const char *const *headers, size_t n, const char *body,
                                size_t len);
/* Queues fixture fx's response (a transport error closes the connection). */
enum MHD_Result hn__serve_reply_fixture(hn__serve *s, struct MHD_Connection *c,
                                        const hn_fixture *fx);
/* The same for a fixture that does not outlive the call (the body is
 * copied), with one more header (name, value; name may be NULL). */
enum MHD_Result hn__serve_reply_fixture_copy(hn__serve *s, struct MHD_Connection *c,
                                             const hn_fixture *fx, const char *name,
                                             const char *value);
/* 1 when a response header is one the server writes itself (Content-Length,
 * Transfer-Encoding, Connection, Keep-Alive, Content-Encoding of a body
 * stored decoded). */
int hn__serve_hop_header(const char *name);

/* ---- serve_variant.c ---------------------------------------------------- */

/* Reads cfg.variants (KINDS) and seeds the generator; 0, or -1 with err. */
int hn__serve_variants_init(hn__serve *s, char *err, size_t errlen);
/* Answers with a variant of fx: the one `asked` names (the request's
 * X-Honest-Variant: "KIND" or "KIND@PATH"; a 400 naming fx's places when it
 * has no such place), or, with asked NULL, one drawn from the kinds of
 * --variants (fx itself when it has no place for them). The answer carries
 * X-Honest-Variant: KIND@PATH; slow waits, then closes the connection. */
enum MHD_Result hn__serve_reply_variant(hn__serve *s, struct MHD_Connection *c,
                                        const hn_fixture *fx, const char *asked);

/* ---- proxy.c ------------------------------------------------------------ */

/* Answers in (uri: its path and query as received) as the proxy: from a
 * fixture under --record=missing, else forwarded, answered with the
 * upstream's answer and handed to the recorder (hn__proxy_writer_record).
 * Takes in. */
enum MHD_Result hn__proxy_answer(hn__serve *s, struct MHD_Connection *c, hn__http_in *in,
                                 const char *uri);
/* Before the daemon's threads start (hn__serve_start): one upstream client
 * made (libcurl loaded once, before threads use it), the redaction rules
 * cache made (watching the rules files) and the recorder and writers
 * started. 0, or -1 with a message in err (libcurl cannot start). */
int hn__proxy_start(hn__serve *s, char *err, size_t errlen);
/* Frees the idle upstream clients and the rules cache (hn__serve_free). */
void hn__proxy_clients_free(hn__serve *s);

/* ---- proxy_record.c ----------------------------------------------------- */

/* Interactions whose recordings a later one's took the place of
 * (--record=all, hn__proxy_record): counted with it, their log lines
 * (malloc'd, or NULL) written with its. */
typedef struct hn__proxy_carry {
    unsigned long count;
    char *log;
} hn__proxy_carry;

/* Makes the recording of one forwarded interaction (the recorder thread):
 * under record_lock, the fixture (re-recorded in place under --record=all
 * when one matches, else under a new file name) redacted with the rules
 * files as they are now, put in the set and queued to be written, counted
 * as the interactions *carry holds and this one (*carry emptied); under
 * --record=missing, unrecorded counted down. A failure is counted (for
 * each) and reported on stderr (secrets hidden). Under --record=all, when
 * next (the interaction queued after this one, or NULL) would re-record
 * the same fixture in place, no recording is made: this interaction is
 * added to *carry, which the caller hands to next's recording, and 1 is
 * returned (next's recording replaces this one's, whose write would have
 * been merged with next's); else 0. */
int hn__proxy_record(hn__serve *s, const hn__http_in *in, const char *uri,
                     const hn__http_response *live, const hn__http_in *next,
                     hn__proxy_carry *carry);

/* ---- proxy_writer.c ----------------------------------------------------- */

/* Starts the threads that make and write recordings (hn__serve_start, the
 * proxy). 0, or -1 with a message in err. */
int hn__proxy_writer_start(hn__serve *s, char *err, size_t errlen);
/* Queues a forwarded interaction (in, uri and *live, taken: *live is
 * zeroed) for the recorder thread, which makes the recordings one at a
 * time in the order queued (hn__proxy_record): at once under
 * --record=missing, a few milliseconds later under --record=all; waits while the queue is full (the same bound as
 * hn__proxy_writer_put's, counting both; a recording takes the place of
 * the interaction it is made from). Without a recorder it records at once. */
void hn__proxy_writer_record(hn__serve *s, hn__http_in *in, char *uri, hn__http_response *live);
/* Queues text (len bytes) to be written to path atomically and durably
 * (hn__fixture_write_file), after every recording of path queued before
 * it (other files may be written at the same time, by other threads); waits
 * while the queue is full. A write of path that still waits takes text
 * instead (one write, counted for both). Once written it is counted as
 * `count` recordings and done (log lines, or NULL) goes to stderr; a
 * failure is counted (count times) and reported on stderr naming what (the
 * method and path as shown). Takes path, text, done and what (malloc'd).
 * Without a writer it writes at once. */
void hn__proxy_writer_put(hn__serve *s, char *path, char *text, size_t len, char *done,
                          char *what, unsigned long count);
/* Records and writes everything queued, then stops the recorder and the
 * writers (hn__serve_stop, after the daemon stopped); again, or without a
 * writer, a no-op. */
void hn__proxy_writer_drain(hn__serve *s);
/* text as the proxy's log may show it: the secrets r knows (or, with r
 * NULL, the defaults and the environment's) and sensitive query parameters
 * redacted. Malloc'd. */
char *hn__proxy_shown(const struct hn__redact *r, const char *text);

#endif
