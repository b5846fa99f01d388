/* C99 test of the 0.2 conventions: the caller-owned hw_error, caller-buffer
 * text, constants as functions, scalar field names, text vs file, named
 * enums, and the 0.1 names kept as deprecated aliases. */
#define HW_NO_DEPRECATION_WARNINGS
#define HW_EXPERIMENTAL
#include <homeward/homeward.h>
#include <homeward/hw_experimental.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"

static int32_t day(const char* iso) {
  int32_t d = 0;
  if (hw_date_parse(&d, iso, NULL) != HW_OK) exit(2);
  return d;
}

static void test_error_struct(void) {
  hw_error e;
  hw_error* heap = hw_error_new();
  int32_t d = 0;
  CHECK(hw_error_size() == sizeof(hw_error));
  CHECK(sizeof(hw_error) == 4 + HW_ERROR_FIELD_SIZE + HW_ERROR_MESSAGE_SIZE);
  /* Filled on failure, with the same texts as the thread-local copy. */
  CHECK(hw_date_parse(&d, "2025-02-30", &e) == HW_ERR_INVALID_ARGUMENT);
  CHECK(e.status == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(e.field, "iso") == 0);
  CHECK(CONTAINS(e.message, "iso: \"2025-02-30\" is not a calendar date"));
  CHECK(strcmp(e.message, hw_last_error()) == 0);
  CHECK(hw_error_status(&e) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_error_field(&e) == e.field && hw_error_message(&e) == e.message);
  /* Cleared on success. */
  CHECK(hw_date_parse(&d, "2025-02-28", &e) == HW_OK);
  CHECK(e.status == HW_OK && e.field[0] == '\0' && e.message[0] == '\0');
  /* NULL err is allowed everywhere; the accessors accept NULL. */
  CHECK(hw_date_parse(&d, "nope", NULL) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "iso") == 0);
  CHECK(hw_error_status(NULL) == HW_OK && strcmp(hw_error_message(NULL), "") == 0);
  CHECK(strcmp(hw_error_field(NULL), "") == 0);
  hw_error_clear(NULL);
  /* The heap form. */
  CHECK(heap != NULL);
  CHECK(hw_date_parse(NULL, "2025-01-01", heap) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(hw_error_field(heap), "out") == 0);
  CHECK(strcmp(hw_error_message(heap), "out: must not be NULL") == 0);
  hw_error_clear(heap);
  CHECK(hw_error_status(heap) == HW_OK && strcmp(hw_error_message(heap), "") == 0);
  hw_error_free(heap);
  hw_error_free(NULL);
  CHECK(strcmp(hw_status_name(HW_ERR_BUFFER_TOO_SMALL), "HW_ERR_BUFFER_TOO_SMALL") == 0);
}

/* A long message is cut at a UTF-8 character boundary, NUL-terminated. */
static void test_truncation(void) {
  hw_calendar* cal = NULL;
  char* path = (char*)malloc(3002);
  size_t i, n;
  CHECK(path != NULL);
  if (path == NULL) return;
  path[0] = '/';
  for (i = 0; i < 1500; ++i) memcpy(path + 1 + 2 * i, "\xc3\xa9", 2); /* "é" x 1500 */
  path[3001] = '\0';
  CHECK(hw_calendar_new_from_govuk_file(&cal, path, "scotland", &err) == HW_ERR_IO);
  n = strlen(err.message);
  CHECK(n < HW_ERROR_MESSAGE_SIZE && n > HW_ERROR_MESSAGE_SIZE - 8);
  /* The last byte kept ends a character: it is not a lead byte (11xxxxxx). */
  CHECK(n > 0 && ((unsigned char)err.message[n - 1] & 0xC0u) != 0xC0u);
  CHECK(strlen(hw_last_error()) > n); /* the thread-local copy is whole */
  CHECK(strncmp(hw_last_error(), err.message, n) == 0);
  CHECK(cal == NULL);
  free(path);
}

