/* SPDX-License-Identifier: MIT */
/* floor.c: the floor of the serve benchmark: a minimal libmicrohttpd server
 * on 127.0.0.1 (an ephemeral port, printed on stdout) that answers every
 * request with one fixed JSON body, threaded as `honest serve` is (an epoll
 * pool of 2 threads). Runs until its standard input closes.
 * Usage: floor [--delay-us N]: with N, each answer waits N microseconds
 * first (an upstream with a service time, for the proxy's figures). */
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long delay_us;

static const char BODY[] = "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}";

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *ver, const char *data,
                              size_t *size, void **state)
{
    (void)cls, (void)url, (void)method, (void)ver, (void)data;
    if (!*state) {
        *state = c;
        return MHD_YES;
    }
    if (*size) {
        *size = 0;
        return MHD_YES;
    }
    if (delay_us > 0) {
        struct timespec t = {delay_us / 1000000, (delay_us % 1000000) * 1000};
        nanosleep(&t, NULL);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof BODY - 1, (void *)BODY,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--delay-us"))
        delay_us = atol(argv[2]);
    else if (argc != 1) {
        fprintf(stderr, "usage: floor [--delay-us N]\n");
        return 2;
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, handle, NULL,
        MHD_OPTION_SOCK_ADDR, &a, MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_END);
    if (!d)
        return 1;
    printf("floor: http://127.0.0.1:%u\n",
           (unsigned)MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    fflush(stdout);
    char b[64];
    while (read(0, b, sizeof b) > 0)
        ;
    MHD_stop_daemon(d);
    return 0;
}
