/* SPDX-License-Identifier: MIT */
/* term.h: --color=auto|always|never, read and decided the same way by test
 * binaries and every subcommand of the honest tool. */
#ifndef HN_TERM_H
#define HN_TERM_H

/* The colour setting named by word: 0 auto, 1 always, 2 never; -1 for any
 * other word (the caller reports it). */
int hn__color_word(const char *word);
/* Whether to colour what is written to descriptor fd under setting (as
 * hn__color_word returns): always yes, never no; auto when fd is a terminal,
 * NO_COLOR is unset or empty and TERM is not "dumb". */
int hn__color_use(int setting, int fd);

#endif
