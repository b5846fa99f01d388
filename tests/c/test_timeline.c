/* C ABI test for referral timelines (C99). */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Days since 1970-01-01 for a few 2025 dates (computed independently:
 * 2025-01-01 is day 20089). */
#define DAY_2025_01_01 20089
#define DAY(doy) (DAY_2025_01_01 + (doy)-1) /* doy: day of the year 2025 */

static const char* fixture(void) { return HOMEWARD_TEST_DATA_DIR "/timeline_caseload.json"; }

/* Working days on a calendar of the caller's own: Scotland closes on 2 January
 * as well, so a first visit due within 10 working days of a referral on
 * Tuesday 31 December 2024 falls a day later there (16 January, not 15). */
static void test_own_calendar(void) {
  const char* doc =
      "{\"version\": 1, \"pathways\": [{\"person_id\": \"P1\", \"events\": ["
      "{\"type\": \"referral_received\", \"date\": \"2024-12-31\"}]}]}";
  const int32_t jan15 = DAY(15), jan16 = DAY(16);
  hw_caseload* c = NULL;
  hw_calendar* scotland = NULL;
  hw_evaluation* ew = NULL;
  hw_evaluation* sc = NULL;
  int32_t ms[8], due[8];
  size_t np = 0, nm = 0, k;
  char* json = NULL;
  int32_t due_ew = 0, due_sc = 0;

  CHECK(hw_caseload_from_json(&c, doc, NULL, &err) == HW_OK);
  CHECK(hw_calendar_new_from_govuk_file(
            &scotland, HOMEWARD_TEST_DATA_DIR "/govuk_bank_holidays_2024_2025.json", "scotland",
            &err) == HW_OK);
  CHECK(hw_caseload_evaluate_with_calendar(&ew, c, DAY(2), NULL, NULL, &err) == HW_OK);
  CHECK(hw_caseload_evaluate_with_calendar(&sc, c, DAY(2), NULL, scotland, &err) == HW_OK);
  CHECK(hw_evaluation_size(&np, &nm, sc, &err) == HW_OK && np == 1 && nm >= 1 && nm <= 8);
  CHECK(hw_evaluation_milestones(NULL, ms, NULL, NULL, due, NULL, NULL, NULL, nm, ew, &err) ==
        HW_OK);
  for (k = 0; k < nm; ++k)
    if (ms[k] == HW_MILESTONE_FIRST_VISIT) due_ew = due[k];
  CHECK(hw_evaluation_milestones(NULL, ms, NULL, NULL, due, NULL, NULL, NULL, nm, sc, &err) ==
        HW_OK);
  for (k = 0; k < nm; ++k)
    if (ms[k] == HW_MILESTONE_FIRST_VISIT) due_sc = due[k];
  CHECK(due_ew == jan15);
  CHECK(due_sc == jan16);
  /* Closures in the policy are added to the caller's calendar. */
  hw_evaluation_free(sc);
  sc = NULL;
  CHECK(hw_caseload_evaluate_with_calendar(&sc, c, DAY(2), "{\"closures\": [\"2025-01-06\"]}",
                                           scotland, &err) == HW_OK);
  CHECK(hw_evaluation_milestones(NULL, ms, NULL, NULL, due, NULL, NULL, NULL, nm, sc, &err) ==
        HW_OK);
  for (k = 0; k < nm; ++k)
    if (ms[k] == HW_MILESTONE_FIRST_VISIT) due_sc = due[k];
  CHECK(due_sc == DAY(17));
  CHECK(hw_caseload_snapshot_with_calendar(&json, c, DAY(20), NULL, scotland, &err) == HW_OK);
  CHECK(CONTAINS(json, "\"due\":\"2025-01-16\""));
  hw_string_free(json);
  json = NULL;
  CHECK(hw_caseload_measures_with_calendar(&json, c, DAY(1), DAY(31), HW_NO_DAY, NULL, NULL,
                                           scotland, &err) == HW_OK);
  CHECK(json != NULL);
  hw_string_free(json);
  json = NULL;
  /* The calendar covers 2024-2025 only: an as-of date beyond it is an error, not a guess. */
  CHECK(hw_caseload_snapshot_with_calendar(&json, c, DAY(365) + 400, NULL, scotland, &err) ==
        HW_ERR_OUT_OF_RANGE);
  CHECK(json == NULL);
  CHECK(hw_caseload_evaluate_with_calendar(NULL, c, DAY(2), NULL, scotland, &err) ==
        HW_ERR_NULL_POINTER);
  hw_evaluation_free(ew);
  hw_evaluation_free(sc);
  hw_calendar_free(scotland);
  hw_caseload_free(c);
}

