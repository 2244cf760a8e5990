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
    (unit_junit(name), printf("%s: %s\n", (name), unit_failures ? "FAIL" : "PASS"), \
     unit_failures ? 1 : 0)

/*
 * Test cases with a JUnit XML report: UNIT_TEST(fn) defines a test and notes its line,
 * RUN(fn) runs it. With UNIT_JUNIT=FILE set, UNIT_RESULT writes FILE: one <testcase> per
 * test with its file and line, so that Tracespine maps each result to the @verifies tag
 * above the test.
 */
#include <stdlib.h>

#define UNIT_TEST(fn) static const int fn##_line = __LINE__; static void fn(void)
#define RUN(fn) unit_run(#fn, fn, fn##_line)

#define UNIT_MAX_CASES 32
static struct { const char *name; int line; int failed; } unit_cases[UNIT_MAX_CASES];
static int unit_count = 0;

static void unit_run(const char *name, void (*fn)(void), int line)
{
    int before = unit_failures;
    fn();
    if (unit_count < UNIT_MAX_CASES) {
        unit_cases[unit_count].name = name;
        unit_cases[unit_count].line = line;
        unit_cases[unit_count].failed = unit_failures - before;
        unit_count++;
    }
}

#ifndef UNIT_SOURCE
#define UNIT_SOURCE __FILE__
#endif

static void unit_junit(const char *suite)
{
    const char *path = getenv("UNIT_JUNIT");
    FILE *f;
    int i;
    if (path == NULL || (f = fopen(path, "w")) == NULL) return;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n", suite, unit_count, unit_failures ? 1 : 0);
    for (i = 0; i < unit_count; i++) {
        fprintf(f, "  <testcase classname=\"%s\" name=\"%s\" file=\"%s\" line=\"%d\"", suite, unit_cases[i].name,
                UNIT_SOURCE, unit_cases[i].line);
        if (unit_cases[i].failed)
            fprintf(f, ">\n    <failure message=\"%d check(s) failed\"/>\n  </testcase>\n", unit_cases[i].failed);
        else
            fprintf(f, "/>\n");
    }
    fprintf(f, "</testsuite>\n");
    fclose(f);
}

#endif /* UNIT_H */
