/* C99 test of the calendar part of the C ABI: every function, good and bad input. */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int32_t day(const char* iso) {
  int32_t d = 0;
  if (hw_date_parse(&d, iso, &err) != HW_OK) {
    fprintf(stderr, "bad test date %s\n", iso);
    exit(2);
  }
  return d;
}

static void test_version_and_errors(void) {
  CHECK(strcmp(hw_version(), HOMEWARD_VERSION_STRING) == 0);
  CHECK(hw_version_number() == HOMEWARD_VERSION_NUMBER);
  CHECK(strcmp(hw_status_name(HW_ERR_PARSE), "HW_ERR_PARSE") == 0);
  CHECK(strcmp(hw_status_name(12345), "HW_UNKNOWN") == 0);
  CHECK(strcmp(hw_last_error(), "") == 0 || hw_last_error() != NULL);
  hw_string_free(NULL);
}

static void test_dates(void) {
  int32_t d = -1;
  char buf[11];
  CHECK(hw_date_parse(&d, "1970-01-02", &err) == HW_OK && d == 1);
  CHECK(hw_date_format(buf, sizeof buf, day("2024-02-29"), &err) == HW_OK);
  CHECK(strcmp(buf, "2024-02-29") == 0);
  d = 42;
  CHECK(hw_date_parse(&d, "2025-02-30", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(d == 42); /* untouched on error */
  CHECK(strstr(err.message, "\"2025-02-30\" is not a calendar date") != NULL);
  CHECK(strcmp(err.field, "iso") == 0);
  CHECK(hw_date_parse(&d, "2025-13-01", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_date_parse(&d, "", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_date_parse(&d, "not a date", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_date_parse(NULL, "2025-01-01", &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_date_parse(&d, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "iso") == 0);
  CHECK(hw_date_format(buf, 5, 0, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_date_format(NULL, 11, 0, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_date_format(buf, sizeof buf, 2000000000, &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(strcmp(hw_last_error(), err.message) == 0); /* the thread-local copy agrees */
  CHECK(strcmp(hw_last_error_field(), err.field) == 0);
  hw_clear_error();
  CHECK(strcmp(hw_last_error(), "") == 0);
  CHECK(strstr(err.message, "outside the supported range") != NULL); /* caller-owned: kept */
}

static void test_england_and_wales(void) {
  hw_calendar* cal = NULL;
  int first = 0, last = 0, flag = -1;
  int64_t n = 0;
  int32_t r = 0;
  char* json = NULL;
  size_t count = 0;
  int32_t* all = NULL;

  CHECK(hw_calendar_new_england_and_wales(&cal, &err) == HW_OK && cal != NULL);
  CHECK(hw_calendar_years(&first, &last, cal, &err) == HW_OK);
  CHECK(first == 1978 && last == 2199);

  CHECK(hw_calendar_is_bank_holiday(&flag, cal, day("2022-09-19"), &err) == HW_OK && flag == 1);
  CHECK(hw_calendar_is_bank_holiday(&flag, cal, day("2022-09-20"), &err) == HW_OK && flag == 0);
  CHECK(hw_calendar_is_working_day(&flag, cal, day("2021-12-28"), &err) == HW_OK && flag == 0);
  CHECK(hw_calendar_is_working_day(&flag, cal, day("2021-12-29"), &err) == HW_OK && flag == 1);
  CHECK(hw_calendar_is_working_day(&flag, cal, day("2200-01-01"), &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(strstr(err.message, "2200-01-01 is outside the calendar's range") != NULL);

  CHECK(hw_calendar_working_days_between(&n, cal, day("2024-12-20"), day("2025-01-06"), &err) ==
        HW_OK);
  CHECK(n == 8);
  CHECK(hw_calendar_working_days_between(&n, cal, day("2025-01-06"), day("2024-12-20"), &err) ==
        HW_OK);
  CHECK(n == -8);
  CHECK(hw_calendar_add_working_days(&r, cal, day("2025-04-10"), 10, &err) == HW_OK);
  CHECK(r == day("2025-04-28"));
  CHECK(hw_calendar_add_working_days(&r, cal, day("2024-12-28"), -1, &err) == HW_OK);
  CHECK(r == day("2024-12-27"));
  r = 7;
  CHECK(hw_calendar_add_working_days(&r, cal, day("2199-12-30"), 5, &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(r == 7);

  CHECK(hw_calendar_bank_holidays_json(&json, cal, 2023, 2023, &err) == HW_OK && json != NULL);
  CHECK(strstr(json, "\"2023-05-08\"") != NULL);
  CHECK(strstr(json, "coronation") != NULL);
  hw_string_free(json);
  json = NULL;
  CHECK(hw_calendar_bank_holidays_json(&json, cal, 2025, 2024, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(strcmp(err.field, "first_year") == 0);
  CHECK(hw_calendar_bank_holidays_json(&json, cal, 1950, 1960, &err) == HW_ERR_OUT_OF_RANGE);

  CHECK(hw_calendar_holiday_dates(NULL, 0, &count, cal, &err) == HW_OK);
  CHECK(count > 8 * 222);
  all = (int32_t*)malloc(count * sizeof *all);
  CHECK(hw_calendar_holiday_dates(all, count - 1, &count, cal, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_calendar_holiday_dates(all, count, &count, cal, &err) == HW_OK);
  CHECK(all[0] == day("1978-01-02")); /* New Year 1978 was a Sunday */
  free(all);

  /* Array forms. */
  {
    int32_t a[4], b[4], out32[4];
    int64_t offs[4] = {0, 1, -1, 10};
    int64_t out64[4];
    a[0] = day("2024-12-20");
    b[0] = day("2025-01-06");
    a[1] = day("2024-12-24");
    b[1] = day("2024-12-24");
    a[2] = day("2024-12-28");
    b[2] = day("2024-12-20");
    a[3] = day("2025-04-10");
    b[3] = day("2025-04-28");
    CHECK(hw_calendar_working_days_between_array(out64, cal, a, b, 4, &err) == HW_OK);
    CHECK(out64[0] == 8 && out64[1] == 0 && out64[2] == -3 && out64[3] == 10);
    CHECK(hw_calendar_add_working_days_array(out32, cal, a, offs, 4, &err) == HW_OK);
    CHECK(out32[0] == day("2024-12-20") && out32[1] == day("2024-12-27"));
    CHECK(out32[2] == day("2024-12-27") && out32[3] == day("2025-04-28"));
    b[2] = day("2300-01-01");
    CHECK(hw_calendar_working_days_between_array(out64, cal, a, b, 4, &err) == HW_ERR_OUT_OF_RANGE);
    CHECK(strcmp(err.field, "b[2]") == 0);
    CHECK(hw_calendar_working_days_between_array(NULL, cal, a, b, 4, &err) == HW_ERR_NULL_POINTER);
    CHECK(hw_calendar_working_days_between_array(out64, cal, NULL, b, 4, &err) ==
          HW_ERR_NULL_POINTER);
    CHECK(hw_calendar_add_working_days_array(out32, cal, a, NULL, 4, &err) == HW_ERR_NULL_POINTER);
    CHECK(hw_calendar_add_working_days_array(NULL, cal, NULL, NULL, 0, &err) == HW_OK);
  }

  /* Closures and weekmasks make new calendars. */
  {
    hw_calendar* closed = NULL;
    hw_calendar* sunthu = NULL;
    int32_t extra[2];
    extra[0] = day("2024-12-24");
    extra[1] = day("2024-12-31");
    CHECK(hw_calendar_with_closures(&closed, cal, extra, 2, &err) == HW_OK);
    CHECK(hw_calendar_working_days_between(&n, closed, day("2024-12-20"), day("2025-01-06"),
                                           &err) == HW_OK);
    CHECK(n == 6);
    CHECK(hw_calendar_is_bank_holiday(&flag, closed, day("2024-12-24"), &err) == HW_OK &&
          flag == 0);
    CHECK(hw_calendar_is_working_day(&flag, closed, day("2024-12-24"), &err) == HW_OK && flag == 0);
    extra[1] = day("2300-01-01");
    hw_calendar_free(closed);
    closed = NULL;
    CHECK(hw_calendar_with_closures(&closed, cal, extra, 2, &err) == HW_ERR_OUT_OF_RANGE);
    CHECK(closed == NULL);
    CHECK(strcmp(err.field, "closures[1]") == 0);
    CHECK(hw_calendar_with_closures(&closed, cal, NULL, 1, &err) == HW_ERR_NULL_POINTER);

    CHECK(hw_calendar_with_weekmask(&sunthu, cal, "Sun Mon Tue Wed Thu", &err) == HW_OK);
    CHECK(hw_calendar_is_working_day(&flag, sunthu, day("2024-12-29"), &err) == HW_OK && flag == 1);
    hw_calendar_free(sunthu);
    sunthu = NULL;
    CHECK(hw_calendar_with_weekmask(&sunthu, cal, "0000000", &err) == HW_ERR_INVALID_ARGUMENT);
    CHECK(hw_calendar_with_weekmask(&sunthu, cal, NULL, &err) == HW_ERR_NULL_POINTER);
    CHECK(sunthu == NULL);
  }

  /* NULL handles. */
  CHECK(hw_calendar_years(&first, &last, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "cal") == 0);
  CHECK(hw_calendar_is_working_day(&flag, NULL, 0, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_is_bank_holiday(NULL, cal, 0, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_working_days_between(NULL, cal, 0, 0, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_add_working_days(&r, NULL, 0, 0, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_new_england_and_wales(NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_holiday_dates(NULL, 0, NULL, cal, &err) == HW_ERR_NULL_POINTER);
  hw_calendar_free(NULL);
  hw_calendar_free(cal);
}

static void test_govuk(void) {
  hw_calendar* sc = NULL;
  int flag = -1;
  const char* path = HOMEWARD_TEST_DATA_DIR "/govuk_bank_holidays_2024_2025.json";
  const char* tiny =
      "{\"scotland\": {\"events\": [{\"title\": \"St Andrew\\u2019s Day\", \"date\": "
      "\"2025-12-01\"}]}}";

  CHECK(hw_calendar_new_from_govuk_file(&sc, path, "scotland", &err) == HW_OK);
  CHECK(hw_calendar_is_bank_holiday(&flag, sc, day("2024-01-02"), &err) == HW_OK && flag == 1);
  hw_calendar_free(sc);
  sc = NULL;
  CHECK(hw_calendar_new_from_govuk_json(&sc, tiny, strlen(tiny), "scotland", &err) == HW_OK);
  CHECK(hw_calendar_is_bank_holiday(&flag, sc, day("2025-12-01"), &err) == HW_OK && flag == 1);
  hw_calendar_free(sc);
  sc = NULL;
  /* Truncated: the length cuts the document short. */
  CHECK(hw_calendar_new_from_govuk_json(&sc, tiny, strlen(tiny) - 3, "scotland", &err) ==
        HW_ERR_PARSE);
  CHECK(sc == NULL);
  CHECK(hw_calendar_new_from_govuk_json(&sc, tiny, strlen(tiny), "wales", &err) ==
        HW_ERR_NOT_FOUND);
  CHECK(strstr(err.message, "unknown division \"wales\"") != NULL);
  CHECK(hw_calendar_new_from_govuk_json(&sc, "", 0, "scotland", &err) == HW_ERR_PARSE);
  CHECK(hw_calendar_new_from_govuk_json(&sc, NULL, 0, "scotland", &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_new_from_govuk_json(&sc, tiny, strlen(tiny), NULL, &err) ==
        HW_ERR_NULL_POINTER);
  CHECK(hw_calendar_new_from_govuk_file(&sc, "/nonexistent/bank-holidays.json", "scotland", &err) ==
        HW_ERR_IO);
  CHECK(strstr(err.message, "/nonexistent/bank-holidays.json") != NULL);
  CHECK(sc == NULL);
}

int main(void) {
  test_version_and_errors();
  test_dates();
  test_england_and_wales();
  test_govuk();
  return check_summary();
}
