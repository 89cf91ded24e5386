/* SPDX-License-Identifier: MIT */
/* curl_api.c: libcurl loaded with dlopen on first use. */
#include "live/curl_api.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static hn__curl_api api;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym's result into a function pointer field (POSIX allows the cast). */
static int bind_symbol(void *lib, void *field, const char *name)
{
    void *sym = dlsym(lib, name);
    if (!sym) {
        snprintf(failure, sizeof failure, "libcurl.so.4 lacks %s: install Debian's libcurl4 "
                 "(7.68 or newer)", name);
        return -1;
    }
    memcpy(field, &sym, sizeof sym);
    return 0;
}

static void load(void)
{
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        snprintf(failure, sizeof failure, "cannot load libcurl (%s): install Debian's libcurl4",
                 dlerror());
        return;
    }
    hn__curl_api a;
#define BIND(field, name) (bind_symbol(lib, &a.field, name) == 0)
    int ok = BIND(global_init, "curl_global_init") && BIND(easy_strerror, "curl_easy_strerror") &&
             BIND(multi_strerror, "curl_multi_strerror") && BIND(easy_init, "curl_easy_init") &&
             BIND(easy_reset, "curl_easy_reset") && BIND(easy_cleanup, "curl_easy_cleanup") &&
             BIND(easy_setopt, "curl_easy_setopt") && BIND(easy_getinfo, "curl_easy_getinfo") &&
             BIND(slist_append, "curl_slist_append") &&
             BIND(slist_free_all, "curl_slist_free_all") && BIND(multi_init, "curl_multi_init") &&
             BIND(multi_cleanup, "curl_multi_cleanup") &&
             BIND(multi_add_handle, "curl_multi_add_handle") &&
             BIND(multi_remove_handle, "curl_multi_remove_handle") &&
             BIND(multi_perform, "curl_multi_perform") && BIND(multi_poll, "curl_multi_poll") &&
             BIND(multi_info_read, "curl_multi_info_read");
#undef BIND
    if (!ok)
        return;
    CURLcode rc = a.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(failure, sizeof failure, "libcurl could not start: %s", a.easy_strerror(rc));
        return;
    }
    api = a;
}

const hn__curl_api *hn__curl_api_get(char *err, size_t errlen)
{
    pthread_once(&once, load);
    if (api.global_init)
        return &api;
    if (err && errlen)
        snprintf(err, errlen, "%s", failure[0] ? failure : "libcurl could not be loaded");
    return NULL;
}
