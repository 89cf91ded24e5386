/* SPDX-License-Identifier: MIT */
/* shop.h: the client library of the forms suites: each function asks a
 * service (the *_fetch functions stand for its HTTP calls and answer with
 * the JSON body) and reads one number from the answer. */
#ifndef ST_SHOP_H
#define ST_SHOP_H

/* The JSON bodies the services answer with (static text, or NULL). */
const char *orders_fetch(int id);
const char *prices_fetch(int sku);
const char *stock_fetch(const char *sku);
const char *weather_fetch(const char *city);
/* Copies the geocoding service's JSON answer for place into out; 0 or -1. */
int geo_fetch(const char *place, char *out, unsigned size);

/* Looks place up in the geocoding service: its JSON answer into *out
 * (static text); 0, or -1 when the service cannot be reached. */
int geo_lookup(const char *place, const char **out);

/* The number at "key": in body, or -1. */
int shop_number(const char *body, const char *key);

#endif