int main(void) {
  test_own_calendar();
  hw_caseload* c = NULL;
  hw_evaluation* ev = NULL;
  char* json = NULL;
  size_t np = 0, ne = 0, nm = 0;
  int64_t counts[HW_STAGE_COUNT];
  int32_t* stage = NULL;
  int32_t *ms = NULL, *status = NULL, *due = NULL, *pathway = NULL;
  size_t r;
  int found_overdue = 0;

  /* Names. */
  CHECK(strcmp(hw_timeline_stage_name(HW_STAGE_IN_STEP_DOWN), "in_step_down") == 0);
  CHECK(strcmp(hw_timeline_milestone_name(HW_MILESTONE_FOLLOW_UP), "follow_up") == 0);
  CHECK(strcmp(hw_timeline_milestone_status_name(HW_STATUS_OVERDUE), "overdue") == 0);
  CHECK(hw_timeline_stage_name(99) == NULL);
  CHECK(hw_timeline_milestone_name(-1) == NULL);

  /* NULL pointers. */
  CHECK(hw_caseload_from_file(NULL, fixture(), NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_caseload_from_json(&c, NULL, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "json") == 0);
  CHECK(c == NULL);
  CHECK(hw_caseload_to_json(&json, NULL, 1, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_caseload_evaluate(&ev, NULL, DAY(100), NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_evaluation_size(&np, &nm, NULL, &err) == HW_ERR_NULL_POINTER);
  hw_caseload_free(NULL);
  hw_evaluation_free(NULL);

  /* Bad documents: nothing allocated, *out unchanged. */
  CHECK(hw_caseload_from_json(&c, "{\"version\": 1, \"pathways\": [", NULL, &err) == HW_ERR_PARSE);
  CHECK(c == NULL);
  CHECK(
      hw_caseload_from_json(&c,
                            "{\"version\": 1, \"pathways\": [{\"person_id\": \"P1\", \"events\": ["
                            "{\"type\": \"referral_received\", \"date\": \"2025-02-30\"}]}]}",
                            NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "pathways[0].events[0].date") == 0);
  CHECK(
      hw_caseload_from_json(&c,
                            "{\"version\": 1, \"pathways\": [{\"person_id\": \"P1\", \"events\": ["
                            "{\"type\": \"teleported\", \"date\": \"2025-02-03\"}]}]}",
                            NULL, &err) == HW_ERR_NOT_FOUND);
  CHECK(hw_caseload_from_file(&c, "/no/such/file.json", NULL, &err) == HW_ERR_IO);
  CHECK(strcmp(err.field, "path") == 0);
  CHECK(hw_caseload_from_json(&c, "/no/such/file.json", NULL, &err) ==
        HW_ERR_PARSE); /* text never read as a path */
  CHECK(strcmp(err.field, "json") == 0);
  CHECK(hw_caseload_from_file(&c, fixture(), "{\"max_bytes\": 10}", &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(hw_caseload_from_file(&c, fixture(), "{\"colour\": 1}", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_caseload_from_file(&c, fixture(), "{", &err) == HW_ERR_PARSE);
  CHECK(c == NULL);

  /* Load the fixture. */
  CHECK(hw_caseload_from_file(&c, fixture(), "{\"strict\": true}", &err) == HW_OK);
  if (c == NULL) return 1;
  CHECK(hw_caseload_size(&np, &ne, c, &err) == HW_OK);
  CHECK(np == 4);
  CHECK(ne == 22);
  CHECK(hw_caseload_person_id(&json, c, 2, &err) == HW_OK);
  CHECK(json && strcmp(json, "P0003") == 0);
  hw_string_free(json);
  json = NULL;
  CHECK(hw_caseload_person_id(&json, c, 4, &err) == HW_ERR_OUT_OF_RANGE);
  CHECK(json == NULL);

  /* Round trip. */
  CHECK(hw_caseload_to_json(&json, c, 0, &err) == HW_OK);
  if (json) {
    hw_caseload* c2 = NULL;
    CHECK(strstr(json, "\"permanent_home\"") != NULL);
    CHECK(hw_caseload_from_json(&c2, json, NULL, &err) == HW_OK);
    hw_caseload_free(c2);
    hw_string_free(json);
    json = NULL;
  }

  /* Evaluate as of 2025-06-01 (day 152). */
  CHECK(hw_caseload_evaluate(&ev, c, HW_NO_DAY, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_caseload_evaluate(&ev, c, DAY(1) - 1, NULL, &err) ==
        HW_ERR_INVALID_ARGUMENT); /* before every event */
  CHECK(strcmp(err.field, "as_of") == 0);
  CHECK(hw_caseload_evaluate(&ev, c, DAY(152), "{\"follow_up_days\": -3}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "policy.follow_up_days") == 0);
  CHECK(ev == NULL);
  CHECK(hw_caseload_evaluate(&ev, c, DAY(152), NULL, &err) == HW_OK);
  if (ev == NULL) return 1;
  CHECK(hw_evaluation_size(&np, &nm, ev, &err) == HW_OK);
  CHECK(np == 4);
  CHECK(hw_evaluation_stage_counts(counts, 3, ev, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_evaluation_stage_counts(counts, HW_STAGE_COUNT, ev, &err) == HW_OK);
  CHECK(counts[HW_STAGE_IN_STEP_DOWN] == 1); /* P0001 */
  CHECK(counts[HW_STAGE_REFERRED] == 1);     /* P0002 */
  CHECK(counts[HW_STAGE_IN_COMMUNITY] == 1); /* P0003 */
  CHECK(counts[HW_STAGE_CLOSED] == 1);       /* P0004 */

  stage = (int32_t*)malloc(np * sizeof *stage);
  CHECK(hw_evaluation_stages(stage, NULL, np + 1, ev, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_evaluation_stages(stage, NULL, np, ev, &err) == HW_OK);
  CHECK(stage[0] == HW_STAGE_IN_STEP_DOWN);
  CHECK(stage[3] == HW_STAGE_CLOSED);

  ms = (int32_t*)malloc(nm * sizeof *ms);
  status = (int32_t*)malloc(nm * sizeof *status);
  due = (int32_t*)malloc(nm * sizeof *due);
  pathway = (int32_t*)malloc(nm * sizeof *pathway);
  CHECK(hw_evaluation_milestones(pathway, ms, status, NULL, due, NULL, NULL, NULL, nm, ev, &err) ==
        HW_OK);
  for (r = 0; r < nm; ++r) {
    if (pathway[r] == 1 && ms[r] == HW_MILESTONE_FIRST_VISIT) {
      /* P0002 referred Mon 3 Mar: first visit due Mon 17 Mar (day 76), overdue. */
      CHECK(status[r] == HW_STATUS_OVERDUE);
      CHECK(due[r] == DAY(76));
      found_overdue = 1;
    }
  }
  CHECK(found_overdue);
  CHECK(hw_evaluation_to_json(&json, ev, &err) == HW_OK);
  CHECK(json && strstr(json, "\"in_step_down\"") != NULL);
  hw_string_free(json);
  json = NULL;

  /* Snapshot and measures as JSON. */
  CHECK(hw_caseload_snapshot(&json, c, DAY(79), NULL, &err) == HW_OK); /* 2025-03-20 */
  CHECK(json && strstr(json, "\"days_late\":3") != NULL);
  hw_string_free(json);
  json = NULL;
  CHECK(hw_caseload_measures(&json, c, DAY(1), DAY(181), HW_NO_DAY, NULL,
                             "{\"step_down_day_cost\": 50}", &err) == HW_OK);
  CHECK(json && strstr(json, "\"savings\":27450.0") != NULL);
  hw_string_free(json);
  json = NULL;
  CHECK(hw_caseload_measures(&json, c, DAY(181), DAY(1), HW_NO_DAY, NULL, NULL, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_caseload_measures(&json, c, DAY(1), DAY(181), HW_NO_DAY, NULL,
                             "{\"inpatient_day_cost\": -1}", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "costs.inpatient_day_cost") == 0);
  CHECK(json == NULL);

  /* More bad input. */
  CHECK(hw_caseload_snapshot(&json, c, HW_NO_DAY, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_caseload_snapshot(&json, c, DAY(79), "{\"colour\": 1}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "policy.colour") == 0);
  CHECK(hw_caseload_snapshot(NULL, c, DAY(79), NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_caseload_measures(&json, c, DAY(1), DAY(181), HW_NO_DAY, "{", NULL, &err) ==
        HW_ERR_PARSE);
  CHECK(hw_caseload_measures(&json, c, DAY(1), DAY(181), DAY(100), NULL, NULL, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "as_of") == 0);
  CHECK(json == NULL);
  CHECK(hw_caseload_save(c, "/nonexistent-dir/x/caseload.json", 1, &err) == HW_ERR_IO);
  CHECK(hw_caseload_save(c, NULL, 1, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_caseload_size(&np, &ne, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_evaluation_milestones(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, nm + 1, ev,
                                 &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_evaluation_to_json(NULL, ev, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_caseload_evaluate(&ev, c, 9999999, NULL, &err) ==
        HW_ERR_OUT_OF_RANGE); /* beyond 9999-12-31 */

  /* FHIR. */
  CHECK(hw_caseload_fhir(&json, c, "P0004", HW_NO_DAY, &err) == HW_OK);
  CHECK(json && strstr(json, "\"EpisodeOfCare\"") != NULL && strstr(json, "\"cancelled\"") != NULL);
  hw_string_free(json);
  json = NULL;
  CHECK(hw_caseload_fhir(&json, c, "P9999", HW_NO_DAY, &err) == HW_ERR_NOT_FOUND);
  CHECK(hw_caseload_fhir(&json, c, NULL, HW_NO_DAY, &err) == HW_ERR_NULL_POINTER);

  free(stage);
  free(ms);
  free(status);
  free(due);
  free(pathway);
  hw_evaluation_free(ev);
  hw_caseload_free(c);
  return check_summary();
}
