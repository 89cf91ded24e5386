/* SPDX-License-Identifier: MIT */
/* cmd_record.c: `honest record`: records a new fixture from a live request,
 * or re-records existing fixtures, with secrets redacted. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <honest/fixture.h>

#include "tool/cmd.h"
#include "tool/cmd_opt.h"
#include "fixtures/fixtures.h"
#include "live/record.h"
#include "fixtures/redact.h"
#include "verify/verify.h"

static void usage(FILE *f)
{
    fputs("usage: honest record --url URL [--method M] [-H 'Name: value']... [-d BODY|@FILE]\n"
          "                     -o FILE [--name N] [--service S] [--description D]\n"
          "                     [--max-age-days N] [--force]\n"
          "       honest record PATH...      re-record existing fixtures in place\n"
          "\n"
          "  --redact RULE       also redact this header, query parameter or JSON field\n"
          "                      name, or this $.path (kept in the fixture)\n"
          "  --timeout MS        per request, in milliseconds (default 30000)\n"
          "  --retries N         retries of a transport failure (default 2)\n"
          "  --cacert FILE       CA certificates to verify TLS with\n"
          "\n"
          "Secrets are written as ${NAME} placeholders: Authorization, Cookie, Set-Cookie,\n"
          "X-Api-Key, X-*-Token and other credential headers, api_key, token, password\n"
          "and similar query parameters and JSON fields, the rules (names or $.paths) of\n"
          "--redact (kept in the fixture's \"redact\" list) and of " HN__REDACT_FILE " files\n"
          "beside it; secret values found elsewhere in the answer are replaced too.\n"
          "${NAME} in the URL, headers and body is filled from the environment when sent.\n"
          "Exit status: 0 recorded, 2 bad input, 3 unreachable.\n",
          f);
}

typedef struct args {
    const char *url, *method, *data, *out, *name, *service, *description;
    int max_age_days, force;
    const char **headers, **redact, **paths;
    size_t nheaders, nredact, npaths;
    hn__http_config http;
} args;

/* An option taking a value: where it goes. Options given many times (-H,
 * --redact) append to a list. */
typedef struct opt {
    const char *name, *alias;
    const char **one;            /* a single value */
    const char ***many;          /* or a list, counted by *count */
    size_t *count;
} opt;

/* Reads the numbers given as text; 0, or 2 after a message. */
static int numbers(args *a, const char *timeout, const char *retries, const char *age)
{
    long t, r, d = 0;
    if (hn__cmd_opt_long(timeout, 1, &t, "record", "--timeout") ||
        hn__cmd_opt_long(retries, 0, &r, "record", "--retries") ||
        (age && hn__cmd_opt_long(age, 1, &d, "record", "--max-age-days")))
        return 2;
    a->http.timeout_ms = t;
    a->http.retries = (int)r;
    a->max_age_days = (int)d;
    a->http.concurrency = 1;
    return 0;
}

