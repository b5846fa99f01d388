/* C99 test of the matching part of the C ABI: every function, good and bad input. */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Two people, two places, one worker (worked out by hand):
 *  P0001 (female, needs step-free) can use only SD-01 (SD-02 is male-only):
 *    2nd choice 10 + 3 days waiting 3 = 13.
 *  P0002 (gender not stated) can use only SD-01: 1 day waiting = 1.
 *  One bed: P0002 is recommended (1 < 13); P0001 competed with P0002. */
static const char* kInput =
    "{\"people\": ["
    "{\"id\": \"P0001\", \"area\": \"Derbyshire\", \"gender\": \"female\", \"risk\": \"medium\","
    " \"needs\": [\"step_free_access\"], \"ready_date\": \"2026-03-02\","
    " \"preferences\": [\"SD-02\", \"SD-01\"]},"
    "{\"id\": \"P0002\", \"area\": \"Derbyshire\", \"risk\": \"low\", \"ready_date\": "
    "\"2026-03-04\"}],"
    "\"places\": ["
    "{\"id\": \"SD-01\", \"area\": \"Derbyshire\", \"beds\": 1, \"step_free\": true,"
    " \"max_risk\": \"high\", \"free_date\": \"2026-03-05\"},"
    "{\"id\": \"SD-02\", \"area\": \"Derbyshire\", \"beds\": 1, \"gender\": \"male\","
    " \"step_free\": true, \"max_risk\": \"high\", \"free_date\": \"2026-03-01\"}],"
    "\"workers\": ["
    "{\"id\": \"W-NAV-01\", \"role\": \"pathway_navigator\", \"areas\": [\"Derbyshire\"],"
    " \"caseload_limit\": 10, \"current_load\": 9}]}";

