#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# house_check.py: checks that the include graph of framework/ keeps the floors
# that framework/LAYERS declares. Prints each breach as FILE:LINE: message and
# exits 1 when there is one; prints "house: N files, M includes, no breach".
# Usage: house_check.py FRAMEWORK_DIR
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def read_layers(root):
    order, allowed = [], {}
    with open(os.path.join(root, 'LAYERS')) as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            name, _, uses = line.partition(':')
            name = name.strip()
            uses = uses.split()
            for u in uses:
                if u not in allowed:
                    sys.exit(f'{root}/LAYERS:{n}: {name} uses {u}, which is not listed above it')
            order.append(name)
            allowed[name] = set(uses)
    return order, allowed


def main():
    root = sys.argv[1]
    order, allowed = read_layers(root)
    breaches, nfiles, nincs = [], 0, 0
    for entry in sorted(os.listdir(root)):
        path = os.path.join(root, entry)
        if os.path.isfile(path) and entry.endswith(('.c', '.h')):
            breaches.append(f'{path}:1: a source file directly in framework/; it belongs in a component folder')
        if not os.path.isdir(path):
            continue
        if entry not in allowed:
            breaches.append(f'{path}: folder not listed in framework/LAYERS')
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.c', '.h')):
                continue
            nfiles += 1
            file = os.path.join(path, name)
            with open(file, encoding='utf-8') as f:
                lines = f.readlines()
            if len(lines) > 600:
                breaches.append(f'{file}:1: {len(lines)} lines, past the limit of 600; split it along a seam')
            for n, line in enumerate(lines, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                nincs += 1
                inc = m.group(1)
                parts = inc.split('/')
                if len(parts) != 2 or '..' in parts:
                    breaches.append(f'{file}:{n}: "{inc}": framework headers are named FOLDER/FILE.h')
                    continue
                folder, header = parts
                if folder == entry:
                    continue
                if folder not in allowed:
                    breaches.append(f'{file}:{n}: "{inc}": no component {folder}')
                elif folder not in allowed[entry]:
                    breaches.append(f'{file}:{n}: "{inc}": {entry} may not use {folder} '
                                    f'(framework/LAYERS: {entry} uses {" ".join(sorted(allowed[entry])) or "nothing"})')
                elif header.endswith('_impl.h'):
                    breaches.append(f'{file}:{n}: "{inc}": a private header of {folder}, for its own files only')
    for b in breaches:
        print(b)
    if breaches:
        print(f'house: {len(breaches)} breach(es)')
        return 1
    print(f'house: {nfiles} files, {nincs} includes, no breach')
    return 0


if __name__ == '__main__':
    sys.exit(main())
