/* SPDX-License-Identifier: MIT */
/* replay.c: a main for a fuzz/ target built without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on every file of the directories given (the
 * seed corpus and every finding kept there), so that the invariants the
 * fuzzers check hold in every ordinary build. Prints the count. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t got = 1; f && got;) {
        if (*n == cap && !(buf = realloc(buf, cap = cap ? cap * 2 : 4096)))
            abort();
        got = fread(buf + *n, 1, cap - *n, f);
        *n += got;
    }
    if (f)
        fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 2;
        }
        for (struct dirent *e; (e = readdir(d));) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            size_t n;
            unsigned char *data = slurp(path, &n);
            fprintf(stderr, "replay: %s\n", path); /* named if it fails */
            LLVMFuzzerTestOneInput(data ? data : (unsigned char *)"", n);
            free(data);
            count++;
        }
        closedir(d);
    }
    printf("replayed %zu inputs\n", count);
    return 0;
}
