/* The tiny check harness shared by the C ABI test programs (C99). */
#ifndef HOMEWARD_TEST_CHECK_H
#define HOMEWARD_TEST_CHECK_H

#include <homeward/homeward.h>

#include <stdio.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

/* The caller-owned error every call in the tests hands in (hw_common.h). */
static hw_error err;

/* Record a failed condition with the library's last error, and go on. */
#define CHECK(cond)                                                           \
  do {                                                                        \
    ++checks;                                                                 \
    if (!(cond)) {                                                            \
      ++failures;                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s (error: %s)\n", __FILE__,       \
              __LINE__, #cond, err.message);                                  \
    }                                                                         \
  } while (0)

#define CONTAINS(haystack, needle) ((haystack) != NULL && strstr((haystack), (needle)) != NULL)

/* Print the tally ("N passed, M failed") and give main's exit status. */
static int check_summary(void) {
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}

#endif /* HOMEWARD_TEST_CHECK_H */
