/* SPDX-License-Identifier: MIT */
/* users.h: the library the audit's subject suite tests: a client of a users
 * service (users_fetch stands for the HTTP call) and a local store. */
#ifndef ST_USERS_H
#define ST_USERS_H

/* The JSON body the users service returns for id, or NULL (static text). */
const char *users_fetch(int id);
/* Stores a name locally; 0 or -1. */
int users_store(const char *name);
/* "Hello, NAME" for user id into out; 0 or -1. */
int users_greet(int id, char *out, unsigned size);
/* A function the suite declares a double of and never configures. */
int users_count(void);

#endif
