/* SPDX-License-Identifier: MIT */
/* audit.c: records of the audit file (--audit=FILE), appended by the test
 * process of each test and by the runner. */
#include "core/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/sys.h"
#include "core/context.h"

static const char *audit_path;
static int audit_fd = -1; /* open in append mode; test processes inherit it */
static void (*on_start[8])(void);
static int non_start;

void hn__audit_on_start(void (*fn)(void))
{
    if (non_start < (int)(sizeof on_start / sizeof on_start[0]))
        on_start[non_start++] = fn;
}

int hn__audit_start(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "honest: --audit=%s: cannot create the file: %s\n", path,
                strerror(errno));
        return -1;
    }
    audit_fd = fd;
    audit_path = path;
    for (int i = 0; i < non_start; i++)
        on_start[i]();
    return 0;
}

/* Asked by every test process on its way out (HN__TEST_PATH). */
HN__TEST_PATH const char *hn__audit_file(void)
{
    return audit_path;
}

void hn__audit_emit(const char *type, const hn__buf *members)
{
    static int complained;
    const char *path = hn__audit_file();
    if (!path)
        return;
    const char *test = hn__ctx_test_name();
    hn__buf line = {0};
    hn__buf_puts(&line, "{\"type\":");
    hn__buf_quote_json(&line, type);
    hn__buf_puts(&line, ",\"test\":");
    hn__buf_quote_json(&line, test ? test : "");
    if (members && members->len) {
        hn__buf_puts(&line, ",");
        hn__buf_add(&line, members->data, members->len);
    }
    hn__buf_puts(&line, "}\n");
    ssize_t w = write(audit_fd, line.data, line.len);
    if (w != (ssize_t)line.len && !complained) {
        complained = 1;
        fprintf(stderr, "honest: --audit=%s: cannot append a record: %s\n", path,
                w < 0 ? strerror(errno) : "short write");
    }
    hn__buf_free(&line);
}
