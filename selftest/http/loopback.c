/* SPDX-License-Identifier: MIT */
/* loopback.c: a libmicrohttpd server on 127.0.0.1 that answers every request
 * with a fixed text and counts accepted connections. */
#include "loopback.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lb_server {
    struct MHD_Daemon *d;
    unsigned connections;
    char port[16];
};

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    lb_server *s = cls;
    (void)c, (void)socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        __atomic_add_fetch(&s->connections, 1, __ATOMIC_SEQ_CST);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **state)
{
    static const char text[] = "hello from loopback";
    (void)cls, (void)url, (void)method, (void)version, (void)upload;
    if (!*state) {
        *state = c; /* the headers came; answer once the body (if any) is read */
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof text - 1, (void *)text,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "text/plain");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

lb_server *lb_start(void)
{
    lb_server *s = calloc(1, sizeof *s);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!s)
        return NULL;
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_NOTIFY_CONNECTION,
                            on_connection, s, MHD_OPTION_END);
    const union MHD_DaemonInfo *info =
        s->d ? MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    if (!info) {
        lb_stop(s);
        return NULL;
    }
    snprintf(s->port, sizeof s->port, "%u", (unsigned)info->port);
    return s;
}

const char *lb_port(const lb_server *s)
{
    return s->port;
}

unsigned lb_connections(const lb_server *s)
{
    return __atomic_load_n(&s->connections, __ATOMIC_SEQ_CST);
}

void lb_stop(lb_server *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    free(s);
}
