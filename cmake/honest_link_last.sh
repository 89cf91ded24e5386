#!/bin/sh
# SPDX-License-Identifier: MIT
# honest_link_last.sh SCRIPT COMMAND...: runs a link COMMAND with the linker
# script SCRIPT as its last argument (honest_add_test's link launcher: ld
# settles a script's PROVIDE where the script appears, so it goes after every
# library).
script=$1
shift
exec "$@" "$script"
