/* SPDX-License-Identifier: MIT */
/* http_record.c: HN_HTTP_FIXTURES under --record=missing|all: a request no
 * fixture answers (missing), or every request (all), goes once to the live
 * endpoint, its answer is recorded as a fixture (redacted, atomically), and
 * the code under test is answered from that fixture. */
#include "http/http_impl.h"
#include "base/sys.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "core/context.h"
#include "core/module.h"
#include "core/run_options.h"
#include "live/record.h"
#include "fixtures/redact.h"
#include "live/live_redact.h"
#include "base/mem.h"

/* Where this test's new recordings go: the files HN_HTTP_FIXTURES named that
 * did not exist yet, in order, then the first directory it named. */
static struct {
    char **files;
    size_t nfiles, filecap, used;
    char *dir;
    const char *site; /* the HN_HTTP_FIXTURES call that named them */
    int line;
} target;

HN__TEST_PATH static void forget_targets(void)
{
    for (size_t i = 0; i < target.nfiles; i++)
        free(target.files[i]);
    free(target.files);
    free(target.dir);
    memset(&target, 0, sizeof target);
}

static hn__module record_module = {"http_record", forget_targets, NULL, forget_targets, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&record_module);
}

HN__TEST_PATH int hn__http_record_mode(const char *file, int line)
{
    const hn__options *o = hn__ctx_options();
    if (!o || o->record == HN__RECORD_NONE || o->live)
        return 0;
    const char *ci = getenv("CI"), *allow = getenv("HN_ALLOW_RECORD");
    if (ci && *ci && !(allow && !strcmp(allow, "1"))) {
        hn__ctx_fail(0, file, line, "--record=%s refused: CI is set, and a CI run must not "
                     "record fixtures silently; answered from the recorded fixtures instead. "
                     "Set HN_ALLOW_RECORD=1 to record in CI on purpose",
                     o->record == HN__RECORD_ALL ? "all" : "missing");
        return 0;
    }
    return 1;
}

/* The path a fixture named `path` is written to: as given when absolute,
 * else under --fixtures=DIR, else beside the test's source file. */
static char *write_path(const char *path, const char *site)
{
    const hn__options *o = hn__ctx_options();
    const char *src = hn__ctx_test_file() ? hn__ctx_test_file() : site;
    const char *slash = strrchr(src, '/');
    char *p = NULL;
    if (path[0] == '/')
        p = strdup(path);
    else if (o && o->fixtures && asprintf(&p, "%s/%s", o->fixtures, path) < 0)
        p = NULL;
    else if (!(o && o->fixtures) &&
             asprintf(&p, "%.*s%s", slash ? (int)(slash - src + 1) : 0, src, path) < 0)
        p = NULL;
    return p;
}

int hn__http_record_target(const char *path, const char *site, int line)
{
    char *p = write_path(path, site);
    struct stat st;
    if (!p || stat(p, &st) == 0) {
        free(p);
        return 0; /* it exists: loaded as usual */
    }
    if (hn__grow(&target.files, &target.filecap, target.nfiles + 1, sizeof *target.files)) {
        free(p);
        return 0;
    }
    target.files[target.nfiles++] = p;
    target.site = site;
    target.line = line;
    return 1;
}

void hn__http_record_dir(const char *dir, const char *site, int line)
{
    if (target.dir)
        return;
    target.dir = strdup(dir);
    target.site = site;
    target.line = line;
}

/* A new file name in the target directory for rq: "get-HOST-PATH.json",
 * with -2, -3 ... when taken. NULL when there is no target. */
static char *new_file(const hn__http_req *rq)
{
    if (target.used < target.nfiles)
        return strdup(target.files[target.used++]);
    if (!target.dir)
        return NULL;
    hn__buf b = {0};
    hn__http_record_stem(&b, rq->method, rq->url);
    for (int k = 1; k < 1000; k++) {
        char *p = NULL;
        struct stat st;
        if (asprintf(&p, "%s/%s%s%.0d.json", target.dir, hn__buf_str(&b), k > 1 ? "-" : "",
                     k > 1 ? k : 0) < 0)
            break;
        if (stat(p, &st) != 0) {
            hn__buf_free(&b);
            return p;
        }
        free(p);
    }
    hn__buf_free(&b);
    return NULL;
}

/* --record-base=NAME[,NAME...]: when the request's URL starts with the value
 * of environment variable NAME (a whole origin or path prefix: the value is
 * followed by '/', '?' or the end), the fixture's URL is written ${NAME}
 * and the rest, so the recording matches wherever NAME points next time. */
static void rebase(cJSON *req, const char *names)
{
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(req, "url");
    if (!cJSON_IsString(url))
        return;
    const char *u = url->valuestring;
    for (const char *n = names; *n;) {
        size_t len = strcspn(n, ",");
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), n);
        const char *value = getenv(name);
        size_t vlen = value ? strlen(value) : 0;
        while (vlen && value[vlen - 1] == '/')
            vlen--;
        if (vlen && !strncmp(u, value, vlen) && strchr("/?", u[vlen])) {
            char *now;
            if (asprintf(&now, "${%s}%s", name, u + vlen) >= 0) {
                cJSON_ReplaceItemInObjectCaseSensitive(req, "url", cJSON_CreateString(now));
                free(now);
            }
            return;
        }
        n += len + (n[len] == ',');
    }
}

