/* SPDX-License-Identifier: MIT */
/* import.c: what every importer shares: the items read from source files,
 * errors that name the file and the entry, headers, bodies, dates, base64. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <honest/fixture.h>

#include "live/record.h"
#include "base/mem.h"

static const struct {
    const char *name;
    hn__import_reader read;
} readers[] = {{"har", hn__import_har},
               {"vcr", hn__import_vcr},
               {"nock", hn__import_nock},
               {"wiremock", hn__import_wiremock},
               {"pact", hn__import_pact}};

hn__import_reader hn__import_reader_of(const char *format)
{
    for (size_t i = 0; format && i < sizeof readers / sizeof *readers; i++)
        if (!strcmp(format, readers[i].name))
            return readers[i].read;
    return NULL;
}

const char *hn__import_formats(void)
{
    return "har, vcr, nock, wiremock, pact";
}

int hn__import_fail(hn__import *im, const char *file, int line, int column, const char *entry,
                    const char *fmt, ...)
{
    size_t used = 0, cap = sizeof im->error;
    if (line > 0)
        used = (size_t)snprintf(im->error, cap, "%s:%d:%d: ", file, line, column);
    else
        used = (size_t)snprintf(im->error, cap, "%s: ", file);
    if (entry && used < cap)
        used += (size_t)snprintf(im->error + used, cap - used, "%s: ", entry);
    if (used < cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(im->error + used, cap - used, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int hn__import_keep(hn__import *im, cJSON *doc)
{
    if (hn__grow(&im->docs, &im->doccap, im->ndocs + 1, sizeof *im->docs)) {
        cJSON_Delete(doc);
        return -1;
    }
    im->docs[im->ndocs++] = doc;
    return 0;
}

hn__import_item *hn__import_add(hn__import *im, const char *file, const char *entry, int line,
                                int column, const char *method, const char *url)
{
    if (hn__grow(&im->items, &im->cap, im->n + 1, sizeof *im->items))
        return hn__import_fail(im, file, 0, 0, entry, "out of memory"), NULL;
    hn__import_item *it = &im->items[im->n];
    memset(it, 0, sizeof *it);
    char *upper = strdup(method);
    for (char *p = upper; p && *p; p++)
        *p = (char)toupper((unsigned char)*p);
    it->file = strdup(file);
    it->entry = strdup(entry);
    it->line = line;
    it->column = column;
    it->request = cJSON_CreateObject();
    it->response.body = calloc(1, 1);
    it->response.result = HN__HTTP_OK;
    int bad = !upper || !it->file || !it->entry || !it->request || !it->response.body ||
              !cJSON_AddStringToObject(it->request, "method", upper) ||
              !cJSON_AddStringToObject(it->request, "url", url) ||
              !cJSON_AddObjectToObject(it->request, "headers");
    free(upper);
    im->n++; /* freed with the others, even half built */
    if (bad)
        return hn__import_fail(im, file, 0, 0, entry, "out of memory"), NULL;
    return it;
}

/* Headers that describe one transfer, not the request a test makes: a
 * fixture that named them would ask the code under test to send them. */
static int transfer_header(const char *name)
{
    static const char *const skip[] = {"Host", "Content-Length", "Connection",
                                       "Transfer-Encoding", "Keep-Alive", "Expect"};
    if (name[0] == ':') /* HTTP/2 pseudo-headers (:authority, :status) */
        return 1;
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (!strcasecmp(name, skip[i]))
            return 1;
    return 0;
}

int hn__import_req_header(hn__import_item *it, const char *name, const char *value)
{
    if (transfer_header(name))
        return 0;
    return hn__record_add_header(cJSON_GetObjectItemCaseSensitive(it->request, "headers"), name,
                                 value);
}

int hn__import_resp_header(hn__import_item *it, const char *name, const char *value)
{
    if (name[0] == ':')
        return 0;
    hn__http_response *r = &it->response;
    if (hn__grow(&r->headers, &r->headercap, r->nheaders + 1, sizeof *r->headers))
        return -1;
    hn__http_header *h = r->headers;
    h[r->nheaders].name = strdup(name);
    h[r->nheaders].value = strdup(value);
    r->nheaders++;
    return h[r->nheaders - 1].name && h[r->nheaders - 1].value ? 0 : -1;
}

