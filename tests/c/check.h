/* The tiny check harness shared by the C ABI test programs (C99). */
#ifndef HOMEWARD_TEST_CHECK_H
#define HOMEWARD_TEST_CHECK_H

#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

/* The caller-owned error every call in the tests hands in (hw_common.h). */
static hw_error err;

/* Record a failed condition with the library's last error, and go on. */
#define CHECK(cond)                                                                       \
  do {                                                                                    \
    ++checks;                                                                             \
    if (!(cond)) {                                                                        \
      ++failures;                                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s (error: %s)\n", __FILE__, __LINE__, #cond, \
              err.message);                                                               \
    }                                                                                     \
  } while (0)

#define CONTAINS(haystack, needle) ((haystack) != NULL && strstr((haystack), (needle)) != NULL)

/* A whole file as a NUL-terminated malloc'd string (NULL on failure): the C
 * entry points take JSON text, never a path. */
static char* read_text_file(const char* path);
#if defined(__GNUC__)
__attribute__((unused))
#endif
static char*
read_text_file(const char* path) {
  FILE* f = fopen(path, "rb");
  char* buf = NULL;
  size_t len = 0;
  size_t cap = 0;
  if (f == NULL) return NULL;
  for (;;) {
    size_t got;
    if (cap - len < 4096) {
      char* grown = (char*)realloc(buf, cap * 2 + 4096);
      if (grown == NULL) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = grown;
      cap = cap * 2 + 4096;
    }
    got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0) break;
  }
  fclose(f);
  buf[len] = '\0';
  return buf;
}

/* Print the tally ("N passed, M failed") and give main's exit status. */
static int check_summary(void) {
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}

#endif /* HOMEWARD_TEST_CHECK_H */
