/*
 * unit.h - minimal assertion helpers for the host-side firmware unit tests.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>

static int unit_failures = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            unit_failures++;                                               \
        }                                                                  \
    } while (0)

#define UNIT_RESULT(name)                                                  \
    (printf("%s: %s\n", (name), unit_failures ? "FAIL" : "PASS"),          \
     unit_failures ? 1 : 0)

#endif /* UNIT_H */
