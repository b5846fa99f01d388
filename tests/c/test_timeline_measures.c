/* C ABI test for the national measures (C99): hand-built pathways for
 * March 2025 under NHS England's definitions (docs/measures.md). */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* 2025-01-01 is day 20089; March 2025 is days 20148..20178. */
#define DAY_2025_03_01 20148
#define DAY_2025_03_31 20178

#define REF "{\"type\": \"referral_received\", \"date\": \"2025-01-06\"}"
#define DISCH(d) "{\"type\": \"discharged\", \"date\": \"" d "\", \"bed_type\": \"200\"}"
#define CONTACT(d, a, m)                                                           \
  "{\"type\": \"follow_up_contact\", \"date\": \"" d "\", \"attend_status\": \"" a \
  "\", \"consultation_mechanism\": \"" m "\"}"

static const char* kDoc =
    "{\"version\": 2, \"pathways\": ["
    /* same-day contact: a miss */
    "{\"person_id\": \"P01\", \"events\": [" REF "," DISCH("2025-03-10") "," CONTACT("2025-03-10", "5", "01") "]},"
    /* contact on day 3: met */
    "{\"person_id\": \"P02\", \"events\": [" REF "," DISCH("2025-03-10") "," CONTACT("2025-03-13", "5", "02") "]},"
    /* contact on day 4: a miss */
    "{\"person_id\": \"P03\", \"events\": [" REF "," DISCH("2025-03-10") "," CONTACT("2025-03-14", "5", "01") "]},"
    /* death on day 2: excluded */
    "{\"person_id\": \"P04\", \"events\": [" REF "," DISCH("2025-03-10") ","
    "{\"type\": \"died\", \"date\": \"2025-03-12\"}]},"
    /* discharged to prison: excluded */
    "{\"person_id\": \"P05\", \"events\": [" REF ","
    "{\"type\": \"discharged\", \"date\": \"2025-03-10\", \"bed_type\": \"200\", \"destination\": \"40\"}]},"
    /* email only, and a face-to-face contact not attended: misses */
    "{\"person_id\": \"P06\", \"events\": [" REF "," DISCH("2025-03-10") "," CONTACT("2025-03-11", "5", "05") "]},"
    "{\"person_id\": \"P07\", \"events\": [" REF "," DISCH("2025-03-10") "," CONTACT("2025-03-11", "3", "01") "]},"
    /* back-to-back CRFD periods: 4 + 10 days under MHS26 */
    "{\"person_id\": \"C1\", \"events\": [" REF ","
    "{\"type\": \"clinically_ready_for_discharge\", \"date\": \"2025-03-05\", \"end_date\": \"2025-03-10\", "
    "\"delay_reason\": \"18\", \"attributable_to\": \"05\"},"
    "{\"type\": \"clinically_ready_for_discharge\", \"date\": \"2025-03-10\", \"delay_reason\": \"36\"}]}"
    "]}";

int main(void) {
  hw_caseload* c = NULL;
  char* json = NULL;
  char buf[64];
  size_t needed = 0;

  CHECK(hw_caseload_from_json(&c, kDoc, NULL, &err) == HW_OK);
  CHECK(hw_caseload_measures(&json, c, DAY_2025_03_01, DAY_2025_03_31, HW_NO_DAY,
                             "{\"preset\": \"nhs_england\"}", NULL, &err) == HW_OK);
  /* MHS78 = 5 (P01 P02 P03 P06 P07), MHS79 = 1 (P02). */
  CHECK(CONTAINS(json, "\"follow_up\":{\"numerator\":1,\"denominator\":5,"));
  CHECK(CONTAINS(json, "\"discharged_from\":\"2025-02-25\",\"discharged_to\":\"2025-03-27\""));
  CHECK(CONTAINS(
      json,
      "{\"person_id\":\"P04\",\"discharged\":\"2025-03-10\",\"reason\":\"died\",\"code\":null,"
      "\"date\":\"2025-03-12\"}"));
  CHECK(CONTAINS(json, "\"reason\":\"discharge_destination\",\"code\":\"40\""));
  /* CRFD: 4 days (reason 18) + the open period 10..31 March continuing it: 22 days. */
  CHECK(CONTAINS(json, "\"days\":26"));
  CHECK(CONTAINS(json,
                 "\"by_group\":{\"hospital\":{\"days\":22,\"periods\":1},\"housing\":{\"days\":4,"
                 "\"periods\":1}}"));
  CHECK(CONTAINS(json, "\"day_count\":\"mhs26\""));
  hw_string_free(json);
  json = NULL;
  /* The 7-day standard is one setting away: P03 is then met. */
  CHECK(hw_caseload_measures(&json, c, DAY_2025_03_01, DAY_2025_03_31, HW_NO_DAY,
                             "{\"preset\": \"nhs_england\", \"follow_up_days\": 7}", NULL,
                             &err) == HW_OK);
  CHECK(CONTAINS(json, "\"follow_up\":{\"numerator\":2,\"denominator\":5,"));
  hw_string_free(json);
  json = NULL;

  /* Code tables and policies as JSON. */
  CHECK(hw_timeline_code_tables_json(&json, "attributable_to", &err) == HW_OK);
  CHECK(CONTAINS(json,
                 "{\"code\":\"06\",\"name\":\"Both (NHS and Social Care), excluding "
                 "housing\",\"group\":\"both\"}"));
  hw_string_free(json);
  json = NULL;
  CHECK(hw_timeline_code_tables_json(&json, NULL, &err) == HW_OK);
  CHECK(CONTAINS(json, "\"consultation_mechanism\":{\"mhsds\":\"ConsMechanismMH\""));
  hw_string_free(json);
  json = NULL;
  CHECK(hw_timeline_code_tables_json(&json, "colour", &err) == HW_ERR_NOT_FOUND);
  CHECK(json == NULL);
  CHECK(strcmp(hw_error_field(&err), "table") == 0);
  CHECK(CONTAINS(hw_error_message(&err), "unknown code table"));
  /* The _buf form reports the size it needs. */
  CHECK(hw_timeline_code_tables_json_buf(buf, sizeof buf, &needed, "attend_status", &err) ==
        HW_ERR_BUFFER_TOO_SMALL);
  CHECK(needed > sizeof buf);
  CHECK(hw_timeline_policy_json(&json, "{\"preset\": \"nhs_england\"}", &err) == HW_OK);
  CHECK(CONTAINS(json, "\"follow_up_min_days\":1"));
  CHECK(CONTAINS(json, "\"crfd_day_count\":\"mhs26\""));
  hw_string_free(json);
  json = NULL;

  /* A bad code names the event and lists the valid codes; nothing is loaded. */
  {
    hw_caseload* bad = NULL;
    const char* doc = "{\"version\": 2, \"pathways\": [{\"person_id\": \"P1\", \"events\": [" REF
                      ","
                      "{\"type\": \"clinically_ready_for_discharge\", \"date\": \"2025-03-05\", "
                      "\"delay_reason\": \"99\"}]}]}";
    CHECK(hw_caseload_from_json(&bad, doc, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
    CHECK(bad == NULL);
    CHECK(strcmp(hw_error_field(&err), "pathways[0].events[1].delay_reason") == 0);
    CHECK(CONTAINS(hw_error_message(&err), "37, 98"));
  }

  hw_caseload_free(c);
  return check_summary();
}
