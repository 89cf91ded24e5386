/* SPDX-License-Identifier: MIT */
/* client.h: the client of the variants benchmark (client.c). */
#ifndef BENCH_VARIANTS_CLIENT_H
#define BENCH_VARIANTS_CLIENT_H

typedef struct bench_item {
    char id[32];
    char status[16];
    char currency[8];
    double amount;
} bench_item;

/* GETs url (2 s time limit) and reads its JSON answer into *out; 0, or -1
 * on a transfer error, a status other than 200 or an answer of another
 * shape. */
int bench_get(const char *url, bench_item *out);

#endif