int hn__import_req_body(hn__import_item *it, const void *bytes, size_t len,
                        const char *content_type)
{
    if (!content_type) {
        const cJSON *headers = cJSON_GetObjectItemCaseSensitive(it->request, "headers");
        for (const cJSON *h = headers->child; h && !content_type; h = h->next)
            if (!strcasecmp(h->string, "Content-Type"))
                content_type = cJSON_GetStringValue(cJSON_IsArray(h) ? h->child : h);
    }
    return hn_fixture_json_set_body(it->request, bytes, len, content_type);
}

int hn__import_resp_body(hn__import_item *it, const void *bytes, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    free(it->response.body);
    it->response.body = copy;
    it->response.body_len = len;
    return 0;
}

const char *hn__import_scalar(const cJSON *v, char *buf, size_t cap)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    if (!cJSON_IsNumber(v))
        return NULL;
    double d = v->valuedouble;
    if (d == (double)(long long)d)
        snprintf(buf, cap, "%lld", (long long)d);
    else
        snprintf(buf, cap, "%.17g", d);
    return buf;
}

/* Sources wrap base64 in lines (Ruby's Base64.encode64, YAML's !!binary),
 * which the fixture loader's strict decoder refuses: this one skips
 * whitespace and accepts missing padding. */
char *hn__import_base64(const char *s, size_t *len)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s);
    unsigned char *out = malloc(n * 3 / 4 + 4);
    size_t o = 0, k = 0;
    unsigned acc = 0;
    int pad = 0;
    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        if (*p == '=') {
            pad++;
            continue;
        }
        const char *at = strchr(abc, *p);
        if (!at || pad) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)(at - abc);
        if (++k == 4) {
            out[o++] = (unsigned char)(acc >> 16);
            out[o++] = (unsigned char)(acc >> 8);
            out[o++] = (unsigned char)acc;
            k = 0;
            acc = 0;
        }
    }
    if (k == 1) {
        free(out);
        return NULL;
    }
    if (k >= 2)
        out[o++] = (unsigned char)(acc >> (k == 2 ? 4 : 10));
    if (k == 3)
        out[o++] = (unsigned char)(acc >> 2);
    out[o] = '\0';
    *len = o;
    return (char *)out;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static int iso_date(const char *s, time_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 ||
        d > 31)
        return -1;
    const char *p = s + n;
    long offset = 0;
    if (*p == 'T' || *p == ' ') {
        int k = 0;
        if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &k) != 3)
            return -1;
        p += 1 + k;
        if (*p == '.')
            for (p++; isdigit((unsigned char)*p); p++)
                ;
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om = 0, m = 0;
            if (sscanf(p + 1, "%2d%n", &oh, &m) != 1)
                return -1;
            const char *q = p + 1 + m;
            if (*q == ':')
                q++;
            if (isdigit((unsigned char)*q))
                om = (q[0] - '0') * 10 + (q[1] - '0'), q += 2;
            offset = (*p == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
            p = q;
        }
    }
    if (*p)
        return -1;
    *out = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset);
    return 0;
}

int hn__import_date(const char *s, time_t *out)
{
    if (!s)
        return -1;
    if (iso_date(s, out) == 0)
        return 0;
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char mon[4], zone[8] = "";
    int d, y, h, mi, sec;
    const char *comma = strchr(s, ',');
    if (sscanf(comma ? comma + 1 : s, "%d %3s %d %d:%d:%d %7s", &d, mon, &y, &h, &mi, &sec,
               zone) < 6 ||
        (zone[0] && strcmp(zone, "GMT") && strcmp(zone, "UTC") && strcmp(zone, "+0000")))
        return -1;
    for (int m = 0; m < 12; m++)
        if (!strcmp(mon, months[m])) {
            *out = (time_t)(days_from_civil(y, m + 1, d) * 86400 + h * 3600 + mi * 60 + sec);
            return 0;
        }
    return -1;
}
