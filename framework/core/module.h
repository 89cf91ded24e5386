/* SPDX-License-Identifier: MIT */
/* module.h: how framework parts that keep per-test state (doubles, fake clock,
 * fixtures) plug into the runner without the runner knowing them. */
#ifndef HN_MODULE_H
#define HN_MODULE_H

/* Hooks of one part. Any may be NULL. The runner calls, for every test and in
 * every isolation mode: reset (before setup), verify (after teardown, may
 * record failures with hn__ctx_fail(0, ...)), then cleanup (frees what the
 * test made). Hooks run in the test's process. */
typedef struct hn__module {
    const char *name;
    void (*reset)(void);
    void (*verify)(void);
    void (*cleanup)(void);
    struct hn__module *next;
} hn__module;

/* Adds a part; called from a constructor of the part's file. `m` is static
 * storage and stays registered for the life of the program. */
void hn__module_register(hn__module *m);
/* Runs every part's reset, verify or cleanup hook, in registration order. */
void hn__module_reset_all(void);
void hn__module_verify_all(void);
void hn__module_cleanup_all(void);

/* Work a part does once in the fork server (runner/launcher.c) instead of in
 * every test process: prepare runs once before the first test is forked;
 * between runs after one or more tests ended, before the next are forked.
 * Both run in the launcher, outside any test, and never under --no-fork;
 * test processes inherit what they made, copy on write. Any may be NULL.
 * between returns nonzero when it allocated or freed memory (the launcher
 * then settles its heap again: see hn__platform_settle_heap), 0 when it
 * found nothing to do, which must be the case that writes nothing. */
struct hn__options;

typedef struct hn__fork_hooks {
    const char *name;
    void (*prepare)(const struct hn__options *opts); /* the run's options */
    int (*between)(void);
    struct hn__fork_hooks *next;
} hn__fork_hooks;

/* Adds a part's fork-server hooks; called from a constructor of the part's
 * file, so that only parts linked in take part. `h` is static storage. */
void hn__module_fork_hooks(hn__fork_hooks *h);
/* Runs every part's prepare (given opts) or between hook, in registration
 * order. The between hooks' run returns nonzero when any of them did. */
void hn__module_fork_prepare_all(const struct hn__options *opts);
int hn__module_fork_between_all(void);

#endif
