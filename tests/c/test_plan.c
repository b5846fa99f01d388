/* C99 test of the capacity-planning part of the C ABI: every function, good and bad input. */
#include <homeward/homeward.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* kModel =
    "{\"beds\": 4, \"arrivals\": {\"kind\": \"poisson\", \"rate_per_day\": 0.3},"
    " \"length_of_stay\": {\"kind\": \"gamma\", \"mean\": 10, \"sd\": 5},"
    " \"replications\": 8, \"seed\": 11, \"horizon_days\": 200, \"warmup_days\": 50}";

struct counter {
  int64_t calls;
  int64_t last_done;
  int64_t last_total;
  int stop;
};

static int on_progress(int64_t done, int64_t total, void* user) {
  struct counter* c = (struct counter*)user;
  c->calls++;
  c->last_done = done;
  c->last_total = total;
  return c->stop ? 0 : 1;
}

static void test_simulate(void) {
  char* a = NULL;
  char* b = NULL;
  struct counter c = {0, 0, 0, 0};
  CHECK(hw_plan_simulate(&a, kModel, 1, on_progress, &c) == HW_OK);
  CHECK(CONTAINS(a, "\"summary\""));
  CHECK(CONTAINS(a, "\"mean_wait\":{\"mean\":"));
  CHECK(CONTAINS(a, "\"warmup_days\":50.0"));
  CHECK(CONTAINS(a, "\"runs\":["));
  CHECK(c.calls >= 1);
  CHECK(c.last_done == 8 && c.last_total == 8);
  /* Same seed, same JSON. */
  CHECK(hw_plan_simulate(&b, kModel, 1, NULL, NULL) == HW_OK);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  hw_string_free(a);
  hw_string_free(b);

  /* Cancelled from the callback. */
  a = NULL;
  c.stop = 1;
  CHECK(hw_plan_simulate(&a, kModel, 0, on_progress, &c) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "progress") == 0);
  CHECK(a == NULL);
}

static void test_bad_input(void) {
  char* out = NULL;
  CHECK(hw_plan_simulate(&out, "{\"arrivals\": {\"rate_per_day\": -1}}", 0, NULL, NULL) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "model.arrivals.rate_per_day") == 0);
  CHECK(hw_plan_simulate(&out, "{\"beds\": 0, \"arrivals\": {\"rate_per_day\": 0.2}}", 0, NULL, NULL) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "model.beds") == 0);
  CHECK(hw_plan_simulate(&out, "{\"length_of_stay\": {\"kind\": \"lognormal\", \"mean\": 20, \"sd\": 0}}", 0, NULL,
                         NULL) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "model.length_of_stay.sd") == 0);
  CHECK(hw_plan_simulate(&out, "{\"beds\": ", 0, NULL, NULL) == HW_ERR_PARSE);
  CHECK(hw_plan_simulate(&out, NULL, 0, NULL, NULL) == HW_ERR_NULL_POINTER);
  CHECK(hw_plan_simulate(NULL, kModel, 0, NULL, NULL) == HW_ERR_NULL_POINTER);
  CHECK(hw_plan_fit(&out, "{\"schema\": \"homeward.caseload\", \"version\": 1, \"pathways\": []}", NULL) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "caseload") == 0);
  CHECK(out == NULL);
}

static void test_sweep(void) {
  char* json = NULL;
  char* table = NULL;
  const char* spec =
      "{\"model\": {\"arrivals\": {\"rate_per_day\": 0.2}, \"length_of_stay\": {\"kind\": \"exponential\","
      " \"mean\": 20}, \"replications\": 10, \"horizon_days\": 200, \"warmup_days\": 100},"
      " \"beds\": {\"from\": 2, \"to\": 8}, \"arrival_rates\": [0.15, 0.25]}";
  CHECK(hw_plan_sweep(&json, &table, spec, NULL, NULL) == HW_OK);
  CHECK(CONTAINS(json, "\"smallest_beds_meeting_target\""));
  CHECK(CONTAINS(table, "8 beds: mean wait "));
  CHECK(CONTAINS(table, "smallest number of beds"));
  hw_string_free(json);
  hw_string_free(table);
  json = NULL;
  CHECK(hw_plan_sweep(&json, NULL, "{\"beds\": [1, -2]}", NULL, NULL) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "sweep.beds[1]") == 0);
}

static void test_fit_and_capacity(void) {
  char path[1024];
  char* out = NULL;
  struct counter c = {0, 0, 0, 0};
  snprintf(path, sizeof path, "%s/../../python/homeward/data/sample_caseload.json", HOMEWARD_TEST_DATA_DIR);
  CHECK(hw_plan_fit(&out, path, NULL) == HW_OK);
  CHECK(CONTAINS(out, "\"length_of_stay_candidates\""));
  CHECK(CONTAINS(out, "\"arrival_rate\":{\"per_day\":"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_plan_capacity(&out, path, "{\"max_beds\": 8, \"replications\": 10, \"growth\": 0.2}", on_progress, &c) ==
        HW_OK);
  CHECK(CONTAINS(out, "\"name\":\"current\""));
  CHECK(CONTAINS(out, "\"name\":\"growth\""));
  CHECK(c.last_done == c.last_total);
  hw_string_free(out);
  out = NULL;
  CHECK(hw_plan_capacity(&out, path, "{\"growth\": -3}", NULL, NULL) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "options.growth") == 0);
}

int main(void) {
  test_simulate();
  test_bad_input();
  test_sweep();
  test_fit_and_capacity();
  return check_summary();
}
