/* SPDX-License-Identifier: MIT */
/* provider.c: the demo's API provider: a real HTTP server on 127.0.0.1 (an
 * ephemeral port) serving version 1 of a small shop API, or version 2 with
 * drift the fixtures recorded from version 1 do not know about. */
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

/* The API. Version 2 changes two answers:
 *   GET /v1/users/42     "plan" removed, "avatar_url" added
 *   GET /v1/orders/1001  "total" sent as a string ("19.99" for 19.99)
 * and /v1/health keeps its shape (its uptime differs on every call, which a
 * shape comparison ignores). */
static int version = 1;
static time_t started;

static const char *const user_v1 =
    "{\"id\":42,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"plan\":\"pro\"}";
static const char *const user_v2 =
    "{\"id\":42,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\","
    "\"avatar_url\":\"https://cdn.example.org/u/42.png\"}";
static const char *const order_v1 =
    "{\"id\":1001,\"user_id\":42,\"total\":19.99,\"currency\":\"EUR\","
    "\"items\":[{\"sku\":\"BOOK-7\",\"qty\":1}]}";
static const char *const order_v2 =
    "{\"id\":1001,\"user_id\":42,\"total\":\"19.99\",\"currency\":\"EUR\","
    "\"items\":[{\"sku\":\"BOOK-7\",\"qty\":1}]}";

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *json)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *http_version,
                              const char *upload, size_t *upload_size, void **state)
{
    (void)cls;
    (void)http_version;
    (void)upload;
    (void)upload_size;
    (void)state;
    if (strcmp(method, "GET"))
        return answer(c, 405, "{\"error\":\"only GET here\"}");
    if (!strcmp(url, "/v1/users/42"))
        return answer(c, 200, version == 1 ? user_v1 : user_v2);
    if (!strcmp(url, "/v1/orders/1001"))
        return answer(c, 200, version == 1 ? order_v1 : order_v2);
    if (!strcmp(url, "/v1/health")) {
        char json[64];
        snprintf(json, sizeof json, "{\"status\":\"ok\",\"uptime_s\":%ld}",
                 (long)(time(NULL) - started));
        return answer(c, 200, json);
    }
    return answer(c, 404, "{\"error\":\"not found\"}");
}

int main(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "--version") ||
        (strcmp(argv[2], "1") && strcmp(argv[2], "2"))) {
        fprintf(stderr, "usage: %s --version 1|2\n"
                        "Serves the demo API on 127.0.0.1 (an ephemeral port), prints its base\n"
                        "URL on stdout, and stops on SIGTERM, SIGINT or the end of stdin.\n",
                argv[0]);
        return 2;
    }
    version = atoi(argv[2]);
    started = time(NULL);

    /* SIGTERM and SIGINT are blocked in every thread (the server's threads
     * inherit the mask) and read from a signalfd by the main thread below. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, NULL);
    int sigfd = signalfd(-1, &stop, 0);

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0, /* any free port */
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                         handle, NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_END);
    if (sigfd < 0 || !d) {
        fprintf(stderr, "provider: cannot start the server on 127.0.0.1\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("http://127.0.0.1:%u\n", (unsigned)info->port);
    fflush(stdout);

    /* Serve until a signal arrives or stdin ends (whatever is read is
     * ignored), so the provider never outlives the script that started it. */
    struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                            {.fd = sigfd, .events = POLLIN}};
    char buf[256];
    while (poll(fds, 2, -1) >= 0 && !fds[1].revents)
        if (fds[0].revents && read(STDIN_FILENO, buf, sizeof buf) <= 0)
            break;
    MHD_stop_daemon(d);
    close(sigfd);
    return 0;
}
