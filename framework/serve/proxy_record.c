/* SPDX-License-Identifier: MIT */
/* proxy_record.c: making `honest proxy`'s recordings, off the answer's path
 * (called by the recorder thread of proxy_writer.c): a forwarded interaction
 * becomes a fixture redacted as `honest record` redacts, named from method
 * and path, added to the set and queued to be written. */
#include "serve/serve_impl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fixtures/redact.h"
#include "live/record.h"
#include "base/mem.h"

/* Numbered names tried for one method and path ("get-v1-x-2.json" ...). */
#define MAX_SAME_NAME 100000

/* A file name for the interaction not taken yet (by a file, or by a
 * recording still queued for the writer), under record_lock. */
static char *new_file(hn__serve *s, const hn__http_in *in, const char *uri)
{
    hn__buf stem = {0};
    hn__http_in_stem(&stem, hn__http_in_method(in), uri);
    if (stem.len > 5 && !strcmp(stem.data + stem.len - 5, ".json"))
        stem.data[stem.len -= 5] = '\0'; /* "/v1/items.json": get-v1-items.json */
    for (int k = 1; k < MAX_SAME_NAME; k++) {
        char *p;
        struct stat st;
        if (asprintf(&p, "%s/%s%s%.0d.json", s->cfg.record_dir, hn__buf_str(&stem),
                     k > 1 ? "-" : "", k > 1 ? k : 0) < 0)
            hn__must(NULL);
        if (stat(p, &st) != 0 && !hn__serve_set_has_path(s, p)) {
            hn__buf_free(&stem);
            return p;
        }
        free(p);
    }
    hn__buf_free(&stem);
    return NULL;
}

/* The redaction a recording beside fixture_path starts from: the
 * environment's secrets and the rules files there and above, as they are
 * now (s->rules re-reads a file that changed). NULL with err filled. */
static hn__redact *rules_for(hn__serve *s, const char *fixture_path, char *err, size_t errlen)
{
    int rc;
    hn__redact *r = hn__redact_bases_get(s->rules, fixture_path, &rc, err, errlen);
    if (r && rc) {
        hn__redact_free(r);
        r = NULL;
    }
    return r;
}

/* The log line of a recording of in (`did`: "recorded into" or
 * "re-recorded"), after the lines carried; NULL without a log. */
static char *log_line(hn__serve *s, const hn__redact *r, const hn__http_in *in, const char *uri,
                      long status, const char *did, const char *path, const char *carried)
{
    if (!s->cfg.log)
        return NULL;
    char *u = hn__proxy_shown(r, uri), *line;
    if (asprintf(&line, "%s%s: %s %s -> %ld, %s %s\n", carried ? carried : "", s->cfg.name,
                 hn__http_in_method(in), u, status, did, path) < 0)
        hn__must(NULL);
    free(u);
    return line;
}

/* Queues fx's text for the writer, to be written to path (the log line
 * saying `did`: "recorded into" or "re-recorded"), counted as the
 * interactions carry holds and this one. 0, or -1 with a message in err
 * (out of memory). */
static int queue(hn__serve *s, const hn_fixture *fx, const char *path, const hn__redact *r,
                 const hn__http_in *in, const char *uri, long status, const char *did,
                 const hn__proxy_carry *carry, char *err, size_t errlen)
{
    size_t len;
    char *text = hn_fixture_to_text(fx, &len);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    char *u = hn__proxy_shown(r, uri), *what;
    char *done = log_line(s, r, in, uri, status, did, path, carry->log);
    if (asprintf(&what, "%s %s", hn__http_in_method(in), u) < 0)
        hn__must(NULL);
    free(u);
    hn__proxy_writer_put(s, hn__must(strdup(path)), text, len, done, what, carry->count + 1);
    return 0;
}

/* Records the interaction: a new file name, the fixture added to the set
 * (used once, so that the next identical request is answered from it) and
 * queued for the writer. 0, or -1 with a message in err. Under record_lock. */
