/* SPDX-License-Identifier: MIT */
/* out_junit.c: JUnit XML (the dialect Jenkins, GitLab and Bazel read): a
 * testsuite per suite, a testcase per test with file and line of failures. */
#include "report/writer.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void attr(hn__buf *b, const char *name, const char *value)
{
    hn__buf_printf(b, " %s=\"", name);
    hn__buf_escape_xml(b, value, strlen(value));
    hn__buf_puts(b, "\"");
}

/* The first failure's text (the message attribute). */
static const hn__msg *first_failure(const hn__result *r)
{
    for (size_t i = 0; i < r->nmsgs; i++)
        if (r->msgs[i].kind == HN__EV_FAIL)
            return &r->msgs[i];
    return NULL;
}

static void failure(hn__buf *b, const hn__result *r)
{
    static const char *const types[] = {"", "assertion", "", "crash", "timeout"};
    const hn__msg *first = first_failure(r);
    const char *tag = r->status == HN__FAILED ? "failure" : "error";
    hn__buf_printf(b, "      <%s", tag);
    attr(b, "type", types[r->status]);
    if (first) {
        size_t n = strcspn(first->text, "\n");
        hn__buf_puts(b, " message=\"");
        hn__buf_escape_xml(b, first->text, n);
        hn__buf_puts(b, "\"");
    }
    hn__buf_puts(b, ">");
    for (size_t i = 0; i < r->nmsgs; i++) {
        const hn__msg *m = &r->msgs[i];
        if (m->kind != HN__EV_FAIL)
            continue;
        if (m->file)
            hn__buf_printf(b, "%s:%d: ", m->file, m->line);
        hn__buf_escape_xml(b, m->text, strlen(m->text));
        hn__buf_puts(b, "&#10;");
    }
    hn__buf_printf(b, "</%s>\n", tag);
}

static void testcase(hn__buf *b, const hn__result *r)
{
    const hn_test *t = r->inst->test;
    const char *dot = strchr(r->inst->name, '.');
    char line[16];
    hn__buf_puts(b, "    <testcase");
    attr(b, "name", dot ? dot + 1 : r->inst->name);
    attr(b, "classname", t->suite);
    attr(b, "file", t->file);
    snprintf(line, sizeof line, "%d", t->line);
    attr(b, "line", line);
    hn__buf_printf(b, " time=\"%.6f\">\n", (double)r->duration_ns / 1e9);
    if (r->status == HN__SKIPPED) {
        const char *why = "";
        for (size_t i = 0; i < r->nmsgs; i++)
            if (r->msgs[i].kind == HN__EV_SKIP)
                why = r->msgs[i].text;
        hn__buf_puts(b, "      <skipped");
        attr(b, "message", why);
        hn__buf_puts(b, "/>\n");
    } else if (r->status != HN__PASSED) {
        failure(b, r);
    }
    hn__buf buf = {0};
    for (size_t i = 0; i < r->nmsgs; i++)
        if (r->msgs[i].kind != HN__EV_FAIL && r->msgs[i].kind != HN__EV_SKIP)
            hn__buf_printf(&buf, "%s: %s\n", hn__out_kind_word(r->msgs[i].kind), r->msgs[i].text);
    if (r->output_len)
        hn__buf_add(&buf, r->output, r->output_len);
    if (buf.len) {
        hn__buf_puts(b, "      <system-out>");
        hn__buf_escape_xml(b, buf.data, buf.len);
        hn__buf_puts(b, "</system-out>\n");
    }
    hn__buf_free(&buf);
    hn__buf_puts(b, "    </testcase>\n");
}

/* --variants: each variant run of r as a testcase after r's own, named by
 * its id; one that fails the test (crashed, hung, against the expectation)
 * has a failure. */
static void variant_cases(hn__buf *b, const hn__result *r)
{
    for (size_t i = 0; i < r->nvariants; i++) {
        const hn__variant_result *v = &r->variants[i];
        hn__buf_puts(b, "    <testcase");
        attr(b, "name", v->id);
        attr(b, "classname", r->inst->test->suite);
        hn__buf_printf(b, " time=\"%.6f\">\n", (double)v->duration_ns / 1e9);
        hn__buf buf = {0};
        hn__buf_printf(&buf, "variant %s", hn__voutcome_word(v->outcome));
        if (v->expected)
            hn__buf_printf(&buf, " (expected: %s)", v->expected == 1 ? "tolerate" : "notice");
        if (v->value)
            hn__buf_printf(&buf, "; value: %s", v->value);
        if (v->flagged) {
            hn__buf_puts(b, "      <failure");
            attr(b, "type", hn__voutcome_word(v->outcome));
            attr(b, "message", hn__buf_str(&buf));
            hn__buf_puts(b, ">");
            if (v->detail)
                hn__buf_escape_xml(b, v->detail, strlen(v->detail));
            hn__buf_puts(b, "</failure>\n");
        } else {
            hn__buf_puts(b, "      <system-out>");
            hn__buf_escape_xml(b, buf.data, buf.len);
            hn__buf_puts(b, "</system-out>\n");
        }
        hn__buf_free(&buf);
        hn__buf_puts(b, "    </testcase>\n");
    }
}

typedef struct counts {
    size_t tests, failures, errors, skipped;
    double time;
} counts;

static counts count(const hn__result **v, size_t from, size_t to)
{
    counts c = {0};
    for (size_t i = from; i < to; i++) {
        c.tests++;
        c.failures += v[i]->status == HN__FAILED;
        c.errors += v[i]->status == HN__CRASHED || v[i]->status == HN__TIMED_OUT;
        c.skipped += v[i]->status == HN__SKIPPED;
        c.time += (double)v[i]->duration_ns / 1e9;
        for (size_t j = 0; j < v[i]->nvariants; j++) {
            c.tests++;
            c.failures += v[i]->variants[j].flagged;
            c.time += (double)v[i]->variants[j].duration_ns / 1e9;
        }
    }
    return c;
}

static void counts_attrs(hn__buf *b, counts c)
{
    hn__buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\"",
                   c.tests, c.failures, c.errors, c.skipped, c.time);
}

static void render_junit(const hn__report *rep, hn__buf *out)
{
    const hn__result **v = hn__out_sorted(rep);
    hn__buf b = {0};
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", gmtime(&rep->started_at));
    hn__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
    attr(&b, "name", rep->program);
    counts_attrs(&b, count(v, 0, rep->nresults));
    hn__buf_puts(&b, ">\n");
    /* Consecutive results of one suite (and one repetition) form a testsuite. */
    for (size_t i = 0; i < rep->nresults;) {
        size_t k = i;
        while (k < rep->nresults && v[k]->iteration == v[i]->iteration &&
               !strcmp(v[k]->inst->test->suite, v[i]->inst->test->suite))
            k++;
        hn__buf_puts(&b, "  <testsuite");
        attr(&b, "name", v[i]->inst->test->suite);
        counts_attrs(&b, count(v, i, k));
        attr(&b, "timestamp", stamp);
        hn__buf_puts(&b, ">\n");
        for (size_t m = i; m < k; m++) {
            testcase(&b, v[m]);
            variant_cases(&b, v[m]);
        }
        hn__buf_puts(&b, "  </testsuite>\n");
        i = k;
    }
    hn__buf_puts(&b, "</testsuites>\n");
    free(v);
    *out = b;
}

hn__writer *hn__out_junit_new(const char *path)
{
    return hn__out_file_new(path, "--junit", render_junit);
}
