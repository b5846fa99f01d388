/* C ABI test for tables in: plain column buffers (C99). */
#include <homeward/homeward.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* 2025-01-06 is day 20094 since 1970-01-01 (2025-01-01 is 20089). */
#define JAN06 20094

/* Rows out of order, a delay reason read as a number (18.0), an Excel serial
 * date column, and a ward column kept per person. */
static void test_events(void) {
  const char* ids[] = {"P2", "P1", "P1", "P1", "P1"};
  const char* types[] = {"referral_received", "Clinically ready for discharge", "referral_received",
                         "discharged", "accepted"};
  /* Excel serials: 45663 = 2025-01-06. */
  const double dates[] = {45664, 45689, 45663, 45689, 45665};
  const double reasons[] = {NAN, 18.0, NAN, NAN, NAN};
  const char* wards[] = {"Elm", "Oak", "Oak", NULL, ""};
  hw_ingest_table* t = NULL;
  hw_caseload* c = NULL;
  size_t np = 0, ne = 0;
  char* json = NULL;
  char* id = NULL;

  CHECK(hw_ingest_table_new(&t, "events.csv", 2, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "person_id", ids, 5, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "type", types, 5, &err) == HW_OK);
  CHECK(hw_ingest_table_add_numbers(t, "date", dates, 5, &err) == HW_OK);
  CHECK(hw_ingest_table_add_numbers(t, "ClinReadyforDischDelayReason", reasons, 5, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "ward", wards, 5, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "short", wards, 4, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_ingest_events(&c, t, NULL, &err) == HW_OK);
  CHECK(hw_caseload_size(&np, &ne, c, &err) == HW_OK && np == 2 && ne == 5);
  CHECK(hw_caseload_person_id(&id, c, 0, &err) == HW_OK && id && strcmp(id, "P2") == 0);
  hw_string_free(id);
  CHECK(hw_caseload_to_json(&json, c, HW_JSON_COMPACT, &err) == HW_OK);
  CHECK(CONTAINS(json, "\"delay_reason\":\"18\""));
  CHECK(CONTAINS(json, "\"ward\":\"Oak\""));
  CHECK(CONTAINS(json, "\"date\":\"2025-01-06\""));
  hw_string_free(json);
  json = NULL;
  CHECK(hw_caseload_measures_by(&json, c, "ward", JAN06, JAN06 + 60, HW_NO_DAY, NULL, NULL, &err) ==
        HW_OK);
  CHECK(CONTAINS(json, "\"by\":\"ward\""));
  CHECK(CONTAINS(json, "\"value\":\"Elm\""));
  hw_string_free(json);
  hw_caseload_free(c);
  hw_ingest_table_free(t);
}

/* Every bad row at once; nothing allocated. */
static void test_errors(void) {
  const char* ids[] = {"P1", "P1", "P1"};
  const char* types[] = {"referral_received", "clinically_ready_for_discharge", "visit"};
  const int32_t days[] = {JAN06, JAN06 + 20, JAN06 + 21};
  const char* reasons[] = {NULL, "18.5", NULL};
  hw_ingest_table* t = NULL;
  hw_caseload* c = NULL;
  CHECK(hw_ingest_table_new(&t, "events.csv", 2, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "person_id", ids, 3, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "type", types, 3, &err) == HW_OK);
  CHECK(hw_ingest_table_add_days(t, "date", days, 3, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "delay_reason", reasons, 3, &err) == HW_OK);
  CHECK(hw_ingest_events(&c, t, "{\"max_errors\": 5}", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(c == NULL);
  CHECK(CONTAINS(err.message,
                 "events.csv: row 3, column delay_reason: \"18.5\" is not a delay reason code"));
  CHECK(err.status == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "events.csv: row 3, column delay_reason") == 0);
  CHECK(CONTAINS(err.message, "events.csv: row 4, column type: \"visit\" is not an event type"));
  CHECK(hw_ingest_events(&c, t, "{\"nope\": 1}", &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_ingest_events(&c, NULL, NULL, NULL) == HW_ERR_NULL_POINTER);
  hw_ingest_table_free(t);
}

static void test_readings_and_places(void) {
  const char* ids[] = {"P1", "P1"};
  const int64_t day_ns = 86400LL * 1000000000LL;
  const int64_t stamps[] = {(int64_t)JAN06 * day_ns, (int64_t)(JAN06 + 90) * day_ns};
  const char* by[] = {"Jointly", "Worker only"};
  const double s1[] = {3, 5}, s2[] = {4, NAN};
  const char* area_names[] = {"Managing mental health",
                              "Physical health and self-care",
                              "Living skills",
                              "Social networks",
                              "Work",
                              "Relationships",
                              "Addictive behaviour",
                              "Responsibilities",
                              "Identity and self-esteem",
                              "Trust and hope"};
  hw_star* star = NULL;
  hw_star_readings* rs = NULL;
  hw_ingest_table* t = NULL;
  size_t a;
  char* json = NULL;
  CHECK(hw_star_recovery_star(&star, &err) == HW_OK);
  CHECK(hw_ingest_table_new(&t, NULL, 0, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "person_id", ids, 2, &err) == HW_OK);
  CHECK(hw_ingest_table_add_timestamps(t, "date", stamps, 2, &err) == HW_OK);
  CHECK(hw_ingest_table_add_text(t, "completed_by", by, 2, &err) == HW_OK);
  for (a = 0; a < 10; ++a)
    CHECK(hw_ingest_table_add_numbers(t, area_names[a], a % 2 ? s2 : s1, 2, &err) == HW_OK);
  CHECK(hw_ingest_readings(&rs, star, t, NULL, &err) == HW_OK);
  CHECK(hw_star_readings_to_json(&json, rs, &err) == HW_OK);
  CHECK(CONTAINS(json, "\"completed_by\":\"worker\"") ||
        CONTAINS(json, "\"completed_by\": \"worker\""));
  hw_string_free(json);
  hw_star_readings_free(rs);
  hw_ingest_table_free(t);
  hw_star_free(star);

  {
    const char* pid[] = {"SD-01", "SD-02"};
    const char* area[] = {"Derbyshire", "Lincolnshire"};
    const double beds[] = {2, 1};
    const char* risk[] = {"High", "low"};
    const char* free[] = {"2025-03-01", "2025-03-05 00:00:00"};
    CHECK(hw_ingest_table_new(&t, "places.csv", 2, &err) == HW_OK);
    CHECK(hw_ingest_table_add_text(t, "id", pid, 2, &err) == HW_OK);
    CHECK(hw_ingest_table_add_text(t, "area", area, 2, &err) == HW_OK);
    CHECK(hw_ingest_table_add_numbers(t, "beds", beds, 2, &err) == HW_OK);
    CHECK(hw_ingest_table_add_text(t, "max_risk", risk, 2, &err) == HW_OK);
    CHECK(hw_ingest_table_add_text(t, "free_date", free, 2, &err) == HW_OK);
    CHECK(hw_ingest_places(&json, t, NULL, &err) == HW_OK);
    CHECK(CONTAINS(json, "\"max_risk\":\"high\""));
    CHECK(CONTAINS(json, "\"free_date\":\"2025-03-05\""));
    hw_string_free(json);
    CHECK(hw_ingest_workers(&json, t, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
    CHECK(CONTAINS(err.message, "places.csv"));
    {
      size_t needed = 0;
      char small[8];
      CHECK(hw_ingest_places_buf(NULL, 0, &needed, t, NULL, &err) == HW_OK && needed > 20);
      CHECK(hw_ingest_workers_buf(NULL, 0, &needed, t, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
      CHECK(CONTAINS(err.message, "places.csv"));
      CHECK(hw_ingest_schemas_buf(small, sizeof small, &needed, &err) == HW_ERR_BUFFER_TOO_SMALL &&
            needed > 8);
    }
    hw_ingest_table_free(t);
  }
  CHECK(hw_ingest_schemas(&json, &err) == HW_OK && CONTAINS(json, "\"events\""));
  hw_string_free(json);
}

int main(void) {
  test_events();
  test_errors();
  test_readings_and_places();
  return check_summary();
}
