/* SPDX-License-Identifier: MIT */
/* cmd.h: the subcommands of the `honest` tool, one file each (cmd_NAME.c).
 * Each takes the arguments after its name (argv[0] is the subcommand) and
 * returns the process exit status. */
/* The component framework/tool/: the honest command and its subcommands. It
 * uses base, json, core, report, diff, fixtures, doubles, variants, live,
 * http, verify, serve, runner, compat, audit (framework/LAYERS); this is its
 * main header. */
#ifndef HN_CMD_H
#define HN_CMD_H

int hn__cmd_version(int argc, char **argv);
int hn__cmd_diff(int argc, char **argv);
int hn__cmd_verify(int argc, char **argv);
int hn__cmd_record(int argc, char **argv);
int hn__cmd_audit(int argc, char **argv);
int hn__cmd_migrate(int argc, char **argv);
int hn__cmd_import(int argc, char **argv);
int hn__cmd_serve(int argc, char **argv);
int hn__cmd_proxy(int argc, char **argv);

#endif
