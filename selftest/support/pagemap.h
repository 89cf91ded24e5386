/* SPDX-License-Identifier: MIT */
/* pagemap.h: for subject programs run by the selftests (header only, no
 * framework call): how many pages of the program's own data (its writable
 * segment and the zeroed data after it), or of its heap, this process holds a copy of, read
 * from /proc/self/maps and /proc/self/pagemap. In a test process, a page the
 * process wrote is its own copy; one it only read is still shared with the
 * process it was forked from. */
#ifndef HN_ST_PAGEMAP_H
#define HN_ST_PAGEMAP_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Whether the page at addr is this process's own copy (present, mapped by
 * it alone: bits 63 and 56 of its pagemap entry); -1 when unreadable. */
static inline int st_own_copy(FILE *pagemap, uintptr_t addr)
{
    uint64_t entry = 0;
    long page = sysconf(_SC_PAGESIZE);
    if (fseek(pagemap, (long)(addr / (uintptr_t)page) * 8, SEEK_SET) != 0 ||
        fread(&entry, sizeof entry, 1, pagemap) != 1)
        return -1;
    return (entry >> 63 & 1) && (entry >> 56 & 1);
}

/* Whether the page at addr is mapped in this process (bit 63 of its
 * pagemap entry: present); -1 when unreadable. After fork, a page of a
 * file (a library's code or read-only data) is mapped in the child only
 * once it read the page, or one of its 64 KiB neighbourhood. */
static inline int st_page_mapped(uintptr_t addr)
{
    FILE *pagemap = fopen("/proc/self/pagemap", "rb");
    uint64_t entry = 0;
    long page = sysconf(_SC_PAGESIZE);
    int ok = pagemap && fseek(pagemap, (long)(addr / (uintptr_t)page) * 8, SEEK_SET) == 0 &&
             fread(&entry, sizeof entry, 1, pagemap) == 1;
    if (pagemap)
        fclose(pagemap);
    return ok ? (int)(entry >> 63 & 1) : -1;
}

/* Counts the pages of the program's data into *looked, and returns how many
 * of them are this process's own copies; -1 when /proc could not be read. */
static inline int st_data_pages_copied(int *looked)
{
    char exe[512], buf[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    FILE *maps = fopen("/proc/self/maps", "r");
    FILE *pagemap = fopen("/proc/self/pagemap", "rb");
    if (!maps || !pagemap) {
        if (maps)
            fclose(maps);
        if (pagemap)
            fclose(pagemap);
        return -1;
    }
    int copied = 0, after_data = 0;
    uintptr_t data_end = 0;
    *looked = 0;
    while (fgets(buf, sizeof buf, maps)) {
        unsigned long lo, hi;
        char perms[8], path[600] = "";
        if (sscanf(buf, "%lx-%lx %7s %*s %*s %*s %599s", &lo, &hi, perms, path) < 3)
            continue;
        int data = strcmp(path, exe) == 0 && perms[1] == 'w';
        int zeroed = after_data && path[0] == '\0' && lo == data_end && perms[1] == 'w';
        after_data = data;
        if (!data && !zeroed)
            continue;
        data_end = hi;
        for (uintptr_t at = lo; at < hi; at += (uintptr_t)sysconf(_SC_PAGESIZE)) {
            (*looked)++;
            copied += st_own_copy(pagemap, at) == 1;
        }
    }
    fclose(maps);
    fclose(pagemap);
    return copied;
}

/* Counts the pages of the heap (from the [heap] mapping's start to the
 * program's break) into *looked, and returns how many of them are this
 * process's own copies (in a test process: the heap pages it wrote); -1
 * when /proc could not be read or there is no heap. */
static inline int st_heap_pages_copied(int *looked)
{
    char buf[1024];
    FILE *maps = fopen("/proc/self/maps", "r");
    FILE *pagemap = fopen("/proc/self/pagemap", "rb");
    uintptr_t lo = 0, hi = (uintptr_t)sbrk(0);
    while (maps && fgets(buf, sizeof buf, maps)) {
        unsigned long a, b;
        if (strstr(buf, "[heap]") && sscanf(buf, "%lx-%lx", &a, &b) == 2 && !lo)
            lo = a;
    }
    int copied = -1;
    if (maps && pagemap && lo && hi > lo) {
        copied = 0;
        *looked = 0;
        for (uintptr_t at = lo; at < hi; at += (uintptr_t)sysconf(_SC_PAGESIZE)) {
            (*looked)++;
            copied += st_own_copy(pagemap, at) == 1;
        }
    }
    if (maps)
        fclose(maps);
    if (pagemap)
        fclose(pagemap);
    return copied;
}

/* Calls once what st_data_pages_copied calls, so that a program's lazily
 * bound C library functions are bound before its test processes are forked
 * (bound in a test process, each would write the program's table of their
 * addresses, a page of its data). From a constructor. */
static inline void st_pagemap_bind_early(void)
{
    int looked;
    (void)st_data_pages_copied(&looked);
}

#endif
