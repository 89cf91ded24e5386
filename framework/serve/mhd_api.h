/* SPDX-License-Identifier: MIT */
/* mhd_api.h: libmicrohttpd for `honest serve`, `honest proxy` and
 * HN_HTTP_SERVER, loaded on first use, so that test binaries that never start
 * a server do not load it (and its TLS libraries) at every start. */
#ifndef HN_MHD_API_H
#define HN_MHD_API_H

#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <microhttpd.h>

/* The libmicrohttpd functions serve/ calls. */
typedef struct hn__mhd_api {
    struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
                                       MHD_AcceptPolicyCallback apc, void *apc_cls,
                                       MHD_AccessHandlerCallback dh, void *dh_cls, ...);
    void (*stop_daemon)(struct MHD_Daemon *d);
    const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *d,
                                                   enum MHD_DaemonInfoType type, ...);
    int (*get_connection_values)(struct MHD_Connection *c, enum MHD_ValueKind kind,
                                 MHD_KeyValueIterator it, void *it_cls);
    const char *(*lookup_connection_value)(struct MHD_Connection *c, enum MHD_ValueKind kind,
                                           const char *key);
    struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
                                                        enum MHD_ResponseMemoryMode mode);
    enum MHD_Result (*add_response_header)(struct MHD_Response *r, const char *header,
                                           const char *content);
    enum MHD_Result (*queue_response)(struct MHD_Connection *c, unsigned int status,
                                      struct MHD_Response *r);
    void (*destroy_response)(struct MHD_Response *r);
    enum MHD_Result (*is_feature_supported)(enum MHD_FEATURE feature);
} hn__mhd_api;

/* Loads libmicrohttpd (libmicrohttpd.so.12) once; thread-safe. Returns the
 * table (static storage), or NULL with a message in err (errlen bytes)
 * saying what is missing and what to install. */
const hn__mhd_api *hn__mhd_api_get(char *err, size_t errlen);

#endif
