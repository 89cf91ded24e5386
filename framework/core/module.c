/* SPDX-License-Identifier: MIT */
/* module.c: the list of framework parts with per-test hooks. */
#include "core/module.h"

#include <stddef.h>

#include "base/sys.h"
#include "core/context.h"

static hn__module *first, *last;

void hn__module_register(hn__module *m)
{
    m->next = NULL;
    if (last)
        last->next = m;
    else
        first = m;
    last = m;
}

HN__TEST_PATH void hn__module_reset_all(void)
{
    for (hn__module *m = first; m; m = m->next)
        if (m->reset)
            m->reset();
}

HN__TEST_PATH void hn__module_verify_all(void)
{
    for (hn__module *m = first; m; m = m->next)
        if (m->verify)
            m->verify();
}

HN__TEST_PATH void hn__module_cleanup_all(void)
{
    /* Called again after a cleanup that failed fatally (and so jumped out),
     * it goes on with the part after that one. Where to go on is kept in
     * cells of the test's context (hn__ctx_cell), on the page a test
     * process writes anyway: a variable here would be a page of this
     * file's data each test copies. */
    void **next = hn__ctx_cell(HN__CELL_CLEANUP_NEXT);
    void **cleaning = hn__ctx_cell(HN__CELL_CLEANING);
    for (hn__module *m = *cleaning ? (hn__module *)*next : first; m; m = m->next) {
        if (!m->cleanup)
            continue;
        *next = m->next;
        *cleaning = m; /* the part whose cleanup runs */
        m->cleanup();
    }
    *cleaning = NULL;
}

static hn__fork_hooks *fork_first, *fork_last;

void hn__module_fork_hooks(hn__fork_hooks *h)
{
    h->next = NULL;
    if (fork_last)
        fork_last->next = h;
    else
        fork_first = h;
    fork_last = h;
}

void hn__module_fork_prepare_all(const struct hn__options *opts)
{
    for (hn__fork_hooks *h = fork_first; h; h = h->next)
        if (h->prepare)
            h->prepare(opts);
}

int hn__module_fork_between_all(void)
{
    int did = 0;
    for (hn__fork_hooks *h = fork_first; h; h = h->next)
        if (h->between && h->between())
            did = 1;
    return did;
}
