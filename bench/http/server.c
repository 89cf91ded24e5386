/* SPDX-License-Identifier: MIT */
/* server.c: a loopback libmicrohttpd server for bench_fork.c: answers every
 * request with the benchmark's body, prints its URL on stdout, and stops when
 * its standard input closes. Built and started by run.sh. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <unistd.h>

#include "bench_common.h"

int main(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0,
                                            NULL, NULL, answer, NULL, MHD_OPTION_SOCK_ADDR,
                                            &addr, MHD_OPTION_END);
    if (!d)
        return 1;
    printf("http://127.0.0.1:%u/v1/items/42?units=metric&lang=en\n",
           (unsigned)MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    fflush(stdout);
    char buf[64];
    while (read(0, buf, sizeof buf) > 0)
        ;
    MHD_stop_daemon(d);
    return 0;
}
