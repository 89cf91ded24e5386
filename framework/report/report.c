/* SPDX-License-Identifier: MIT */
/* report.c: results of test runs and the totals of a run. */
#include "report/report.h"
#include "base/mem.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


hn__result *hn__result_new(const hn__instance *in, int iteration)
{
    hn__result *r = hn__must(calloc(1, sizeof *r));
    r->inst = in;
    r->iteration = iteration;
    r->exit_code = -1;
    r->status = (hn__status)-1;
    return r;
}

void hn__result_msg(hn__result *r, hn__event_kind kind, const char *file, int line,
                    const char *text)
{
    hn__must_grow(&r->msgs, &r->msgcap, r->nmsgs + 1, sizeof *r->msgs);
    r->msgs[r->nmsgs++] = (hn__msg){kind, file, line, hn__must(strdup(text))};
}

void hn__result_from_outcome(hn__result *r, const hn__outcome *o, int strict)
{
    int strict_fail = 0;
    for (const hn__event *e = hn__outcome_next(o, NULL); e; e = hn__outcome_next(o, e)) {
        if (e->kind == HN__EV_DATA) {
            hn__must_grow(&r->data, &r->datacap, r->ndata + 1, sizeof *r->data);
            r->data[r->ndata++] = (hn__msg){HN__EV_DATA, e->file, e->line, hn__must(strdup(e->text))};
            continue;
        }
        hn__result_msg(r, (hn__event_kind)e->kind, e->file, e->line, e->text);
        if (e->kind == HN__EV_STRICT && strict)
            strict_fail = 1;
    }
    if (o->truncated)
        hn__result_msg(r, HN__EV_WARN, NULL, 0, "more messages were recorded than fit; the rest were dropped");
    r->asserts = o->asserts;
    r->last_file = __atomic_load_n(&o->last_file, __ATOMIC_RELAXED);
    r->last_line = __atomic_load_n(&o->last_line, __ATOMIC_RELAXED);
    memcpy(r->stats, o->stats, sizeof r->stats);
    if ((int)r->status != -1)
        return;
    if (o->failed || strict_fail)
        r->status = HN__FAILED;
    else if (o->skipped)
        r->status = HN__SKIPPED;
    else
        r->status = HN__PASSED;
    if (r->status == HN__PASSED && o->asserts == 0) {
        r->asserted_nothing = 1;
        hn__result_msg(r, strict ? HN__EV_FAIL : HN__EV_WARN, r->inst->test->file,
                       r->inst->test->line,
                       "the test asserted nothing: no assertion, check or double verification ran");
        if (strict)
            r->status = HN__FAILED;
    }
}

void hn__result_free(hn__result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmsgs; i++)
        free(r->msgs[i].text);
    free(r->msgs);
    for (size_t i = 0; i < r->ndata; i++)
        free(r->data[i].text);
    free(r->data);
    for (size_t i = 0; i < r->nvariants; i++) {
        hn__variant_result *v = &r->variants[i];
        free(v->id);
        free(v->fixture);
        free(v->path);
        free(v->value);
        free(v->detail);
    }
    free(r->variants);
    free(r->output);
    free(r);
}

static void add_note(hn__report *rep, const char *text)
{
    for (size_t i = 0; i < rep->nnotes; i++)
        if (!strcmp(rep->notes[i], text))
            return;
    hn__must_grow(&rep->notes, &rep->notecap, rep->nnotes + 1, sizeof *rep->notes);
    rep->notes[rep->nnotes++] = hn__must(strdup(text));
}

void hn__report_add(hn__report *rep, hn__result *r)
{
    hn__must_grow(&rep->results, &rep->cap, rep->nresults + 1, sizeof *rep->results);
    rep->results[rep->nresults++] = r;
    if (r->status == HN__PASSED)
        rep->passed++;
    else if (r->status == HN__SKIPPED)
        rep->skipped++;
    else
        rep->failed++;
    for (int i = 0; i < HN__STAT_COUNT; i++)
        rep->stats[i] += r->stats[i];
    for (size_t i = 0; i < r->nvariants; i++) {
        rep->voutcomes[r->variants[i].outcome]++;
        rep->vflagged += r->variants[i].flagged != 0;
    }
    for (size_t i = 0; i < r->nmsgs; i++)
        if (r->msgs[i].kind == HN__EV_NOTE)
            add_note(rep, r->msgs[i].text);
}

void hn__report_clear(hn__report *rep)
{
    for (size_t i = 0; i < rep->nresults; i++)
        hn__result_free(rep->results[i]);
    free(rep->results);
    for (size_t i = 0; i < rep->nnotes; i++)
        free(rep->notes[i]);
    free(rep->notes);
    rep->results = NULL;
    rep->notes = NULL;
    rep->nresults = rep->cap = rep->nnotes = 0;
}

const char *hn__status_word(hn__status s)
{
    static const char *const words[] = {"passed", "failed", "skipped", "crashed", "timed_out"};
    return (unsigned)s < 5 ? words[s] : "unknown";
}

const char *hn__voutcome_word(hn__voutcome o)
{
    static const char *const words[] = {"tolerated", "noticed", "crashed", "hung"};
    return (unsigned)o < HN__VO_COUNT ? words[o] : "unknown";
}

const char *hn__signal_name(int sig)
{
    static const struct { int sig; const char *name; } names[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGFPE, "SIGFPE"},
        {SIGBUS, "SIGBUS"},   {SIGILL, "SIGILL"},   {SIGKILL, "SIGKILL"},
        {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
        {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTRAP, "SIGTRAP"},
        {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"}, {SIGHUP, "SIGHUP"},
        {SIGSYS, "SIGSYS"},   {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
    };
    static char other[32];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig)
            return names[i].name;
    snprintf(other, sizeof other, "signal %d", sig);
    return other;
}
