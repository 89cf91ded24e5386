/* SPDX-License-Identifier: MIT */
/* main_tool.c: the `honest` tool's main: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include <honest.h>

#include "tool/cmd.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"version", hn__cmd_version, "print the version"},
    {"diff", hn__cmd_diff, "compare two JSON documents structurally"},
    {"verify", hn__cmd_verify, "replay fixtures against live endpoints and report drift"},
    {"record", hn__cmd_record, "record a fixture from a live request, or re-record fixtures"},
    {"audit", hn__cmd_audit, "the inventory of a suite's doubles and fixtures"},
    {"migrate", hn__cmd_migrate, "turn canned data of hand-written doubles into fixtures"},
    {"import", hn__cmd_import, "write recordings of other tools (HAR, VCR, nock, ...) as fixtures"},
    {"serve", hn__cmd_serve, "answer any HTTP client on loopback from fixtures"},
    {"proxy", hn__cmd_proxy, "forward HTTP to an upstream and record fixtures"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: honest COMMAND [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'honest COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version"))
        return hn__cmd_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "honest: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