static void test_placements(void) {
  char* out = NULL;
  char* text = NULL;
  CHECK(hw_matching_placements(&out, kInput, NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"kind\":\"placements\""));
  CHECK(CONTAINS(out, "\"person\":\"P0002\",\"place\":\"SD-01\",\"cost\":1.0"));
  CHECK(CONTAINS(out, "\"reason\":\"competition\""));
  CHECK(CONTAINS(out, "UK GDPR art. 22"));

  CHECK(hw_matching_explain(&text, out, "P0001", &err) == HW_OK);
  CHECK(CONTAINS(text, "P0001: no place recommended"));
  CHECK(CONTAINS(text, "SD-01: allowed but full (recommended for P0002)"));
  hw_string_free(text);
  text = NULL;
  CHECK(hw_matching_explain(&text, out, "P0002", &err) == HW_OK);
  CHECK(CONTAINS(text, "P0002: recommended place SD-01 (total cost 1)"));
  hw_string_free(text);
  text = NULL;
  CHECK(hw_matching_report(&text, out, &err) == HW_OK);
  CHECK(CONTAINS(text, "## Placement matching"));
  CHECK(CONTAINS(text, "- **P0002** -> SD-01"));
  hw_string_free(text);
  text = NULL;

  /* Unknown person: NOT_FOUND, output untouched. */
  CHECK(hw_matching_explain(&text, out, "P9999", &err) == HW_ERR_NOT_FOUND);
  CHECK(text == NULL);
  CHECK(strcmp(err.message, "person: \"P9999\" is not in this result") == 0);
  hw_string_free(out);
  out = NULL;

  /* Options: a wait day at 20 -> P0002 costs 20. */
  CHECK(hw_matching_placements(&out, kInput, "{\"weights\": {\"wait_day\": 20}}", &err) == HW_OK);
  CHECK(CONTAINS(out, "\"cost\":20.0"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_matching_placements(&out, kInput, "", &err) == HW_OK);
  hw_string_free(out);
  out = NULL;

  /* The stable method (one bed, both people allowed SD-01 only; SD-01 ranks
   * P0001, ready earlier, first). */
  CHECK(hw_matching_placements(&out, kInput, "{\"method\": \"stable\"}", &err) == HW_OK);
  CHECK(CONTAINS(out, "\"solver\":\"stable\""));
  CHECK(CONTAINS(out, "\"person\":\"P0001\",\"place\":\"SD-01\""));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_matching_placements(&out, kInput, "{\"method\": \"random\"}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "options.method") == 0);

  /* Empty input is valid. */
  CHECK(hw_matching_placements(&out, "{\"people\": [], \"places\": []}", NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"matched\":0"));
  hw_string_free(out);
  out = NULL;
}

static void test_workers(void) {
  char* out = NULL;
  char* text = NULL;
  /* One spare place (9 of 10) and two people needing a navigator: equal
   * costs, so the earlier id (P0001) is allocated. */
  CHECK(hw_matching_workers(&out, kInput, NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"kind\":\"workers\""));
  CHECK(
      CONTAINS(out, "\"person\":\"P0001\",\"worker\":\"W-NAV-01\",\"role\":\"pathway_navigator\""));
  CHECK(CONTAINS(out,
                 "\"person\":\"P0002\",\"role\":\"pathway_navigator\",\"reason\":\"competition\""));
  CHECK(hw_matching_explain(&text, out, "P0002", &err) == HW_OK);
  CHECK(CONTAINS(text, "P0002, pathway_navigator: no worker recommended"));
  hw_string_free(text);
  text = NULL;
  CHECK(hw_matching_report(&text, out, &err) == HW_OK);
  CHECK(CONTAINS(text, "## Worker allocation"));
  hw_string_free(text);
  hw_string_free(out);
}

static void test_file_input(void) {
  const char* path = "test_matching_input.json";
  FILE* f = fopen(path, "wb");
  char* out = NULL;
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs(kInput, f);
  fclose(f);
  CHECK(hw_matching_placements_file(&out, path, NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"matched\":1"));
  {
    size_t needed = 0;
    char* buf;
    CHECK(hw_matching_placements_file_buf(NULL, 0, &needed, path, NULL, &err) == HW_OK);
    CHECK(out != NULL && needed == strlen(out) + 1);
    buf = (char*)malloc(needed);
    CHECK(buf != NULL &&
          hw_matching_placements_file_buf(buf, needed, NULL, path, NULL, &err) == HW_OK);
    CHECK(buf != NULL && out != NULL && strcmp(buf, out) == 0);
    free(buf);
    CHECK(hw_matching_workers_file_buf(NULL, 0, &needed, path, NULL, &err) == HW_OK);
    CHECK(needed > 1);
  }
  hw_string_free(out);
  remove(path);
}

static void test_bad_input(void) {
  char* out = NULL;
  /* NULL pointers. */
  CHECK(hw_matching_placements(NULL, kInput, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "out_json") == 0);
  CHECK(hw_matching_placements(&out, NULL, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "input_json") == 0);
  CHECK(hw_matching_workers(NULL, kInput, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_matching_workers(&out, NULL, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_matching_explain(NULL, "{}", "P1", &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_matching_explain(&out, NULL, "P1", &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_matching_explain(&out, "{}", NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_matching_report(NULL, "{}", &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_matching_report(&out, NULL, &err) == HW_ERR_NULL_POINTER);

  /* Malformed and truncated JSON. */
  CHECK(hw_matching_placements(&out, "{\"people\": [", NULL, &err) == HW_ERR_PARSE);
  CHECK(hw_matching_placements(&out, "{\"people\": [}", NULL, &err) == HW_ERR_PARSE);
  CHECK(hw_matching_placements(&out, kInput, "{\"weights\": ", &err) == HW_ERR_PARSE);
  CHECK(hw_matching_report(&out, "{\"kind\":", &err) == HW_ERR_PARSE);
  CHECK(hw_matching_report(&out, "{\"kind\": \"placements\"}", &err) == HW_ERR_INVALID_ARGUMENT);

  /* Bad values name the field. */
  CHECK(hw_matching_placements(&out,
                               "{\"people\": [{\"id\": \"P0001\", \"area\": \"Derbyshire\","
                               " \"risk\": \"low\", \"ready_date\": \"2026-02-30\"}]}",
                               NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.message, "people[0].ready_date: \"2026-02-30\" is not a calendar date") == 0);
  CHECK(hw_matching_placements(&out,
                               "{\"people\": [{\"id\": \"P0001\", \"area\": \"Derbyshire\","
                               " \"risk\": \"low\", \"ready_date\": \"2026-03-01\","
                               " \"preferences\": [\"X9\"]}]}",
                               NULL, &err) == HW_ERR_NOT_FOUND);
  CHECK(strcmp(err.message, "people[0].preferences[0]: unknown place \"X9\"") == 0);
  CHECK(strcmp(err.field, "people[0].preferences[0]") == 0);
  CHECK(hw_matching_placements(
            &out,
            "{\"places\": [{\"id\": \"SD-01\", \"area\": \"Derbyshire\","
            " \"beds\": -1, \"max_risk\": \"low\", \"free_date\": \"2026-03-01\"}]}",
            NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.message, "places[0].beds: must be >= 0, got -1") == 0);
  CHECK(hw_matching_workers(&out,
                            "{\"workers\": [{\"id\": \"W-1\", \"role\": \"chef\","
                            " \"areas\": [\"Derbyshire\"], \"caseload_limit\": 1}]}",
                            NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(err.message, "workers[0].role: unknown role \"chef\""));
  CHECK(hw_matching_workers(&out,
                            "{\"workers\": [{\"id\": \"W-1\", \"role\": \"peer_support_worker\","
                            " \"areas\": [\"Derbyshire\"], \"caseload_limit\": 1,"
                            " \"current_load\": 2}]}",
                            NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.message, "workers[0].current_load: 2 is above the caseload limit 1") == 0);
  CHECK(hw_matching_placements(&out,
                               "{\"people\": [{\"id\": \"P1\", \"area\": \"A\", \"risk\": \"low\","
                               " \"ready_date\": \"2026-03-01\"}, {\"id\": \"P1\", \"area\": \"A\","
                               " \"risk\": \"low\", \"ready_date\": \"2026-03-01\"}]}",
                               NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(err.message, "people[1].id: duplicate id \"P1\""));
  CHECK(hw_matching_placements(&out, kInput, "{\"max_wait_days\": -5}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_matching_placements_file(&out, "/no/such/dir/input.json", NULL, &err) == HW_ERR_IO);
  CHECK(strcmp(err.field, "input_path") == 0);
  CHECK(hw_matching_placements(&out, "/no/such/dir/input.json", NULL, &err) == HW_ERR_PARSE);
  CHECK(strcmp(err.field, "input_json") == 0);
  CHECK(out == NULL); /* never written on error */
}

int main(void) {
  test_placements();
  test_workers();
  test_file_input();
  test_bad_input();
  return check_summary();
}
