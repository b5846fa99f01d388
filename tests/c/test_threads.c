/* Threads share calendars and caseloads through the C ABI, and each thread
 * gets its own errors. Run under ThreadSanitizer by the tsan preset
 * (scripts/ci.d/40-tsan.sh); also a plain test in the dev and sanitize builds.
 *
 * Every worker thread repeats, on the same shared handles:
 *   - working-day arithmetic (scalar and array forms) on a shared calendar,
 *   - evaluate / snapshot / measures of a shared caseload, with its own policy,
 *   - calls that fail with an error naming its own input and field,
 * and compares each answer with the one computed before the threads started. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"

#include <pthread.h>
#include <stdlib.h>

#define THREADS 4
#define ROUNDS 25
#define NDATES 64

static const char* const kCaseload =
    "{\"schema\": \"homeward.caseload\", \"version\": 1, \"pathways\": ["
    "{\"person_id\": \"P0001\", \"events\": ["
    "{\"type\": \"referral_received\", \"date\": \"2025-01-06\", \"planned_discharge\": "
    "\"2025-07-14\"},"
    "{\"type\": \"initial_visit\", \"date\": \"2025-01-17\"},"
    "{\"type\": \"accepted\", \"date\": \"2025-02-20\"},"
    "{\"type\": \"discharged\", \"date\": \"2025-05-01\"},"
    "{\"type\": \"step_down_admitted\", \"date\": \"2025-05-01\"},"
    "{\"type\": \"follow_up_contact\", \"date\": \"2025-05-05\"}]},"
    "{\"person_id\": \"P0002\", \"events\": ["
    "{\"type\": \"referral_received\", \"date\": \"2025-03-03\"}]},"
    "{\"person_id\": \"P0003\", \"events\": ["
    "{\"type\": \"referral_received\", \"date\": \"2025-01-06\"},"
    "{\"type\": \"initial_visit\", \"date\": \"2025-01-08\"},"
    "{\"type\": \"accepted\", \"date\": \"2025-01-10\"},"
    "{\"type\": \"discharged\", \"date\": \"2025-02-03\"},"
    "{\"type\": \"readmitted\", \"date\": \"2025-02-05\"}]}]}";

/* Each thread's policy: a different first-visit target. */
static const char* const kPolicies[THREADS] = {
    "{\"first_visit_working_days\": 5}", "{\"first_visit_working_days\": 10}",
    "{\"first_visit_working_days\": 15, \"closures\": [\"2025-01-10\"]}",
    "{\"first_visit_working_days\": 20}"};

static hw_calendar* g_calendar;
static hw_caseload* g_caseload;
static int32_t g_a[NDATES], g_b[NDATES];
static int64_t g_between[NDATES];
static int32_t g_added[NDATES];
static char* g_measures[THREADS];
static char* g_snapshot[THREADS];
static int64_t g_counts[THREADS][HW_STAGE_COUNT];

typedef struct {
  int index;
  int failures;
} worker;

#define WCHECK(w, cond)                                                                    \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      ++(w)->failures;                                                                     \
      fprintf(stderr, "thread %d: %s:%d: CHECK failed: %s (last error: %s)\n", (w)->index, \
              __FILE__, __LINE__, #cond, hw_last_error());                                 \
    }                                                                                      \
  } while (0)