/* Reads the command line into a; 0, or 2 (usage error), or 1 (--help). */
static int parse(args *a, int argc, char **argv)
{
    const char *timeout = "30000", *retries = "2", *age = NULL;
    const opt opts[] = {
        {"--url", NULL, &a->url, NULL, NULL},        {"--method", "-X", &a->method, NULL, NULL},
        {"--data", "-d", &a->data, NULL, NULL},      {"--output", "-o", &a->out, NULL, NULL},
        {"--name", NULL, &a->name, NULL, NULL},      {"--service", NULL, &a->service, NULL, NULL},
        {"--description", NULL, &a->description, NULL, NULL},
        {"--timeout", NULL, &timeout, NULL, NULL},   {"--retries", NULL, &retries, NULL, NULL},
        {"--max-age-days", NULL, &age, NULL, NULL},  {"--cacert", NULL, &a->http.cainfo, NULL, NULL},
        {"--header", "-H", NULL, &a->headers, &a->nheaders},
        {"--redact", NULL, NULL, &a->redact, &a->nredact}};
    a->headers = calloc((size_t)argc, sizeof *a->headers);
    a->redact = calloc((size_t)argc, sizeof *a->redact);
    a->paths = calloc((size_t)argc, sizeof *a->paths);
    for (int i = 1; i < argc; i++) {
        int bad = 0, matched = 0;
        for (size_t k = 0; k < sizeof opts / sizeof *opts && !matched && !bad; k++) {
            const char *v = hn__cmd_opt_value(argc, argv, &i, opts[k].name, opts[k].alias,
                                              &bad, "record");
            if (v && opts[k].one)
                *opts[k].one = v;
            else if (v)
                (*opts[k].many)[(*opts[k].count)++] = v;
            matched = v != NULL;
        }
        if (bad)
            return 2;
        if (matched)
            continue;
        int rc = 0;
        if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
            a->force = 1;
        else if ((rc = hn__cmd_opt_other(argv[i], a->paths, &a->npaths, "record")))
            return rc;
    }
    if (numbers(a, timeout, retries, age))
        return 2;
    if (a->url && a->npaths)
        return fprintf(stderr, "honest record: give either --url (a new fixture) or fixture "
                               "paths (re-record), not both\n"), 2;
    if (!a->url && !a->npaths)
        return fprintf(stderr, "honest record: nothing to record: give --url URL -o FILE, or "
                               "fixture paths to re-record\n"), 2;
    if (a->url && !a->out)
        return fprintf(stderr, "honest record: -o FILE is required with --url\n"), 2;
    return 0;
}

/* A redaction with the defaults, the files beside `path` and --redact. */
static hn__redact *redaction(const args *a, const char *path)
{
    char err[1200];
    hn__redact *r = hn__redact_new();
    if (!r || hn__redact_load_beside(r, path, err, sizeof err)) {
        fprintf(stderr, "honest record: %s\n", r ? err : "out of memory");
        hn__redact_free(r);
        return NULL;
    }
    /* --redact rules are kept in the fixture, for every later writer. */
    for (size_t i = 0; i < a->nredact; i++)
        if (hn__redact_add_rule(r, a->redact[i], 1, err, sizeof err)) {
            fprintf(stderr, "honest record: --redact: %s\n", err);
            hn__redact_free(r);
            return NULL;
        }
    return r;
}

/* Sends a request; 0 with an answer, else the exit status (after a message
 * naming `what`, never a secret). */
static int fetch(const args *a, const hn__redact *r, const hn__http_request *req,
                 hn__http_response *resp, const char *what)
{
    char err[512];
    if (hn__http_fetch(&a->http, req, resp, err, sizeof err)) {
        char *shown = hn__redact_show(r, err);
        fprintf(stderr, "honest record: %s\n", shown ? shown : "out of memory");
        free(shown);
        return 2;
    }
    if (resp->result == HN__HTTP_OK)
        return 0;
    const char *word = hn_transport_error_name(resp->transport);
    char *shown = hn__redact_show(r, resp->error);
    fprintf(stderr, "honest record: %s: %s%s%s (%d attempt%s); nothing was written\n", what,
            word, *word ? ": " : "", shown ? shown : "", resp->attempts,
            resp->attempts == 1 ? "" : "s");
    free(shown);
    int rc = resp->result == HN__HTTP_UNREACHABLE ? 3 : 2;
    hn__http_response_free(resp);
    return rc;
}

static void report(const hn_fixture *fx, const hn__redact *r, const hn__http_response *resp,
                   const char *verb)
{
    const char *ct = hn__http_header_get(resp, "Content-Type");
    const char *enc = hn__http_header_get(resp, "Content-Encoding");
    char *url = hn__redact_show(r, hn_fixture_url(fx));
    printf("%s %s: %s %s -> %ld (%s, %zu bytes%s%s) into %s\n", verb, hn_fixture_name(fx),
           hn_fixture_method(fx), url ? url : "", resp->status, ct ? ct : "no Content-Type",
           resp->body_len, enc ? ", stored decoded from Content-Encoding " : "", enc ? enc : "",
           hn_fixture_path(fx));
    free(url);
    for (size_t i = 0; i < hn__redact_note_count(r); i++)
        printf("  redacted: %s\n", hn__redact_note_at(r, i));
}

