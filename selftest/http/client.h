/* SPDX-License-Identifier: MIT */
/* client.h: a small libcurl client, the code under test of selftest/http. It
 * knows nothing of honest: plain curl_easy_* calls, as a user's code would. */
#ifndef CL_CLIENT_H
#define CL_CLIENT_H

#include <curl/curl.h>
#include <stddef.h>

/* What to send. Zero fields take the defaults. */
typedef struct cl_request {
    const char *method;          /* NULL: GET; "POST" uses POSTFIELDS; "PUT"
                                    uploads body through a read callback; "HEAD"
                                    sets NOBODY; others go to CUSTOMREQUEST */
    const char *url;
    const char *const *headers;  /* NULL-terminated "Name: value" lines */
    const char *body;            /* NULL: none */
    int follow;                  /* CURLOPT_FOLLOWLOCATION */
    int failonerror;             /* CURLOPT_FAILONERROR */
    size_t write_limit;          /* > 0: the write callback fails after this many bytes */
    int pause;                   /* 1: the first write pauses; the progress callback
                                    unpauses. 2: pauses with no progress callback */
} cl_request;

/* What came back. Strings are malloc'd (cl_response_free). */
typedef struct cl_response {
    CURLcode rc;
    long status;
    char *content_type;          /* NULL when none */
    char *effective_url;
    char *headers;               /* every byte given to the header callback */
    size_t headers_len;
    size_t header_calls;
    char *body;                  /* every byte given to the write callback */
    size_t body_len;
    size_t body_calls;
    long redirects;
    char error[CURL_ERROR_SIZE]; /* CURLOPT_ERRORBUFFER */
} cl_response;

/* Sends rq with a new easy handle; fills out. Returns out->rc. */
CURLcode cl_perform(const cl_request *rq, cl_response *out);
/* Releases what out holds. */
void cl_response_free(cl_response *out);

/* The name of user id, from GET https://api.example.com/v1/users/ID (JSON
 * {"name": ...}), copied into name (size bytes). Returns 0, or -1. */
int cl_user_name(const char *id, char *name, size_t size);
/* "Hello, NAME" for user id (greet.c, a caller of cl_user_name in another
 * file, so the link seam can reach it). Returns 0, or -1. */
int cl_greet(const char *id, char *out, size_t size);

#endif
