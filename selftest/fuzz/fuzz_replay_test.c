/* SPDX-License-Identifier: MIT */
/* fuzz_replay_test.c: each fuzz/ target replayed over fuzz/corpus/<target>
 * (the seeds taken from the selftests' files and every finding of the
 * fuzzers): no crash, no sanitizer report, no broken invariant. */
#include <honest.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

typedef struct target {
    const char *name;
    int min_inputs; /* the seeds that must be there */
} target;

static const target targets[] = {
    {"fixture", 50}, {"diff", 50}, {"match", 30}, {"placeholder", 5}, {"redact", 20},
};

HN_TEST_PN(fuzz, corpus_replays_clean, target, targets, name, .timeout_ms = 120000)
{
    char bin[1024], corpus[1024];
    snprintf(bin, sizeof bin, "%s/hn_st_fuzz_replay_%s", ST_FUZZ_BIN, HN_PARAM->name);
    snprintf(corpus, sizeof corpus, "%s/%s", ST_FUZZ_CORPUS, HN_PARAM->name);
    const char *argv[] = {bin, corpus, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.timeout_ms = 110000}), 0);
    if (!p.exited || p.exit_code != 0) {
        const char *last = p.err_len ? p.err : "";
        HN_FAIL("%s stopped (exit %d, signal %d); its standard error ends:\n%s", bin,
                p.exit_code, p.signal, last + (strlen(last) > 3000 ? strlen(last) - 3000 : 0));
    }
    size_t n = 0;
    HN_ASSERT_EQ(sscanf(p.out, "replayed %zu inputs", &n), 1);
    HN_CHECK_GE(n, (size_t)HN_PARAM->min_inputs);
    st_proc_free(&p);
}
