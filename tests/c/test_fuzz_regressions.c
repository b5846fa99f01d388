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

/* fuzz_ingest: a text cell that is not UTF-8 (a worker's areas, a per-person
 * attribute) or a column name that is not UTF-8 reached a JSON document and
 * gave HW_ERR_INTERNAL ("[json.exception.type_error.316] invalid UTF-8 byte").
 * Now the cell (or the name) is refused with its row and column. */
static void ingest_rejects_invalid_utf8_text(void) {
  hw_ingest_table* t = NULL;
  char* json = NULL;
  hw_caseload* c = NULL;
  hw_error err;
  const char* ids[2] = {"W-NAV-01", "W-NAV-02"};
  const char* roles[2] = {"Pathway navigator", "Pathway navigator"};
  const char* areas[2] = {"Derbyshire", "Le\x82icestershire"};
  const char* limits[2] = {"12", "12"};
  const char* people[2] = {"P1", "P1"};
  const char* types[2] = {"referral_received", "initial_visit"};
  const char* wards[2] = {"Ash \xff", "Ash \xff"};
  const int32_t days[2] = {20000, 20003};

  CHECK(hw_ingest_table_new(&t, "workers.csv", 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "id", ids, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "role", roles, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "areas", areas, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "caseload_limit", limits, 2, NULL) == HW_OK);
  CHECK(hw_ingest_workers(&json, t, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(CONTAINS(err.message, "row 3") && CONTAINS(err.message, "areas") &&
        CONTAINS(err.message, "UTF-8"));
  hw_ingest_table_free(t);

  /* Valid multi-byte text still loads. */
  areas[1] = "Ynys M\xc3\xb4n";
  CHECK(hw_ingest_table_new(&t, "workers.csv", 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "id", ids, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "role", roles, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "areas", areas, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "caseload_limit", limits, 2, NULL) == HW_OK);
  CHECK(hw_ingest_workers(&json, t, NULL, NULL) == HW_OK);
  CHECK(json != NULL && CONTAINS(json, "Ynys M\xc3\xb4n"));
  hw_string_free(json);
  hw_ingest_table_free(t);

  /* A per-person attribute (a column outside the schema). */
  CHECK(hw_ingest_table_new(&t, "events.csv", 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "person_id", people, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "type", types, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_days(t, "date", days, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "ward", wards, 2, NULL) == HW_OK);
  CHECK(hw_ingest_events(&c, t, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(c == NULL);
  CHECK(CONTAINS(err.message, "ward") && CONTAINS(err.message, "UTF-8"));
  hw_ingest_table_free(t);

  /* A column name. */
  CHECK(hw_ingest_table_new(&t, "events.csv", 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "person_id", people, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "type", types, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_days(t, "date", days, 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "w\xc0rd", people, 2, NULL) == HW_OK);
  CHECK(hw_ingest_events(&c, t, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(c == NULL && CONTAINS(err.message, "UTF-8"));
  hw_ingest_table_free(t);
}

/* fuzz_fhir_import (its seeds): hw_fhir_import's summary said "people": 0,
 * "events": 0 for any input, because it was written after the caseload had
 * been moved into the returned handle. */
static void fhir_import_summary_counts_the_caseload(void) {
  hw_caseload* c = NULL;
  char* summary = NULL;
  size_t np = 0, ne = 0;
  const char* bundle =
      "{\"resourceType\": \"ServiceRequest\", \"id\": \"s1\", \"status\": \"active\", "
      "\"intent\": \"order\", \"authoredOn\": \"2025-01-01\", \"subject\": "
      "{\"identifier\": {\"system\": \"urn:homeward:person-id\", \"value\": \"A\"}}}";
  CHECK(hw_fhir_import(&c, NULL, &summary, bundle, NULL, NULL) == HW_OK);
  CHECK(hw_caseload_size(&np, &ne, c, NULL) == HW_OK && np == 1 && ne == 1);
  CHECK(summary != NULL && CONTAINS(summary, "\"people\":1") && CONTAINS(summary, "\"events\":1"));
  hw_string_free(summary);
  hw_caseload_free(c);
}

/* fuzz_ingest: ingest options JSON went through a parser of its own, so a number
 * that overflows a double gave HW_ERR_INTERNAL ("[json.exception.out_of_range.406]
 * number overflow parsing '-1e309'") instead of the checked loaders' error. */
static void ingest_options_use_the_checked_parser(void) {
  hw_ingest_table* t = NULL;
  hw_caseload* c = NULL;
  hw_error err;
  const char* people[1] = {"P1"};
  const char* types[1] = {"referral_received"};
  const int32_t days[1] = {20000};
  CHECK(hw_ingest_table_new(&t, "events.csv", 2, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "person_id", people, 1, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "type", types, 1, NULL) == HW_OK);
  CHECK(hw_ingest_table_add_days(t, "date", days, 1, NULL) == HW_OK);
  CHECK(hw_ingest_events(&c, t, "-1e309", &err) != HW_ERR_INTERNAL);
  CHECK(c == NULL && err.status != HW_OK && CONTAINS(err.message, "1e309"));
  CHECK(hw_ingest_events(&c, t, "{\"max_errors\": 1e309}", &err) != HW_ERR_INTERNAL);
  CHECK(c == NULL && err.status != HW_OK && CONTAINS(err.field, "options"));
  CHECK(hw_ingest_events(&c, t, "{\"max_errors\": 2, \"max_errors\": 3}", &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(c == NULL);
  CHECK(hw_ingest_events(&c, t, "{\"max_errors\": 2", &err) == HW_ERR_PARSE);
  CHECK(c == NULL && strcmp(err.field, "options") == 0);
  CHECK(hw_ingest_events(&c, t, "{\"max_errors\": 2}", NULL) == HW_OK);
  hw_caseload_free(c);
  hw_ingest_table_free(t);
}

/* fuzz_plan (review of its bounds): readmission 1 sends every person back after
 * every stay, for ever; with stays and delays that round to no time the
 * simulation never ended. Readmission must be below 1, and max_people bounds a
 * run whose readmissions come back almost surely. */
static void plan_rejects_certain_readmission(void) {
  const char* forever =
      "{\"beds\": 2, \"arrivals\": {\"rate_per_day\": 0.1}, \"replications\": 1,"
      " \"length_of_stay\": {\"kind\": \"fixed\", \"value\": 1e-9}, \"readmission\": 1,"
      " \"readmission_delay\": {\"kind\": \"fixed\", \"value\": 0},"
      " \"horizon_days\": 10, \"warmup_days\": 0, \"threads\": 1}";
  const char* almost =
      "{\"beds\": 2, \"arrivals\": {\"rate_per_day\": 0.1}, \"replications\": 1,"
      " \"length_of_stay\": {\"kind\": \"fixed\", \"value\": 1e-9}, \"readmission\": 0.9999999,"
      " \"readmission_delay\": {\"kind\": \"fixed\", \"value\": 0}, \"max_people\": 5000,"
      " \"horizon_days\": 10, \"warmup_days\": 0, \"threads\": 1}";
  const char* half =
      "{\"beds\": 2, \"arrivals\": {\"rate_per_day\": 0.1}, \"replications\": 1,"
      " \"length_of_stay\": {\"kind\": \"fixed\", \"value\": 1e-9}, \"readmission\": 0.5,"
      " \"readmission_delay\": {\"kind\": \"fixed\", \"value\": 0},"
      " \"horizon_days\": 10, \"warmup_days\": 0, \"threads\": 1}";
  char* out = NULL;
  CHECK(hw_plan_simulate(&out, forever, HW_PLAN_SUMMARY, NULL, NULL, NULL) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(hw_last_error_field(), "readmission"));
  CHECK(CONTAINS(hw_last_error(), "below 1"));
  CHECK(out == NULL);
  CHECK(hw_plan_simulate(&out, almost, HW_PLAN_SUMMARY, NULL, NULL, NULL) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(CONTAINS(hw_last_error_field(), "max_people"));
  CHECK(out == NULL);
  /* Below 1 the same zero-time cycles end (1 / (1 - p) of them per person on average). */
  CHECK(hw_plan_simulate(&out, half, HW_PLAN_SUMMARY, NULL, NULL, NULL) == HW_OK);
  CHECK(out != NULL && CONTAINS(out, "readmissions"));
  hw_string_free(out);
}

/* fuzz_caseload: a key holding a NUL ("\u0000pathways") went into the error's
 * field and message raw, so both read as empty strings in C. Control
 * characters in errors are now written as \xNN. */
static void errors_escape_nul_and_controls(void) {
  const char* doc =
      "{\"schema\": \"homeward.caseload\", \"version\": 1, \"\\u0000pathways\\u0007\": []}";
  hw_caseload* c = NULL;
  hw_error err;
  hw_error_clear(&err);
  CHECK(hw_caseload_from_json(&c, doc, NULL, &err) != HW_OK);
  CHECK(c == NULL);
  CHECK(hw_last_error()[0] != '\0');
  CHECK(CONTAINS(hw_last_error(), "\\x00pathways\\x07"));
  CHECK(CONTAINS(hw_error_message(&err), "\\x00pathways") ||
        CONTAINS(hw_error_field(&err), "\\x00pathways"));
  for (const char* p = hw_last_error(); *p; ++p)
    CHECK((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t');
}

int main(void) {
  star_columns_reject_invalid_utf8_ids();
  ingest_rejects_invalid_utf8_text();
  fhir_import_summary_counts_the_caseload();
  ingest_options_use_the_checked_parser();
  plan_rejects_certain_readmission();
  errors_escape_nul_and_controls();
  return check_summary();
}
