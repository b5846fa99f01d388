/* Regression tests for what the fuzzers of tests/fuzz found (docs/fuzzing.md),
 * through the C ABI where the fuzzers found them. */
#include "check.h"

#include <math.h>

/* fuzz_star_options: a person id that is not UTF-8, given as a column, was
 * accepted and then made hw_star_readings_to_json fail with an internal error. */
static void star_columns_reject_invalid_utf8_ids(void) {
  hw_star* star = NULL;
  hw_star_readings* rs = NULL;
  size_t areas = 0, i;
  const char* ids[2] = {"P0001", "un\xe3"};
  int32_t dates[2] = {20000, 20001};
  double scores[20];
  uint8_t by[2] = {0, 0};
  CHECK(hw_star_recovery_star(&star, NULL) == HW_OK);
  CHECK(hw_star_area_count(&areas, star, NULL) == HW_OK && areas == 10);
  for (i = 0; i < 20; ++i) scores[i] = 3.0;
  CHECK(hw_star_readings_from_columns(&rs, star, 2, ids, dates, scores, by, NULL, NULL) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "readings[1].person_id") == 0);
  CHECK(CONTAINS(hw_last_error(), "UTF-8"));
  CHECK(rs == NULL);
  /* Valid multi-byte ids still load and write out. */
  ids[1] = "Zo\xc3\xab";
  CHECK(hw_star_readings_from_columns(&rs, star, 2, ids, dates, scores, by, NULL, NULL) == HW_OK);
  {
    char* json = NULL;
    CHECK(hw_star_readings_to_json(&json, rs, NULL) == HW_OK);
    CHECK(CONTAINS(json, "Zo\xc3\xab"));
    hw_string_free(json);
  }
  hw_star_readings_free(rs);
  hw_star_free(star);
}

int main(void) {
  star_columns_reject_invalid_utf8_ids();
  return check_summary();
}
