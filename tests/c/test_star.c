/* The Recovery Star C ABI, as a C99 program. */
#include <homeward/homeward.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static const char* kReadings =
    "{\"star\": \"recovery-star\", \"readings\": ["
    "{\"person_id\": \"P0001\", \"date\": \"2025-01-10\", \"completed_by\": \"jointly\","
    " \"scores\": {\"work\": 2, \"living_skills\": 5}},"
    "{\"person_id\": \"P0001\", \"date\": \"2025-05-10\", \"completed_by\": \"jointly\","
    " \"scores\": {\"work\": 6, \"living_skills\": 5}},"
    "{\"person_id\": \"P0002\", \"date\": \"2025-01-12\", \"completed_by\": \"jointly\","
    " \"scores\": {\"work\": 5, \"living_skills\": 3}},"
    "{\"person_id\": \"P0002\", \"date\": \"2025-06-12\", \"completed_by\": \"worker\","
    " \"retrospective\": true, \"scores\": {\"work\": 4, \"living_skills\": 4}}]}";

static void test_definitions(void) {
  hw_star* star = NULL;
  char* json = NULL;
  size_t n = 0, stage = 99;
  CHECK(hw_star_recovery_star(&star, &err) == HW_OK);
  CHECK(hw_star_area_count(&n, star, &err) == HW_OK && n == 10);
  CHECK(hw_star_stage_of(&stage, star, 1, &err) == HW_OK && stage == 0);
  CHECK(hw_star_stage_of(&stage, star, 10, &err) == HW_OK && stage == 4);
  CHECK(hw_star_stage_of(&stage, star, 7, &err) == HW_OK && stage == 3);
  stage = 99;
  CHECK(hw_star_stage_of(&stage, star, 11, &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(stage == 99); /* outputs untouched on error */
  CHECK(hw_star_to_json(&json, star, &err) == HW_OK);
  CHECK(contains(json, "\"Self-reliance\""));
  hw_string_free(json);

  /* A five-point star from a file. */
  {
    hw_star* five = NULL;
    CHECK(hw_star_from_file(&five, HOMEWARD_TEST_DATA_DIR "/star_five_point.json", &err) == HW_OK);
    CHECK(hw_star_area_count(&n, five, &err) == HW_OK && n == 4);
    hw_star_free(five);
  }
  /* Overlapping bands. */
  {
    hw_star* bad = (hw_star*)0x1;
    const char* overlap =
        "{\"id\": \"x\", \"scale\": {\"min\": 1, \"max\": 5},"
        " \"areas\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"},"
        " {\"id\": \"c\", \"name\": \"C\"}],"
        " \"stages\": [{\"name\": \"Low\", \"min\": 1, \"max\": 3},"
        " {\"name\": \"High\", \"min\": 3, \"max\": 5}]}";
    CHECK(hw_star_from_json(&bad, overlap, &err) == HW_ERR_INVALID_ARGUMENT);
    CHECK(strcmp(err.field, "stages[1].min") == 0);
    CHECK(bad == (hw_star*)0x1);
    CHECK(hw_star_from_json(&bad, "{\"id\": ", &err) == HW_ERR_PARSE);
    CHECK(hw_star_from_file(&bad, "/no/such/file.json", &err) == HW_ERR_IO);
    CHECK(hw_star_from_json(&bad, "/no/such/file.json", &err) == HW_ERR_PARSE);
    CHECK(hw_star_from_json(&bad, NULL, &err) == HW_ERR_NULL_POINTER);
    CHECK(hw_star_from_json(NULL, "{}", &err) == HW_ERR_NULL_POINTER);
  }
  CHECK(hw_star_area_count(&n, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_star_to_json(NULL, star, &err) == HW_ERR_NULL_POINTER);
  hw_star_free(star);
  hw_star_free(NULL);
}

static void test_readings(void) {
  hw_star* star = NULL;
  hw_star_readings* rs = NULL;
  char* out = NULL;
  size_t count = 0, people = 0;
  CHECK(hw_star_recovery_star(&star, &err) == HW_OK);
  CHECK(hw_star_readings_from_json(&rs, star, kReadings, &err) == HW_OK);
  CHECK(hw_star_readings_count(&count, &people, rs, &err) == HW_OK);
  CHECK(count == 4 && people == 2);

  /* Journey with reliable change: work 2 -> 6, S_diff = sqrt(2)*2*sqrt(0.2). */
  CHECK(hw_star_journey_json(&out, rs, "P0001", "{\"sd\": 2, \"reliability\": 0.8}", &err) ==
        HW_OK);
  CHECK(contains(out, "\"reliable_improvement\""));
  CHECK(contains(out, "\"caution\""));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_journey_json(&out, rs, "P0001", NULL, &err) == HW_OK);
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_journey_json(&out, rs, "P9999", NULL, &err) == HW_ERR_NOT_FOUND);
  CHECK(out == NULL);
  CHECK(hw_star_journey_json(&out, rs, "P0001", "{\"sd\": 0, \"reliability\": 0.8}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "options.sd") == 0);
  CHECK(hw_star_journey_json(&out, rs, NULL, NULL, &err) == HW_ERR_NULL_POINTER);

  /* Cohort: all readings, then jointly agreed only. */
  CHECK(hw_star_cohort_json(&out, rs, NULL, &err) == HW_OK);
  CHECK(contains(out, "\"people_compared\": 2"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_cohort_json(&out, rs, "{\"completed_by\": [\"jointly\"]}", &err) == HW_OK);
  CHECK(contains(out, "\"people_compared\": 1"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_cohort_json(&out, rs, "{\"completed_by\": [\"nobody\"]}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "options.completed_by[0]") == 0);
  CHECK(hw_star_cohort_json(&out, rs, "{\"start\": ", &err) == HW_ERR_PARSE);

  /* Charts. */
  CHECK(hw_star_journey_svg(&out, rs, "P0002", NULL, &err) == HW_OK);
  CHECK(contains(out, "<svg") && contains(out, "<title") && !contains(out, "<script"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_cohort_svg(&out, rs, NULL, "Our cohort", &err) == HW_OK);
  CHECK(contains(out, "Our cohort"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_chart_svg(&out, star,
                          "{\"series\": [{\"label\": \"now\", \"scores\": {\"work\": 3}}]}",
                          &err) == HW_OK);
  CHECK(contains(out, "now"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_star_chart_svg(&out, star, "{\"series\": [{\"scores\": {\"work\": 30}}]}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "series[0].scores.work") == 0);

  /* JSON round trip. */
  CHECK(hw_star_readings_to_json(&out, rs, &err) == HW_OK);
  {
    hw_star_readings* again = NULL;
    CHECK(hw_star_readings_from_json(&again, star, out, &err) == HW_OK);
    hw_star_readings_free(again);
  }
  hw_string_free(out);
  out = NULL;

  /* Bad readings. */
  {
    hw_star_readings* bad = NULL;
    CHECK(
        hw_star_readings_from_json(&bad, star,
                                   "[{\"person_id\": \"P1\", \"date\": \"2025-01-01\","
                                   " \"completed_by\": \"jointly\", \"scores\": {\"work\": 2.5}}]",
                                   &err) == HW_ERR_INVALID_ARGUMENT);
    CHECK(strcmp(err.field, "readings[0].scores.work") == 0);
    CHECK(hw_star_readings_from_json(&bad, star,
                                     "[{\"person_id\": \"P1\", \"date\": \"2025-01-01\","
                                     " \"completed_by\": \"jointly\", \"scores\": {\"wrk\": 2}}]",
                                     &err) == HW_ERR_NOT_FOUND);
    CHECK(hw_star_readings_from_json(&bad, star, "[{\"person_id\": \"P1\", \"da", &err) ==
          HW_ERR_PARSE);
    CHECK(hw_star_readings_from_json(&bad, NULL, "[]", &err) == HW_ERR_NULL_POINTER);
    CHECK(bad == NULL);
  }
  hw_star_readings_free(rs);
  hw_star_readings_free(NULL);
  hw_star_free(star);
}

static void test_columns(void) {
  hw_star* star = NULL;
  hw_star_readings* rs = NULL;
  char* out = NULL;
  size_t count = 0, people = 0, i;
  const char* ids[3] = {"P0001", "P0002", "P0001"};
  const int32_t dates[3] = {20100, 20100, 20200}; /* days since 1970-01-01 */
  double scores[30];
  const uint8_t cb[3] = {HW_STAR_JOINTLY, HW_STAR_WORKER, HW_STAR_JOINTLY};
  for (i = 0; i < 30; ++i) scores[i] = 5.0;
  scores[0 * 10 + 4] = 2.0;
  scores[2 * 10 + 4] = 7.0;
  scores[1 * 10 + 3] = NAN; /* missing */
  CHECK(hw_star_recovery_star(&star, &err) == HW_OK);
  CHECK(hw_star_readings_from_columns(&rs, star, 3, ids, dates, scores, cb, NULL, &err) == HW_OK);
  CHECK(hw_star_readings_count(&count, &people, rs, &err) == HW_OK && count == 3 && people == 2);
  CHECK(hw_star_journey_json(&out, rs, "P0001", NULL, &err) == HW_OK);
  CHECK(contains(out, "\"total_change\": 5"));
  hw_string_free(out);
  hw_star_readings_free(rs);
  rs = NULL;

  scores[2 * 10 + 4] = 7.5;
  CHECK(hw_star_readings_from_columns(&rs, star, 3, ids, dates, scores, cb, NULL, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "readings[2].scores.work") == 0);
  scores[2 * 10 + 4] = 7.0;
  {
    const int32_t same[3] = {20100, 20100, 20100};
    CHECK(hw_star_readings_from_columns(&rs, star, 3, ids, same, scores, cb, NULL, &err) ==
          HW_ERR_INVALID_ARGUMENT);
    CHECK(strcmp(err.field, "readings[2].date") == 0);
  }
  {
    const char* null_id[3] = {"P0001", NULL, "P0001"};
    CHECK(hw_star_readings_from_columns(&rs, star, 3, null_id, dates, scores, cb, NULL, &err) ==
          HW_ERR_NULL_POINTER);
  }
  CHECK(hw_star_readings_from_columns(&rs, star, 3, ids, NULL, scores, cb, NULL, &err) ==
        HW_ERR_NULL_POINTER);
  CHECK(rs == NULL);
  CHECK(hw_star_readings_from_columns(&rs, star, 0, NULL, NULL, NULL, NULL, NULL, &err) == HW_OK);
  CHECK(hw_star_readings_count(&count, NULL, rs, &err) == HW_OK && count == 0);
  hw_star_readings_free(rs);
  hw_star_free(star);
}

static void test_reliable_change(void) {
  const double x1[3] = {2, 5, 3};
  const double x2[3] = {6, 4, 3};
  double rci[3] = {0, 0, 0};
  int8_t cls[3] = {9, 9, 9};
  const double sdiff = sqrt(2.0) * 2.0 * sqrt(1.0 - 0.8);
  CHECK(hw_star_reliable_change(rci, cls, x1, x2, 3, 2.0, 0.8, 1.96, &err) == HW_OK);
  CHECK(fabs(rci[0] - 4.0 / sdiff) < 1e-12);
  CHECK(fabs(rci[1] + 1.0 / sdiff) < 1e-12);
  CHECK(cls[0] == HW_STAR_RELIABLE_IMPROVEMENT && cls[1] == HW_STAR_NO_RELIABLE_CHANGE);
  rci[0] = -99;
  CHECK(hw_star_reliable_change(rci, cls, x1, x2, 3, 2.0, 1.0, 1.96, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "reliability") == 0);
  CHECK(hw_star_reliable_change(rci, cls, x1, x2, 3, -1.0, 0.8, 1.96, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "sd") == 0);
  CHECK(hw_star_reliable_change(rci, cls, x1, x2, 3, 2.0, 0.8, 0.0, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(rci[0] == -99);
  CHECK(hw_star_reliable_change(rci, cls, NULL, x2, 3, 2.0, 0.8, 1.96, &err) ==
        HW_ERR_NULL_POINTER);
  CHECK(hw_star_reliable_change(NULL, NULL, NULL, NULL, 0, 2.0, 0.8, 1.96, &err) == HW_OK);
}

int main(void) {
  test_definitions();
  test_readings();
  test_columns();
  test_reliable_change();
  return check_summary();
}
