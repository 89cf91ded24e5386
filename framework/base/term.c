/* SPDX-License-Identifier: MIT */
/* term.c: the one reading of --color and of the environment that decides it. */
#include "base/term.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int hn__color_word(const char *word)
{
    static const char *const words[] = {"auto", "always", "never"};
    for (int i = 0; word && i < 3; i++)
        if (!strcmp(word, words[i]))
            return i;
    return -1;
}

int hn__color_use(int setting, int fd)
{
    if (setting != 0)
        return setting == 1;
    const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
    return isatty(fd) && !(no_color && *no_color) && !(term && !strcmp(term, "dumb"));
}