/* Reads -d: "@FILE" reads the file, else the text itself. */
static char *body_bytes(const char *data, size_t *len)
{
    if (data[0] != '@') {
        *len = strlen(data);
        return strdup(data);
    }
    hn_fixture_error fe;
    char *bytes = hn__fixture_read_file(data + 1, len, &fe), buf[2300];
    if (!bytes)
        fprintf(stderr, "honest record: -d: %s\n", hn_fixture_error_format(&fe, buf, sizeof buf));
    return bytes;
}

/* The request object as the user wrote it; NULL after a message. */
static cJSON *written_request(const args *a)
{
    cJSON *req = cJSON_CreateObject(), *headers = cJSON_CreateObject();
    const char *method = a->method ? a->method : a->data ? "POST" : "GET";
    const char *ctype = NULL;
    cJSON_AddStringToObject(req, "method", method);
    cJSON_AddStringToObject(req, "url", a->url);
    cJSON_AddItemToObject(req, "headers", headers);
    for (size_t i = 0; i < a->nheaders; i++) {
        const char *colon = strchr(a->headers[i], ':');
        if (!colon || colon == a->headers[i]) {
            fprintf(stderr, "honest record: -H '%s': expected 'Name: value'\n", a->headers[i]);
            cJSON_Delete(req);
            return NULL;
        }
        char *name = strndup(a->headers[i], (size_t)(colon - a->headers[i]));
        const char *value = colon + 1 + strspn(colon + 1, " \t");
        hn__record_add_header(headers, name, value);
        if (!strcasecmp(name, "Content-Type"))
            ctype = cJSON_GetStringValue(cJSON_GetObjectItem(headers, name));
        free(name);
    }
    if (!a->data)
        return req;
    size_t len;
    char *body = body_bytes(a->data, &len);
    if (!body) {
        cJSON_Delete(req);
        return NULL;
    }
    if (!ctype) { /* as curl -d does, but JSON is named as such */
        cJSON *probe = cJSON_ParseWithLength(body, len);
        ctype = probe ? "application/json" : "application/x-www-form-urlencoded";
        cJSON_Delete(probe);
        cJSON_AddStringToObject(headers, "Content-Type", ctype);
    }
    hn_fixture_json_set_body(req, body, len, ctype);
    free(body);
    return req;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Creates the directories above path that do not exist; 0 or -1 (errno). */
static int make_parents(const char *path)
{
    char *dir = strdup(path);
    int rc = dir ? 0 : -1;
    for (char *p = dir ? strchr(dir + 1, '/') : NULL; p && rc == 0; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    free(dir);
    return rc;
}

static int record_new(const args *a)
{
    if (exists(a->out) && !a->force)
        return fprintf(stderr, "honest record: %s exists; add --force to replace it, or run "
                               "`honest record %s` to re-record it\n", a->out, a->out), 2;
    if (make_parents(a->out))
        return fprintf(stderr, "honest record: cannot create the directory of %s: %s\n",
                       a->out, strerror(errno)), 2;
    hn__redact *r = redaction(a, a->out);
    cJSON *req = r ? written_request(a) : NULL;
    cJSON *shown = req ? cJSON_Duplicate(req, 1) : NULL;
    hn__record_send send = {0};
    hn_fixture_error fe;
    char buf[2300];
    int rc = 2;
    if (!shown || hn__redact_request(r, shown, NULL, NULL))
        goto out;
    if (hn__record_send_json(req, NULL, NULL, &send, &fe)) {
        fprintf(stderr, "honest record: %s\n", hn_fixture_error_format(&fe, buf, sizeof buf));
        goto out;
    }
    hn__http_response resp;
    char what[1200];
    snprintf(what, sizeof what, "%s %s", send.req.method,
             cJSON_GetStringValue(cJSON_GetObjectItem(shown, "url")));
    if ((rc = fetch(a, r, &send.req, &resp, what)))
        goto out;
    hn__record_meta meta = {.name = a->name, .service = a->service,
                            .description = a->description, .max_age_days = a->max_age_days};
    hn_fixture *fx = hn__record_new(shown, &resp, &meta, r, time(NULL), a->out, &fe);
    if (fx && hn_fixture_write(fx, a->out, &fe) == 0) {
        report(fx, r, &resp, "recorded");
        rc = 0;
    } else {
        fprintf(stderr, "honest record: %s\n", hn_fixture_error_format(&fe, buf, sizeof buf));
        rc = 2;
    }
    hn_fixture_free(fx);
    hn__http_response_free(&resp);
out:
    hn__record_send_free(&send);
    cJSON_Delete(req);
    cJSON_Delete(shown);
    hn__redact_free(r);
    return rc;
}

/* Re-records one fixture in place; returns an exit status. */
static int record_again(const args *a, const char *path)
{
    char buf[2300];
    hn_fixture_error fe;
    hn_fixture *old = hn_fixture_load(path, &fe), *fx = NULL;
    hn__record_send send = {0};
    if (!old || hn__record_send_fixture(old, NULL, NULL, &send, &fe)) {
        fprintf(stderr, "honest record: %s\n", hn_fixture_error_format(&fe, buf, sizeof buf));
        hn_fixture_free(old);
        return 2;
    }
    if (hn_fixture_transport_error(old) != HN_TRANSPORT_OK) {
        printf("skipped %s: its response is a transport error (%s), not a recording\n", path,
               hn_transport_error_name(hn_fixture_transport_error(old)));
        hn__record_send_free(&send);
        hn_fixture_free(old);
        return 0;
    }
    char what[1200];
    hn__http_response resp;
    hn__redact *r = redaction(a, path);
    /* What the messages show is learned from the fixture as it stands
     * (placeholders' values included) on a copy; r itself writes. */
    hn__redact *shown = hn__redact_new();
    char *url = shown && !hn__redact_learn_fixture(shown, old, NULL, NULL)
                    ? hn__redact_show(shown, hn_fixture_url(old))
                    : NULL;
    snprintf(what, sizeof what, "%s (%s %s)", path, hn_fixture_method(old), url ? url : "");
    free(url);
    int rc = r && shown ? fetch(a, shown, &send.req, &resp, what) : 2;
    if (rc == 0) {
        fx = hn__record_again(old, &resp, r, NULL, NULL, time(NULL), &fe);
        if (fx && hn_fixture_write(fx, path, &fe) == 0) {
            char *changes = hn__redact_learn_fixture(r, old, NULL, NULL) == 0
                                ? hn__record_changes(old, fx, r)
                                : NULL;
            report(fx, r, &resp, "re-recorded");
            printf("%s", changes ? changes : "");
            free(changes);
        } else {
            fprintf(stderr, "honest record: %s\n", hn_fixture_error_format(&fe, buf, sizeof buf));
            rc = 2;
        }
        hn__http_response_free(&resp);
    }
    hn_fixture_free(fx);
    hn_fixture_free(old);
    hn__record_send_free(&send);
    hn__redact_free(r);
    hn__redact_free(shown);
    return rc;
}

int hn__cmd_record(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    int rc = parse(&a, argc, argv);
    if (rc == 0 && a.url) {
        rc = record_new(&a);
    } else if (rc == 0) {
        char **files = NULL, err[1200];
        size_t n = 0;
        if (hn__verify_files(a.paths, a.npaths, &files, &n, err, sizeof err)) {
            fprintf(stderr, "honest record: %s\n", err);
            rc = 2;
        }
        for (size_t i = 0; i < n; i++) {
            int one = record_again(&a, files[i]);
            if (one == 2 || (one == 3 && rc != 2))
                rc = one;
            free(files[i]);
        }
        free(files);
    } else {
        usage(rc == 1 ? stdout : stderr);
        rc = rc == 1 ? 0 : 2;
    }
    free(a.headers);
    free(a.redact);
    free(a.paths);
    return rc;
}
