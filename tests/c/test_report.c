/* C99 test of the report part of the C ABI: JSON in, JSON out; bad input. */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static void test_report(void) {
  char input[2048];
  char* out = NULL;
  /* May 2025 of the timeline fixture, as of 30 June, 2 step-down beds:
   * P0001 spends all 31 nights of May in step-down (occupancy 31/62). */
  snprintf(input, sizeof input,
           "{\"caseload\": \"%s/timeline_caseload.json\","
           " \"settings\": {\"as_of\": \"2025-06-30\", \"start\": \"2025-05-01\","
           " \"end\": \"2025-05-31\", \"step_down_beds\": 2},"
           " \"sources\": [\"timeline_caseload.json\"]}",
           HOMEWARD_TEST_DATA_DIR);
  CHECK(hw_report_json(&out, input) == HW_OK);
  CHECK(CONTAINS(out, "\"schema\":\"homeward-report\""));
  CHECK(CONTAINS(out, "\"schema_version\":1"));
  CHECK(CONTAINS(out, "\"start\":\"2025-05-01\""));
  CHECK(CONTAINS(out, "\"id\":\"step_down_occupancy\""));
  CHECK(CONTAINS(out, "\"numerator\":31,\"denominator\":62"));
  CHECK(CONTAINS(out, "UK GDPR art. 22"));
  hw_string_free(out);
}

static void test_errors(void) {
  char* out = NULL;
  CHECK(hw_report_json(&out, "{\"caseload\": {\"pathways\": []}}") == HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(hw_last_error(), "input.settings"));
  CHECK(out == NULL);
  CHECK(hw_report_json(&out, "{\"caseload\": {\"pathways\": []}, \"settings\": {\"period\": \"month\"}}") ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(hw_last_error(), "settings.as_of"));
  CHECK(hw_report_json(&out, "{\"caseload\": ") == HW_ERR_PARSE);
  CHECK(hw_report_json(&out, NULL) == HW_ERR_NULL_POINTER);
  CHECK(hw_report_json(NULL, "{}") == HW_ERR_NULL_POINTER);
  CHECK(out == NULL);
}

int main(void) {
  test_report();
  test_errors();
  return check_summary();
}
