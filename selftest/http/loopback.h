/* SPDX-License-Identifier: MIT */
/* loopback.h: a real HTTP server on 127.0.0.1 (an ephemeral port) for the
 * selftests of the libcurl double: it answers every request with "hello from
 * loopback" and counts the connections it accepted. */
#ifndef LB_LOOPBACK_H
#define LB_LOOPBACK_H

typedef struct lb_server lb_server;

/* Starts a server; NULL when it cannot listen. Stop it with lb_stop. */
lb_server *lb_start(void);
/* The port it listens on, as text ("41237"). */
const char *lb_port(const lb_server *s);
/* Connections accepted so far. */
unsigned lb_connections(const lb_server *s);
/* Stops the server and frees it; NULL is a no-op. */
void lb_stop(lb_server *s);

#endif