static int record(hn__serve *s, const hn__http_in *in, const char *uri,
                  const hn__http_response *live, const hn__proxy_carry *carry, char *err,
                  size_t errlen)
{
    char *path = new_file(s, in, uri);
    if (!path) {
        snprintf(err, errlen, "no free file name for %s %s in %s", hn__http_in_method(in), uri,
                 s->cfg.record_dir);
        return -1;
    }
    char *url;
    if (asprintf(&url, "${%s}%s", s->cfg.placeholder, uri) < 0)
        hn__must(NULL);
    cJSON *req = hn__must(hn__http_in_request_json(in, url));
    hn__redact *r = rules_for(s, path, err, errlen);
    /* The secrets the client sent are learned before the answer is redacted. */
    cJSON *sent = hn__must(cJSON_Duplicate(req, 1));
    hn_fixture_error fe;
    hn_fixture *fx = NULL;
    int rc = -1;
    if (r && hn__redact_request(r, sent, NULL, NULL) == 0) {
        hn__record_meta meta = {0};
        fx = hn__record_new(req, live, &meta, r, time(NULL), path, &fe);
        char buf[2300];
        if (!fx) {
            snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
        } else if ((rc = queue(s, fx, path, r, in, uri, live->status, "recorded into", carry,
                               err, errlen)) == 0) {
            hn__serve_set_add(s, fx, fx, 1, 1);
            fx = NULL;
        }
    }
    hn_fixture_free(fx);
    cJSON_Delete(req);
    cJSON_Delete(sent);
    hn__redact_free(r);
    free(url);
    free(path);
    return rc;
}

/* --record=all: re-records fixture old in place from the live answer (its
 * name, request and verify rules kept): the new one replaces it in the set
 * and is queued for the writer. 0, or -1 with a message in err. Under
 * record_lock. */
static int record_again(hn__serve *s, const hn_fixture *old, const hn__http_in *in,
                        const char *uri, const hn__http_response *live,
                        const hn__proxy_carry *carry, char *err, size_t errlen)
{
    hn__redact *r = rules_for(s, hn_fixture_path(old), err, errlen);
    hn_fixture_error fe;
    hn_fixture *fx = NULL;
    int rc = -1;
    if (r) {
        fx = hn__record_again(old, live, r, NULL, NULL, time(NULL), &fe);
        char buf[2300];
        if (!fx) {
            snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
        } else if ((rc = queue(s, fx, hn_fixture_path(old), r, in, uri, live->status,
                               "re-recorded", carry, err, errlen)) == 0) {
            hn__serve_set_replace(s, old, fx);
            fx = NULL;
        }
    }
    hn_fixture_free(fx);
    hn__redact_free(r);
    return rc;
}

/* --record=all: when next, the interaction queued after in, re-records old
 * in place too, in's recording would be replaced by next's before anything
 * reads it (the set's entry keeps old's name and request, so next is
 * matched as if in's were made; the write of in's text would be merged
 * with next's): in is counted in carry (with its log line) instead. 1 when
 * it was. Under record_lock. */
static int superseded(hn__serve *s, const hn_fixture *old, const hn__http_in *in,
                      const char *uri, const hn__http_response *live,
                      const hn__http_in *next, hn__proxy_carry *carry, char *err,
                      size_t errlen)
{
    if (!old || !next || hn__serve_choose(s, next, -1) != old)
        return 0;
    char *line = NULL;
    if (s->cfg.log) {
        hn__redact *r = rules_for(s, hn_fixture_path(old), err, errlen);
        if (!r)
            return 0; /* made as usual, which reports the failure */
        line = log_line(s, r, in, uri, live->status, "re-recorded", hn_fixture_path(old),
                        carry->log);
        hn__redact_free(r);
        free(carry->log);
        carry->log = line;
    }
    carry->count++;
    return 1;
}

int hn__proxy_record(hn__serve *s, const hn__http_in *in, const char *uri,
                     const hn__http_response *live, const hn__http_in *next,
                     hn__proxy_carry *carry)
{
    char err[2400];
    pthread_mutex_lock(&s->record_lock);
    const hn_fixture *old = NULL;
    if (s->cfg.record_all) {
        old = hn__serve_choose(s, in, 0);
        if (old && hn_fixture_transport_error(old) != HN_TRANSPORT_OK)
            old = NULL;
        if (superseded(s, old, in, uri, live, next, carry, err, sizeof err)) {
            pthread_mutex_unlock(&s->record_lock);
            return 1;
        }
    }
    int bad = old ? record_again(s, old, in, uri, live, carry, err, sizeof err)
                  : record(s, in, uri, live, carry, err, sizeof err);
    if (!s->cfg.record_all && --s->unrecorded == 0)
        pthread_cond_broadcast(&s->recorded_all);
    pthread_mutex_unlock(&s->record_lock);
    unsigned long count = carry->count + 1;
    free(carry->log);
    *carry = (hn__proxy_carry){0, NULL};
    if (!bad)
        return 0;
    pthread_mutex_lock(&s->lock);
    s->failed += count;
    pthread_mutex_unlock(&s->lock);
    char *u = hn__proxy_shown(NULL, uri), *e = hn__proxy_shown(NULL, err);
    fprintf(stderr, "%s: %s %s: not recorded: %s\n", s->cfg.name, hn__http_in_method(in), u, e);
    free(u);
    free(e);
    return 0;
}
