/* C99 test of the report part of the C ABI: JSON in, JSON out (all three
 * forms); bad input names the field in the caller's hw_error. */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char input[2048];

static void make_input(void) {
  /* May 2025 of the timeline fixture, as of 30 June, 2 step-down beds:
   * P0001 spends all 31 nights of May in step-down (occupancy 31/62). */
  snprintf(input, sizeof input,
           "{\"caseload\": \"%s/timeline_caseload.json\","
           " \"settings\": {\"as_of\": \"2025-06-30\", \"start\": \"2025-05-01\","
           " \"end\": \"2025-05-31\", \"step_down_beds\": 2},"
           " \"sources\": [\"timeline_caseload.json\"]}",
           HOMEWARD_TEST_DATA_DIR);
}

static void test_report(void) {
  char* out = NULL;
  CHECK(hw_report_json(&out, input, &err) == HW_OK);
  CHECK(err.status == HW_OK);
  CHECK(CONTAINS(out, "\"schema\":\"homeward-report\""));
  CHECK(CONTAINS(out, "\"schema_version\":1"));
  CHECK(CONTAINS(out, "\"start\":\"2025-05-01\""));
  CHECK(CONTAINS(out, "\"id\":\"step_down_occupancy\""));
  CHECK(CONTAINS(out, "\"numerator\":31,\"denominator\":62"));
  CHECK(CONTAINS(out, "UK GDPR art. 22"));

  /* The caller-buffer form gives the same text. */
  size_t needed = 0;
  CHECK(hw_report_json_buf(NULL, 0, &needed, input, &err) == HW_OK);
  CHECK(needed == strlen(out) + 1);
  char small[8];
  CHECK(hw_report_json_buf(small, sizeof small, &needed, input, &err) == HW_ERR_BUFFER_TOO_SMALL);
  char* buf = (char*)malloc(needed);
  CHECK(buf != NULL);
  if (buf != NULL) {
    CHECK(hw_report_json_buf(buf, needed, NULL, input, &err) == HW_OK);
    CHECK(strcmp(buf, out) == 0);
    free(buf);
  }
  hw_string_free(out);

  /* And from a file. */
  const char* path = "report_input_test.json"; /* in ctest's working directory */
  FILE* f = fopen(path, "w");
  CHECK(f != NULL);
  if (f != NULL) {
    fputs(input, f);
    fclose(f);
    out = NULL;
    CHECK(hw_report_json_file(&out, path, &err) == HW_OK);
    CHECK(CONTAINS(out, "\"numerator\":31,\"denominator\":62"));
    {
      /* The caller-buffer form gives the same document. */
      size_t needed = 0;
      char* buf;
      CHECK(hw_report_json_file_buf(NULL, 0, &needed, path, &err) == HW_OK);
      CHECK(out != NULL && needed == strlen(out) + 1);
      buf = (char*)malloc(needed);
      CHECK(buf != NULL && hw_report_json_file_buf(buf, needed, &needed, path, &err) == HW_OK);
      CHECK(buf != NULL && out != NULL && strcmp(buf, out) == 0);
      free(buf);
    }
    hw_string_free(out);
    remove(path);
  }
}

static void test_errors(void) {
  char* out = NULL;
  CHECK(hw_report_json(&out, "{\"caseload\": {\"pathways\": []}}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(err.message, "input.settings"));
  CHECK(out == NULL);
  CHECK(hw_report_json(&out,
                       "{\"caseload\": {\"pathways\": []}, \"settings\": {\"period\": \"month\"}}",
                       &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "settings.as_of") == 0);
  CHECK(hw_report_json(
            &out,
            "{\"caseload\": \"/no/such/file.json\", \"settings\": {\"as_of\": \"2025-06-30\","
            " \"period\": \"month\"}}",
            &err) == HW_ERR_IO);
  CHECK(hw_report_json(&out, "{\"caseload\": ", &err) == HW_ERR_PARSE);
  CHECK(hw_report_json(&out, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_report_json(NULL, "{}", NULL) == HW_ERR_NULL_POINTER);
  CHECK(hw_report_json_file(&out, "/no/such/input.json", &err) == HW_ERR_IO);
  CHECK(out == NULL);
}

int main(void) {
  make_input();
  test_report();
  test_errors();
  return check_summary();
}
