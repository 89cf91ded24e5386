/* SPDX-License-Identifier: MIT */
/* capture.c: a test's captured output read back from its memfd: all of it,
 * or its head and tail around a line saying how much was dropped. */
#include "runner/capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/launcher.h"

int hn__capture_read(int memfd, hn__result *r)
{
    struct stat st;
    if (fstat(memfd, &st) != 0 || st.st_size <= 0)
        return 0;
    size_t size = (size_t)st.st_size, keep = HN__LAUNCH_KEEP;
    if (size <= 2 * keep) {
        r->output = malloc(size + 1);
        ssize_t got = r->output ? pread(memfd, r->output, size, 0) : -1;
        r->output_len = got > 0 ? (size_t)got : 0;
        if (r->output)
            r->output[r->output_len] = '\0';
        return 1;
    }
    char mark[160];
    int m = snprintf(mark, sizeof mark, "\n[... honest dropped %zu bytes of output here: the "
                     "first and the last 512 KiB are kept ...]\n", size - 2 * keep);
    r->output = malloc(2 * keep + (size_t)m + 1);
    if (!r->output)
        return 1;
    ssize_t head = pread(memfd, r->output, keep, 0);
    size_t at = head > 0 ? (size_t)head : 0;
    memcpy(r->output + at, mark, (size_t)m);
    at += (size_t)m;
    ssize_t tail = pread(memfd, r->output + at, keep, (off_t)(size - keep));
    at += tail > 0 ? (size_t)tail : 0;
    r->output[at] = '\0';
    r->output_len = at;
    char msg[200];
    snprintf(msg, sizeof msg, "the test wrote %zu bytes of output: the first and the last "
             "512 KiB are kept, the %zu between were dropped", size, size - 2 * keep);
    hn__result_msg(r, HN__EV_WARN, NULL, 0, msg);
    return 1;
}