static void test_buffers(void) {
  hw_calendar* cal = NULL;
  char* owned = NULL;
  char small[8];
  char* big;
  size_t needed = 0, again = 0;
  CHECK(hw_calendar_new_england_and_wales(&cal, &err) == HW_OK);
  CHECK(hw_calendar_bank_holidays_json(&owned, cal, 2025, 2025, &err) == HW_OK);
  /* Size query: buf NULL, capacity 0. */
  CHECK(hw_calendar_bank_holidays_json_buf(NULL, 0, &needed, cal, 2025, 2025, &err) == HW_OK);
  CHECK(owned != NULL && needed == strlen(owned) + 1);
  /* Too small: status, *needed, buffer untouched. */
  memset(small, 'x', sizeof small);
  CHECK(hw_calendar_bank_holidays_json_buf(small, sizeof small, &again, cal, 2025, 2025, &err) ==
        HW_ERR_BUFFER_TOO_SMALL);
  CHECK(again == needed && small[0] == 'x');
  CHECK(strcmp(err.field, "capacity") == 0);
  /* Exactly big enough. */
  big = (char*)malloc(needed);
  CHECK(big != NULL);
  if (big != NULL) {
    CHECK(hw_calendar_bank_holidays_json_buf(big, needed, NULL, cal, 2025, 2025, &err) == HW_OK);
    CHECK(owned != NULL && strcmp(big, owned) == 0);
    free(big);
  }
  /* A NULL buffer with a capacity is a mistake; errors of the call itself win. */
  CHECK(hw_calendar_bank_holidays_json_buf(NULL, 10, &needed, cal, 2025, 2025, &err) ==
        HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_bank_holidays_json_buf(NULL, 0, &needed, cal, 2025, 2024, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  hw_string_free(owned);
  hw_calendar_free(cal);
}

static void test_constants_and_scalars(void) {
  hw_calendar* cal = NULL;
  int64_t n = 0;
  int32_t d = 0;
  CHECK(hw_no_day() == HW_NO_DAY && hw_no_day() == INT32_MIN);
  CHECK(hw_timeline_stage_count() == HW_STAGE_COUNT);
  CHECK(hw_timeline_milestone_count() == HW_MILESTONE_COUNT);
  CHECK(hw_timeline_milestone_status_count() == HW_STATUS_COUNT);
  CHECK(strcmp(hw_timeline_stage_name(HW_STAGE_IN_STEP_DOWN), "in_step_down") == 0);
  CHECK(hw_calendar_new_england_and_wales(&cal, &err) == HW_OK);
  /* Scalar calls name scalar fields, not "a[0]". */
  CHECK(hw_calendar_working_days_between(&n, cal, day("2300-01-01"), day("2025-01-01"), &err) ==
        HW_ERR_OUT_OF_RANGE);
  CHECK(strcmp(err.field, "a") == 0);
  CHECK(strncmp(err.message, "a: ", 3) == 0);
  CHECK(hw_calendar_working_days_between(&n, cal, day("2025-01-01"), HW_NO_DAY, &err) != HW_OK);
  CHECK(strcmp(err.field, "b") == 0);
  CHECK(hw_calendar_add_working_days(&d, cal, day("2300-01-01"), 1, &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(strcmp(err.field, "date") == 0);
  CHECK(hw_calendar_add_working_days(&d, cal, day("2199-12-20"), 100, &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(strcmp(err.field, "n") == 0);
  hw_calendar_free(cal);
}

static void test_enums(void) {
  int64_t rows[2], cols[2];
  const double cost[4] = {1, 2, 3, 4};
  double total = 0;
  CHECK(hw_assignment_linear_sum(rows, cols, NULL, &total, cost, 2, 2, HW_ASSIGNMENT_MAXIMIZE,
                                 &err) == HW_OK);
  CHECK(total == 5);
  CHECK(hw_assignment_linear_sum(rows, cols, NULL, &total, cost, 2, 2, (hw_assignment_sense)7,
                                 &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "sense") == 0);
}

/* The 0.1 names still link and behave as before (thread-local errors). */
static void test_deprecated_aliases(void) {
  int64_t rows[2], cols[2];
  const double cost[4] = {1, 2, 3, 4};
  double total = 0;
  char* out = NULL;
  CHECK(hw_linear_sum_assignment(rows, cols, NULL, &total, cost, 2, 2, 0) == HW_OK);
  CHECK(total == 5);
  CHECK(hw_linear_sum_assignment(rows, cols, NULL, &total, NULL, 2, 2, 0) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(hw_last_error_field(), "cost") == 0);
  CHECK(strcmp(hw_stage_name(HW_STAGE_CLOSED), "closed") == 0);
  CHECK(hw_match_placements(&out, "/no/such/input.json", NULL) ==
        HW_ERR_PARSE); /* text, never a path (issue 8) */
  CHECK(out == NULL);
}

/* Opt-in experimental functions. */
static void test_experimental(void) {
  hw_error copy;
  int32_t d = 0;
  CHECK(hw_date_parse(&d, "2025-13-01", NULL) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_experimental_error_from_last(&copy) == HW_ERR_INVALID_ARGUMENT);
  CHECK(copy.status == HW_ERR_INVALID_ARGUMENT && strcmp(copy.field, "iso") == 0);
  CHECK(strcmp(copy.message, hw_last_error()) == 0);
  hw_clear_error();
  CHECK(hw_experimental_error_from_last(NULL) == HW_OK);
}

int main(void) {
  test_experimental();
  test_error_struct();
  test_truncation();
  test_buffers();
  test_constants_and_scalars();
  test_enums();
  test_deprecated_aliases();
  return check_summary();
}
