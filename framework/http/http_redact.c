/* SPDX-License-Identifier: MIT */
/* http_redact.c: what --record and --live may show of a request the code
 * sent and of the answer to it: the request as a fixture's request object,
 * and the redaction that knows its secrets. */
#include "http/http_impl.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures/redact.h"

cJSON *hn__http_req_json(const hn__http_req *rq)
{
    cJSON *req = cJSON_CreateObject(), *headers = cJSON_CreateObject();
    if (!req || !headers || !cJSON_AddStringToObject(req, "method", rq->method) ||
        !cJSON_AddStringToObject(req, "url", rq->url) ||
        !cJSON_AddItemToObject(req, "headers", headers)) {
        cJSON_Delete(req);
        cJSON_Delete(headers);
        return NULL;
    }
    for (size_t i = 0; i < rq->nheaders; i++)
        if (!hn__http_req_transport_header(rq->headers[i].name) &&
            !cJSON_GetObjectItem(headers, rq->headers[i].name) &&
            !cJSON_AddStringToObject(headers, rq->headers[i].name, rq->headers[i].value)) {
            cJSON_Delete(req);
            return NULL;
        }
    if (rq->body_len && hn_fixture_json_set_body(req, rq->body, rq->body_len,
                                                 hn__http_req_header(rq, "Content-Type"))) {
        cJSON_Delete(req);
        return NULL;
    }
    return req;
}

hn__redact *hn__http_redact_for(const hn__http_req *rq, const hn_fixture *fx,
                                const char *beside)
{
    char err[1200];
    hn__redact *r = hn__redact_new();
    cJSON *sent = r ? hn__http_req_json(rq) : NULL;
    /* A rules file that cannot be read leaves the defaults in force (the
     * recorder reports it when it writes). */
    if (sent && beside)
        (void)hn__redact_load_beside(r, beside, err, sizeof err);
    int bad = !sent || (fx && hn__redact_learn_fixture(r, fx, NULL, NULL)) ||
              hn__redact_learn_request(r, sent);
    cJSON_Delete(sent);
    if (bad) {
        hn__redact_free(r);
        return NULL;
    }
    return r;
}

char *hn__http_shown_url(const hn__redact *r, const hn__http_req *rq)
{
    return r ? hn__redact_show(r, rq->url) : NULL;
}