/* Records rq's live answer into a fixture and returns it loaded for the test
 * (NULL after a failure was recorded). old: the fixture re-recorded, or NULL. */
static const hn_fixture *record(const hn__http_req *rq, const hn_fixture *old)
{
    const hn__options *o = hn__ctx_options();
    char *path = old ? strdup(hn_fixture_path(old)) : new_file(rq), err[512] = "out of memory";
    /* Every message shows rq and its answer through `shown`. */
    hn__redact *shown = hn__http_redact_for(rq, old, path);
    char *url = hn__http_shown_url(shown, rq);
    if (!path || !url) {
        hn__http_fail("--record: no fixture matches %s %s and HN_HTTP_FIXTURES names no "
                      "directory or new file to record it in", rq->method,
                      url ? url : "(a URL)");
        free(path);
        free(url);
        hn__redact_free(shown);
        return NULL;
    }
    const char **lines = calloc(rq->nheaders + 1, sizeof *lines);
    for (size_t i = 0; lines && i < rq->nheaders; i++)
        if (asprintf((char **)&lines[i], "%s: %s", rq->headers[i].name,
                     rq->headers[i].value) < 0)
            lines[i] = NULL;
    hn__http_request req = {rq->method, rq->url, lines, lines ? rq->nheaders : 0, rq->body,
                            rq->body_len};
    hn__http_config cfg = {.concurrency = 1,
                           .timeout_ms = o && o->timeout_ms ? o->timeout_ms : 30000};
    hn__http_response live;
    hn_fixture_error fe;
    const hn_fixture *fx = NULL;
    hn__redact *r = hn__redact_new();
    cJSON *written = hn__http_req_json(rq);
    if (written && o && o->record_base)
        rebase(written, o->record_base);
    /* The secrets the code sent, as sent, are learned first (a re-recorded
     * fixture's request holds placeholders only). */
    cJSON *sent = cJSON_Duplicate(written, 1);
    char *why = NULL;
    if (!r || !sent || hn__redact_load_beside(r, path, err, sizeof err) ||
        (old && hn__redact_add_fixture_rules(r, old)) || hn__redact_request(r, sent, NULL, NULL)) {
        hn__http_fail("--record: %s", r ? err : "out of memory");
    } else if (hn__http_fetch(&cfg, &req, &live, err, sizeof err)) {
        hn__http_fail("--record: %s", (why = hn__redact_show(shown, err)) ? why : "(hidden)");
    } else if (live.result != HN__HTTP_OK) {
        why = hn__redact_show(shown, live.error);
        hn__http_fail("--record: %s %s could not be recorded: %s %s", rq->method, url,
                      hn_transport_error_name(live.transport), why ? why : "(hidden)");
        hn__http_response_free(&live);
    } else {
        hn__record_meta meta = {0};
        hn_fixture *made = old ? hn__record_again(old, &live, r, NULL, NULL, time(NULL), &fe)
                               : hn__record_new(written, &live, &meta, r, time(NULL), path,
                                                &fe);
        char buf[2300];
        if (made && hn_fixture_write(made, path, &fe) == 0) {
            fx = hn__fixture_use(target.site ? target.site : __FILE__, target.line, path);
            hn__http_event(HN__EV_WARN, "--record: %s %s -> %ld, recorded into %s (review it "
                           "before committing)", rq->method, url, live.status, path);
        } else {
            hn__live_redact_learn(shown, &live);
            why = hn__redact_show(shown, hn_fixture_error_format(&fe, buf, sizeof buf));
            hn__http_fail("--record: %s", why ? why : "(hidden)");
        }
        hn_fixture_free(made);
        hn__http_response_free(&live);
    }
    free(why);
    cJSON_Delete(written);
    cJSON_Delete(sent);
    hn__redact_free(r);
    hn__redact_free(shown);
    for (size_t i = 0; lines && i < rq->nheaders; i++)
        free((char *)lines[i]);
    free(lines);
    free(path);
    free(url);
    return fx;
}

CURLcode hn__http_record_perform(hn__http_handle *h)
{
    hn__http_req rq;
    char err[CURL_ERROR_SIZE];
    hn__http_handle_answer_free(&h->a);
    CURLcode rc = hn__http_req_build(h, 1, &rq, err, sizeof err);
    if (rc != CURLE_OK)
        return rc;
    const hn__options *o = hn__ctx_options();
    const hn_fixture *fx = hn__http_pick_live(&rq);
    int again = o && o->record == HN__RECORD_ALL && fx &&
                hn_fixture_transport_error(fx) == HN_TRANSPORT_OK;
    if (!fx || again) {
        fx = record(&rq, again ? fx : NULL);
        if (fx)
            hn__http_add_recorded(fx);
    }
    h->delivering = 1;
    if (fx) {
        rc = hn__http_answer_deliver(h, &rq, fx);
    } else {
        hn__http_answer_none(h, &rq);
        rc = CURLE_COULDNT_CONNECT;
    }
    h->delivering = 0;
    hn__http_req_free(&rq);
    return rc;
}
