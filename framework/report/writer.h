/* SPDX-License-Identifier: MIT */
/* writer.h: the one interface behind every report format (text, TAP, JUnit,
 * JSON). The runner calls begin once, result after each test, end once. */
#ifndef HN_WRITER_H
#define HN_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "core/run_options.h"
#include "report/report.h"

typedef struct hn__writer hn__writer;
struct hn__writer {
    void (*begin)(hn__writer *w, const hn__report *rep);
    void (*result)(hn__writer *w, const hn__report *rep, const hn__result *r);
    /* Returns 0, or -1 when the report could not be written (message printed). */
    int (*end)(hn__writer *w, const hn__report *rep);
    void (*free)(hn__writer *w);
};

/* Human text on f: results as they come, failures in full, the summary. */
hn__writer *hn__out_text_new(FILE *f, const hn__options *o);
/* TAP version 13 on f. */
hn__writer *hn__out_tap_new(FILE *f, const hn__options *o);
/* JUnit XML written to path at the end (atomically). NULL with a message
 * on stderr when the path cannot be written. */
hn__writer *hn__out_junit_new(const char *path);
/* JSON written to path at the end (atomically). NULL as above. */
hn__writer *hn__out_json_new(const char *path);

/* Appends " (N.NN ms)\n" for ns nanoseconds: the digits printf's "%.2f" gives
 * for ns / 1e6, made from the integer without printf (out_text.c; a line per
 * test is most of what the runner writes). */
void hn__out_duration(hn__buf *b, uint64_t ns);

/* Shared by the writers (defined in out_common.c). */
/* Results in test order (iteration, then registration order); malloc'd array
 * of borrowed pointers. */
const hn__result **hn__out_sorted(const hn__report *rep);
/* A writer that renders the whole report at the end and writes it to path
 * atomically. render fills *out (a fresh buffer the writer frees). Returns
 * NULL with a message on stderr when path's directory is not writable;
 * flag names the option in that message. */
hn__writer *hn__out_file_new(const char *path, const char *flag,
                             void (*render)(const hn__report *rep, hn__buf *out));
/* The text of one message kind for reports: failure, log, warning, skip, note. */
const char *hn__out_kind_word(hn__event_kind k);
/* The summary line of doubles and fixtures ("" when none were used), into buf. */
void hn__out_doubles_line(const hn__report *rep, char *buf, size_t n);

#endif
