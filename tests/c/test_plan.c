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

static const char* kSweep =
    "{\"model\": {\"arrivals\": {\"rate_per_day\": 0.2}, \"length_of_stay\": {\"kind\": "
    "\"exponential\","
    " \"mean\": 20}, \"replications\": 10, \"horizon_days\": 200, \"warmup_days\": 100},"
    " \"beds\": {\"from\": 2, \"to\": 8}, \"arrival_rates\": [0.15, 0.25]}";

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

static char caseload_path[1024];

static char* read_all(const char* path) {
  FILE* f = fopen(path, "rb");
  long n;
  char* s;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  s = (char*)malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  if (s) s[n] = '\0';
  fclose(f);
  return s;
}

static void test_simulate(void) {
  char* a = NULL;
  char* b = NULL;
  char* small = NULL;
  size_t needed = 0;
  struct counter c = {0, 0, 0, 0};
  CHECK(hw_plan_simulate(&a, kModel, HW_PLAN_WITH_RUNS, on_progress, &c, &err) == HW_OK);
  CHECK(err.status == HW_OK);
  CHECK(CONTAINS(a, "\"summary\""));
  CHECK(CONTAINS(a, "\"mean_wait\":{\"mean\":"));
  CHECK(CONTAINS(a, "\"warmup_days\":50.0"));
  CHECK(CONTAINS(a, "\"runs\":{\"arrivals\":["));
  CHECK(c.calls >= 1);
  CHECK(c.last_done == 8 && c.last_total == 8);
  /* Same seed, same JSON; the summary form has no runs. */
  CHECK(hw_plan_simulate(&b, kModel, HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_OK);
  CHECK(b != NULL && !CONTAINS(b, "\"runs\""));
  /* The caller-buffer form: ask the size, then fill. */
  CHECK(hw_plan_simulate_buf(NULL, 0, &needed, kModel, HW_PLAN_WITH_RUNS, NULL, NULL, &err) ==
        HW_OK);
  CHECK(a != NULL && needed == strlen(a) + 1);
  small = (char*)malloc(needed);
  CHECK(hw_plan_simulate_buf(small, needed - 1, &needed, kModel, HW_PLAN_WITH_RUNS, NULL, NULL,
                             &err) == HW_ERR_BUFFER_TOO_SMALL);
  CHECK(hw_plan_simulate_buf(small, needed, &needed, kModel, HW_PLAN_WITH_RUNS, NULL, NULL, &err) ==
        HW_OK);
  CHECK(a != NULL && small != NULL && strcmp(a, small) == 0);
  free(small);
  hw_string_free(a);
  hw_string_free(b);

  /* Cancelled from the callback. */
  a = NULL;
  c.stop = 1;
  CHECK(hw_plan_simulate(&a, kModel, HW_PLAN_SUMMARY, on_progress, &c, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "progress") == 0);
  CHECK(a == NULL);
  CHECK(hw_plan_simulate(&a, kModel, (hw_plan_runs)7, NULL, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "runs") == 0);
}

static void test_bad_input(void) {
  char* out = NULL;
  CHECK(hw_plan_simulate(&out, "{\"arrivals\": {\"rate_per_day\": -1}}", HW_PLAN_SUMMARY, NULL,
                         NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "model.arrivals.rate_per_day") == 0);
  CHECK(hw_plan_simulate(&out, "{\"beds\": 0, \"arrivals\": {\"rate_per_day\": 0.2}}",
                         HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "model.beds") == 0);
  CHECK(hw_plan_simulate(&out,
                         "{\"length_of_stay\": {\"kind\": \"lognormal\", \"mean\": 20, \"sd\": 0}}",
                         HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "model.length_of_stay.sd") == 0);
  CHECK(CONTAINS(err.message, "model.length_of_stay.sd: must be > 0"));
  CHECK(hw_plan_simulate(&out, "{\"beds\": ", HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_ERR_PARSE);
  CHECK(hw_plan_simulate(&out, "model.json", HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_ERR_PARSE);
  CHECK(strcmp(err.field, "model_json") == 0);
  CHECK(hw_plan_simulate(&out, NULL, HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_plan_simulate(NULL, kModel, HW_PLAN_SUMMARY, NULL, NULL, &err) == HW_ERR_NULL_POINTER);
  CHECK(hw_plan_simulate(&out, "{\"beds\": -1}", HW_PLAN_SUMMARY, NULL, NULL, NULL) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(hw_last_error_field(), "model.beds") == 0);
  CHECK(hw_plan_fit(&out, "{\"schema\": \"homeward.caseload\", \"version\": 1, \"pathways\": []}",
                    NULL, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "caseload") == 0);
  CHECK(hw_plan_fit_file(&out, "/nonexistent/caseload.json", NULL, &err) == HW_ERR_IO);
  CHECK(strcmp(err.field, "caseload_path") == 0);
  CHECK(out == NULL);
}

static void test_sweep(void) {
  char* json = NULL;
  char* table = NULL;
  size_t needed = 0;
  CHECK(hw_plan_sweep(&json, kSweep, HW_PLAN_SWEEP_JSON, NULL, NULL, &err) == HW_OK);
  CHECK(CONTAINS(json, "\"smallest_beds_meeting_target\""));
  CHECK(hw_plan_sweep(&table, kSweep, HW_PLAN_SWEEP_TABLE, NULL, NULL, &err) == HW_OK);
  CHECK(CONTAINS(table, "8 beds: mean wait "));
  CHECK(CONTAINS(table, "smallest number of beds"));
  CHECK(hw_plan_sweep_buf(NULL, 0, &needed, kSweep, HW_PLAN_SWEEP_TABLE, NULL, NULL, &err) ==
        HW_OK);
  CHECK(table != NULL && needed == strlen(table) + 1);
  hw_string_free(json);
  hw_string_free(table);
  json = NULL;
  CHECK(hw_plan_sweep(&json, "{\"beds\": [1, -2]}", HW_PLAN_SWEEP_JSON, NULL, NULL, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "sweep.beds[1]") == 0);
  CHECK(json == NULL);
}

static void test_fit_and_capacity(void) {
  char* out = NULL;
  char* text = read_all(caseload_path);
  size_t needed = 0;
  struct counter c = {0, 0, 0, 0};
  CHECK(text != NULL);
  CHECK(hw_plan_fit_file(&out, caseload_path, NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"length_of_stay_candidates\""));
  CHECK(CONTAINS(out, "\"arrival_rate\":{\"per_day\":"));
  CHECK(hw_plan_fit_buf(NULL, 0, &needed, text, "{\"beds\": 3}", &err) == HW_OK);
  CHECK(hw_plan_fit_file_buf(NULL, 0, &needed, caseload_path, NULL, &err) == HW_OK);
  CHECK(out != NULL && needed == strlen(out) + 1);
  hw_string_free(out);
  out = NULL;
  CHECK(hw_plan_capacity_file(&out, caseload_path,
                              "{\"max_beds\": 8, \"replications\": 10, \"growth\": 0.2}",
                              on_progress, &c, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"name\":\"current\""));
  CHECK(CONTAINS(out, "\"name\":\"growth\""));
  CHECK(c.last_done == c.last_total && c.calls > 0);
  CHECK(hw_plan_capacity_buf(NULL, 0, &needed, text,
                             "{\"max_beds\": 8, \"replications\": 10, \"growth\": 0.2}", NULL, NULL,
                             &err) == HW_OK);
  CHECK(out != NULL && needed == strlen(out) + 1);
  CHECK(hw_plan_capacity_file_buf(NULL, 0, &needed, caseload_path,
                                  "{\"max_beds\": 8, \"replications\": 10, \"growth\": 0.2}", NULL,
                                  NULL, &err) == HW_OK);
  CHECK(out != NULL && needed == strlen(out) + 1);
  hw_string_free(out);
  out = NULL;
  CHECK(hw_plan_capacity(&out, text, "{\"growth\": -3}", NULL, NULL, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "options.growth") == 0);
  CHECK(out == NULL);
  free(text);
}

int main(void) {
  snprintf(caseload_path, sizeof caseload_path,
           "%s/../../python/homeward/data/sample_caseload.json", HOMEWARD_TEST_DATA_DIR);
  test_simulate();
  test_bad_input();
  test_sweep();
  test_fit_and_capacity();
  return check_summary();
}
