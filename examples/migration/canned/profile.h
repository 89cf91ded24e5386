/* SPDX-License-Identifier: MIT */
/* profile.h: a small client of a users API, as a team wrote it years ago:
 * profile_line() reads the user JSON that users_fetch() gets from the API. */
#ifndef EX_PROFILE_H
#define EX_PROFILE_H

#include <stddef.h>

/* The JSON body of GET ${USERS_API}/v1/users/ID, or NULL on failure. The
 * text stays valid until the next call. */
const char *users_fetch(int id);
/* "NAME (PLAN)" of user id into out (size bytes); 0, or -1 when the user
 * cannot be read. */
int profile_line(int id, char *out, size_t size);

#endif
