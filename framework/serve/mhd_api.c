/* SPDX-License-Identifier: MIT */
/* mhd_api.c: libmicrohttpd loaded with dlopen on first use. */
#include "serve/mhd_api.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static hn__mhd_api api;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym's result into a function pointer field (POSIX allows the cast). */
static int bind_symbol(void *lib, void *field, const char *name)
{
    void *sym = dlsym(lib, name);
    if (!sym) {
        snprintf(failure, sizeof failure, "libmicrohttpd.so.12 lacks %s: install Debian's "
                 "libmicrohttpd12 (0.9.71 or newer)", name);
        return -1;
    }
    memcpy(field, &sym, sizeof sym);
    return 0;
}

static void load(void)
{
    void *lib = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(failure, sizeof failure, "cannot load libmicrohttpd (%s): install Debian's "
                 "libmicrohttpd12", dlerror());
        return;
    }
    hn__mhd_api a;
#define BIND(field, name) (bind_symbol(lib, &a.field, name) == 0)
    int ok = BIND(start_daemon, "MHD_start_daemon") && BIND(stop_daemon, "MHD_stop_daemon") &&
             BIND(get_daemon_info, "MHD_get_daemon_info") &&
             BIND(get_connection_values, "MHD_get_connection_values") &&
             BIND(lookup_connection_value, "MHD_lookup_connection_value") &&
             BIND(create_response_from_buffer, "MHD_create_response_from_buffer") &&
             BIND(add_response_header, "MHD_add_response_header") &&
             BIND(queue_response, "MHD_queue_response") &&
             BIND(destroy_response, "MHD_destroy_response") &&
             BIND(is_feature_supported, "MHD_is_feature_supported");
#undef BIND
    if (ok)
        api = a;
}

const hn__mhd_api *hn__mhd_api_get(char *err, size_t errlen)
{
    pthread_once(&once, load);
    if (api.start_daemon)
        return &api;
    if (err && errlen)
        snprintf(err, errlen, "%s", failure[0] ? failure : "libmicrohttpd could not be loaded");
    return NULL;
}
