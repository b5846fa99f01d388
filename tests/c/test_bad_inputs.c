/* The catalogue of bad inputs (tests/data/bad_inputs/catalogue.json, rendered
 * into bad_inputs_table.h by scripts/bad_inputs.py) through the C ABI: every
 * case returns the catalogued status, hw_last_error_field() names the
 * catalogued field, the out-parameter keeps its value and the handles passed
 * in serialise the same before and after. C99. */
#include "check.h"

#include "bad_inputs_table.h"

#include <stdlib.h>
#include <string.h>

static const char* kBaseMatchInput =
    "{\"people\": [{\"id\": \"P0001\", \"area\": \"Derbyshire\", \"risk\": \"medium\","
    " \"ready_date\": \"2026-03-02\"}], \"places\": [{\"id\": \"SD-01\", \"area\": \"Derbyshire\","
    " \"beds\": 1, \"max_risk\": \"high\", \"free_date\": \"2026-03-05\"}]}";
static const char* kBaseCaseload =
    "{\"version\": 1, \"pathways\": [{\"person_id\": \"P0001\", \"events\": ["
    "{\"type\": \"referral_received\", \"date\": \"2025-02-03\"}]}]}";

/* 2025-03-01 as days since 1970-01-01. */
#define AS_OF 20148

static char* build_input(const bad_case* c, size_t* out_len) {
  size_t len = 0, i, k, at = 0;
  char* buf;
  for (i = 0; i < c->n_pieces; ++i) len += strlen(c->pieces[i].text) * c->pieces[i].times;
  buf = (char*)malloc(len + 1);
  if (buf == NULL) return NULL;
  for (i = 0; i < c->n_pieces; ++i) {
    const size_t n = strlen(c->pieces[i].text);
    for (k = 0; k < c->pieces[i].times; ++k) {
      memcpy(buf + at, c->pieces[i].text, n);
      at += n;
    }
  }
  if (c->length >= 0 && (size_t)c->length < len) len = (size_t)c->length;
  buf[len] = '\0';
  *out_len = len;
  return buf;
}

/* A snapshot of a handle as JSON (malloc'd by the library), for "nothing changed". */
static char* star_state(const hw_star* star) {
  char* s = NULL;
  if (hw_star_to_json(&s, star, NULL) != HW_OK) return NULL;
  return s;
}
static char* caseload_state(const hw_caseload* c) {
  char* s = NULL;
  if (hw_caseload_to_json(&s, c, HW_JSON_COMPACT, NULL) != HW_OK) return NULL;
  return s;
}

/* The error of the call under test, saved before any snapshot call resets it. */
static char g_error[4096];
static char g_field[512];
/* The caller-owned error of the call under test (snapshot calls pass NULL). */
static hw_error g_err;
static void save_error(void) {
  strncpy(g_error, hw_error_message(&g_err), sizeof g_error - 1);
  g_error[sizeof g_error - 1] = '\0';
  strncpy(g_field, hw_error_field(&g_err), sizeof g_field - 1);
  g_field[sizeof g_field - 1] = '\0';
}

static int run_case(const bad_case* c, const hw_star* star, const hw_caseload* caseload) {
  size_t len = 0;
  char* text = NULL;
  int status = HW_OK;
  char* before = NULL;
  char* after = NULL;
  void* const sentinel = (void*)&len;
  if (!c->is_null) {
    text = build_input(c, &len);
    if (text == NULL) return -1000;
  }
  if (strcmp(c->op, "star_readings") == 0) before = star_state(star);
  if (strcmp(c->op, "policy") == 0 || strcmp(c->op, "costs") == 0)
    before = caseload_state(caseload);

  if (strcmp(c->op, "calendar_govuk") == 0) {
    hw_calendar* out = (hw_calendar*)sentinel;
    status = hw_calendar_new_from_govuk_json(&out, text, len, "england-and-wales", &g_err);
    CHECK(out == (hw_calendar*)sentinel);
  } else if (strcmp(c->op, "star_definition") == 0) {
    hw_star* out = (hw_star*)sentinel;
    status = hw_star_from_json(&out, text, &g_err);
    CHECK(out == (hw_star*)sentinel);
  } else if (strcmp(c->op, "star_readings") == 0) {
    hw_star_readings* out = (hw_star_readings*)sentinel;
    status = hw_star_readings_from_json(&out, star, text, &g_err);
    save_error();
    CHECK(out == (hw_star_readings*)sentinel);
    after = star_state(star);
  } else if (strcmp(c->op, "match_input") == 0) {
    char* out = (char*)sentinel;
    status = hw_matching_placements(&out, text, NULL, &g_err);
    CHECK(out == (char*)sentinel);
  } else if (strcmp(c->op, "match_options") == 0) {
    char* out = (char*)sentinel;
    status = hw_matching_placements(&out, kBaseMatchInput, text, &g_err);
    CHECK(out == (char*)sentinel);
  } else if (strcmp(c->op, "match_result") == 0) {
    char* out = (char*)sentinel;
    status = hw_matching_report(&out, text, &g_err);
    CHECK(out == (char*)sentinel);
  } else if (strcmp(c->op, "caseload") == 0) {
    hw_caseload* out = (hw_caseload*)sentinel;
    status = hw_caseload_from_json(&out, text, c->options, &g_err);
    CHECK(out == (hw_caseload*)sentinel);
  } else if (strcmp(c->op, "policy") == 0) {
    hw_evaluation* out = (hw_evaluation*)sentinel;
    status = hw_caseload_evaluate(&out, caseload, AS_OF, text, &g_err);
    save_error();
    CHECK(out == (hw_evaluation*)sentinel);
    after = caseload_state(caseload);
  } else if (strcmp(c->op, "costs") == 0) {
    char* out = (char*)sentinel;
    status = hw_caseload_measures(&out, caseload, AS_OF - 60, AS_OF, AS_OF, NULL, text, &g_err);
    save_error();
    CHECK(out == (char*)sentinel);
    after = caseload_state(caseload);
  } else {
    fprintf(stderr, "%s: unknown op %s\n", c->id, c->op);
    status = -1000;
  }
  if (after == NULL) save_error();
  if (before != NULL || after != NULL) {
    CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  }
  hw_string_free(before);
  hw_string_free(after);
  free(text);
  return status;
}

int main(void) {
  hw_star* star = NULL;
  hw_caseload* caseload = NULL;
  size_t i;
  CHECK(BAD_CASE_COUNT >= 150);
  CHECK(hw_star_recovery_star(&star, NULL) == HW_OK);
  CHECK(hw_caseload_from_json(&caseload, kBaseCaseload, NULL, NULL) == HW_OK);
  if (star == NULL || caseload == NULL) return check_summary();
  for (i = 0; i < BAD_CASE_COUNT; ++i) {
    const bad_case* c = &bad_cases[i];
    const int status = run_case(c, star, caseload);
    const char* field = g_field;
    const int field_ok = c->field_is_prefix ? strncmp(field, c->field, strlen(c->field)) == 0
                                            : strcmp(field, c->field) == 0;
    ++checks;
    if (status != c->status || !field_ok || strlen(g_error) >= 2000 ||
        strstr(g_error, "last read") != NULL) {
      ++failures;
      fprintf(stderr, "%s: got %s, field \"%s\"; expected %s, field \"%s\"%s (%s)\n", c->id,
              hw_status_name(status), field, hw_status_name(c->status), c->field,
              c->field_is_prefix ? "..." : "", g_error);
    }
  }
  hw_caseload_free(caseload);
  hw_star_free(star);
  return check_summary();
}
