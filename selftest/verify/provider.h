/* SPDX-License-Identifier: MIT */
/* provider.h: what the loopback provider's files share (provider.c, the
 * server and its versioned API; provider_secrets.c, the careless behaviour
 * the secrets corpus runs it with): the API version and a request's body. */
#ifndef ST_PROVIDER_H
#define ST_PROVIDER_H

#include <microhttpd.h>
#include <stdatomic.h>
#include <stddef.h>

/* The API version, 1 or 2, switched by "version N" on stdin. */
extern atomic_int provider_version;

/* --secrets NONCE: the nonce of the careless provider's tokens; NULL when
 * the provider serves its versioned API. Set before the server starts. */
extern const char *provider_nonce;

/* What a request uploaded, NUL-terminated (data NULL when nothing). */
typedef struct upload {
    char *data;
    size_t len;
} upload;

/* The careless provider (provider_nonce set): answers every request to url
 * by echoing every header, query parameter, cookie and body it received and
 * handing out its own tokens NONCE-WHAT-vN (N: provider_version; version 2
 * adds members holding new secrets); /oauth/token answers a form, /soap XML. */
enum MHD_Result provider_secrets(struct MHD_Connection *c, const char *url, const char *method,
                                 const upload *up);

#endif
