/* SPDX-License-Identifier: MIT */
/* cut.h: the code under test of the doubles selftests: dependencies
 * (cut_core.c) and the code that calls them (cut_use.c). */
#ifndef CUT_H
#define CUT_H

#include <stddef.h>
#include <stdint.h>

struct cut_cfg {
    int port;
    char host[16];
};

struct cut_point {
    int x, y;
};

/* Dependencies, defined in cut_core.c. */
int cut_add(int a, int b);
int cut_sum3(int a, int b, int c); /* calls cut_add inside cut_core.c */
int cut_send(int fd, const char *msg);
long cut_write(int fd, const void *buf, size_t n);
int cut_read_cfg(const char *path, struct cut_cfg *out);
int cut_logf(const char *fmt, ...);
void cut_notify(const char *event);
int cut_rand(void);
struct cut_point cut_make_point(int x, int y);
double cut_scale(double v, float k);
int8_t cut_narrow(int8_t a, uint16_t b, int64_t c, unsigned char d, _Bool e);
char *cut_fill_name(char *out, size_t n);
int cut_shout(char *text); /* upper-cases text in place */

/* Callers, defined in cut_use.c. */
int cut_twice(int x);
int cut_greet(int fd, const char *who);
long cut_push(int fd, size_t n);
int cut_load(struct cut_cfg *out);
long cut_now(void);
long cut_parallel(int threads, int calls);
int cut_log_two(void);
int cut_fire(const char *event);
int cut_two_rands(void);
int cut_point_sum(int x, int y);
double cut_scaled(double v);
int cut_narrow_call(void);
int cut_name_len(void);
int cut_shout_copy(const char *text);

#endif