static void* run(void* arg) {
  worker* w = (worker*)arg;
  const int t = w->index;
  int round;
  for (round = 0; round < ROUNDS; ++round) {
    int64_t between[NDATES];
    int32_t added[NDATES];
    int64_t offsets[NDATES];
    int64_t counts[HW_STAGE_COUNT];
    int i;
    char* json = NULL;
    hw_evaluation* ev = NULL;
    int32_t bad[3];
    int32_t good[3];
    char expected_field[16];
    char bad_date[32];
    int32_t d = 0;
    hw_error err;

    for (i = 0; i < NDATES; ++i) offsets[i] = i % 7;
    WCHECK(w, hw_calendar_working_days_between_array(between, g_calendar, g_a, g_b, NDATES, NULL) ==
                  HW_OK);
    WCHECK(w, memcmp(between, g_between, sizeof between) == 0);
    WCHECK(w, hw_calendar_add_working_days_array(added, g_calendar, g_a, offsets, NDATES, NULL) ==
                  HW_OK);
    WCHECK(w, memcmp(added, g_added, sizeof added) == 0);

    WCHECK(w, hw_caseload_evaluate(&ev, g_caseload, 20240, kPolicies[t], NULL) == HW_OK);
    WCHECK(w, hw_evaluation_stage_counts(counts, HW_STAGE_COUNT, ev, NULL) == HW_OK);
    WCHECK(w, memcmp(counts, g_counts[t], sizeof counts) == 0);
    hw_evaluation_free(ev);
    WCHECK(w, hw_caseload_measures(&json, g_caseload, 20089, 20179, HW_NO_DAY, kPolicies[t], NULL,
                                   NULL) == HW_OK);
    WCHECK(w, json != NULL && strcmp(json, g_measures[t]) == 0);
    hw_string_free(json);
    json = NULL;
    WCHECK(w, hw_caseload_snapshot_with_calendar(&json, g_caseload, 20240, kPolicies[t], g_calendar,
                                                 NULL) == HW_OK);
    WCHECK(w, json != NULL && strcmp(json, g_snapshot[t]) == 0);
    hw_string_free(json);

    /* Errors: thread t's bad element is at index t of `b` (out of the
     * calendar's range); its message and field are its own, even while the
     * other threads succeed and fail at the same time. */
    good[0] = good[1] = good[2] = 20000;
    bad[0] = bad[1] = bad[2] = 20000;
    if (t < 3) bad[t] = 200000; /* year 2517 */
    snprintf(expected_field, sizeof expected_field, "b[%d]", t < 3 ? t : 0);
    if (t == 3) bad[0] = -200000;
    WCHECK(w, hw_calendar_working_days_between_array(between, g_calendar, good, bad, 3, NULL) ==
                  HW_ERR_OUT_OF_RANGE);
    WCHECK(w, strcmp(hw_last_error_field(), expected_field) == 0);
    snprintf(bad_date, sizeof bad_date, "2025-02-3%d", t);
    WCHECK(w, hw_date_parse(&d, bad_date, NULL) != HW_OK);
    WCHECK(w, CONTAINS(hw_last_error(), bad_date));
    WCHECK(w, d == 0);
    /* The same through the caller-owned hw_error (C ABI 0.2): the call's own
     * error, whatever the other threads are doing. */
    hw_error_clear(&err);
    WCHECK(w, hw_calendar_working_days_between_array(between, g_calendar, good, bad, 3, &err) ==
                  HW_ERR_OUT_OF_RANGE);
    WCHECK(w, hw_error_status(&err) == HW_ERR_OUT_OF_RANGE);
    WCHECK(w, strcmp(hw_error_field(&err), expected_field) == 0);
    WCHECK(w, hw_date_parse(&d, bad_date, &err) != HW_OK);
    WCHECK(w, CONTAINS(hw_error_message(&err), bad_date));
    WCHECK(w, strcmp(hw_error_field(&err), expected_field) != 0);
    WCHECK(w, hw_date_parse(&d, "2025-04-10", NULL) == HW_OK);
    WCHECK(w, hw_last_error()[0] == '\0');
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  worker workers[THREADS];
  int64_t offsets[NDATES];
  int i;

  CHECK(hw_calendar_new_england_and_wales(&g_calendar, NULL) == HW_OK);
  CHECK(hw_caseload_from_json(&g_caseload, kCaseload, NULL, NULL) == HW_OK);
  for (i = 0; i < NDATES; ++i) {
    g_a[i] = 20000 + 3 * i;
    g_b[i] = 20000 + 11 * i - 40;
    offsets[i] = i % 7;
  }
  CHECK(hw_calendar_working_days_between_array(g_between, g_calendar, g_a, g_b, NDATES, NULL) ==
        HW_OK);
  CHECK(hw_calendar_add_working_days_array(g_added, g_calendar, g_a, offsets, NDATES, NULL) ==
        HW_OK);
  for (i = 0; i < THREADS; ++i) {
    hw_evaluation* ev = NULL;
    CHECK(hw_caseload_evaluate(&ev, g_caseload, 20240, kPolicies[i], NULL) == HW_OK);
    CHECK(hw_evaluation_stage_counts(g_counts[i], HW_STAGE_COUNT, ev, NULL) == HW_OK);
    hw_evaluation_free(ev);
    CHECK(hw_caseload_measures(&g_measures[i], g_caseload, 20089, 20179, HW_NO_DAY, kPolicies[i],
                               NULL, NULL) == HW_OK);
    CHECK(hw_caseload_snapshot_with_calendar(&g_snapshot[i], g_caseload, 20240, kPolicies[i],
                                             g_calendar, NULL) == HW_OK);
  }
  /* The policies differ, so the answers must too (the comparison means something). */
  CHECK(g_measures[0] != NULL && g_measures[3] != NULL &&
        strcmp(g_snapshot[0], g_snapshot[3]) != 0);

  for (i = 0; i < THREADS; ++i) {
    workers[i].index = i;
    workers[i].failures = 0;
    CHECK(pthread_create(&threads[i], NULL, run, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(workers[i].failures == 0);
  }
  /* The main thread's own error state is untouched by the workers'. */
  CHECK(hw_last_error()[0] == '\0');

  for (i = 0; i < THREADS; ++i) {
    hw_string_free(g_measures[i]);
    hw_string_free(g_snapshot[i]);
  }
  hw_caseload_free(g_caseload);
  hw_calendar_free(g_calendar);
  return check_summary();
}
