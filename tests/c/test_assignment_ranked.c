/* C99 test of the ranked-alternatives part of the C ABI: k best, rules,
 * maximum-cardinality mode, and the matching JSON forms. */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* 2 x 2, one place each: the optimum is (0->1, 1->0) = 2 + 2 = 4, then
 * (0->0, 1->1) = 1 + 4 = 5; with one row unmatched the best are 1 and 2. */
static const double kCost[4] = {1.0, 2.0, 2.0, 4.0};
static const int64_t kCap[2] = {1, 1};

static void test_k_best(void) {
  int64_t assigned[2 * 6];
  size_t matched[6];
  double totals[6];
  size_t count = 0;
  CHECK(hw_assignment_capacitated_k_best(assigned, matched, totals, &count, kCost, 2, 2, kCap, 6,
                                         &err) == HW_OK);
  /* Solutions: 2 full (4, 5), 4 with one row (1, 2, 2, 4), 1 empty: 7 in all. */
  CHECK(count == 6);
  CHECK(matched[0] == 2 && totals[0] == 4.0);
  CHECK(assigned[0] == 1 && assigned[1] == 0);
  CHECK(matched[1] == 2 && totals[1] == 5.0);
  CHECK(matched[2] == 1 && totals[2] == 1.0);
  CHECK(matched[5] == 1 && totals[5] == 4.0);
  /* Errors name the argument; nothing written. */
  count = 99;
  CHECK(hw_assignment_capacitated_k_best(assigned, matched, totals, NULL, kCost, 2, 2, kCap, 6,
                                         &err) == HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "out_count") == 0);
  CHECK(count == 99);
}

static void test_with(void) {
  int64_t assigned[2];
  size_t matched = 0;
  double total = 0;
  int found = -1;
  const int64_t rules[3] = {0, 1, 0}; /* row 0 must not get column 1 */
  CHECK(hw_assignment_capacitated_with(assigned, &matched, &total, &found, kCost, 2, 2, kCap, rules,
                                       1, &err) == HW_OK);
  CHECK(found == 1 && matched == 2 && total == 5.0);
  CHECK(assigned[0] == 0 && assigned[1] == 1);
  const int64_t clash[6] = {0, 0, 1, 1, 0, 1}; /* both must get column 0 */
  CHECK(hw_assignment_capacitated_with(assigned, &matched, &total, &found, kCost, 2, 2, kCap, clash,
                                       2, &err) == HW_OK);
  CHECK(found == 0);
  const int64_t bad[3] = {0, 1, 7};
  CHECK(hw_assignment_capacitated_with(assigned, &matched, &total, &found, kCost, 2, 2, kCap, bad,
                                       1, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "rules[0].must") == 0);
}

static void test_max_cardinality(void) {
  /* Rows 0 and 1 can use only column 0; row 2 column 1 (cost 5). */
  const int64_t indptr[4] = {0, 1, 2, 3};
  const int64_t indices[3] = {0, 0, 1};
  const double data[3] = {3.0, 2.0, 5.0};
  int64_t rows[2], cols[2], unmatched[3];
  size_t count = 0, ucount = 0;
  double total = 0;
  CHECK(hw_assignment_max_cardinality_sparse(rows, cols, &count, unmatched, &ucount, &total, 3, 2,
                                             indptr, indices, data, 3, HW_ASSIGNMENT_MINIMIZE,
                                             &err) == HW_OK);
  CHECK(count == 2 && ucount == 1);
  CHECK(rows[0] == 1 && cols[0] == 0 && rows[1] == 2 && cols[1] == 1);
  CHECK(unmatched[0] == 0);
  CHECK(total == 7.0);
  CHECK(hw_assignment_max_cardinality_sparse(rows, cols, &count, unmatched, &ucount, &total, 3, 2,
                                             indptr, indices, data, 3, HW_ASSIGNMENT_MAXIMIZE,
                                             &err) == HW_OK);
  CHECK(rows[0] == 0 && total == 8.0);
  CHECK(hw_assignment_max_cardinality_sparse(rows, cols, &count, unmatched, &ucount, &total, 3, 2,
                                             indptr, indices, data, 3, (hw_assignment_sense)5,
                                             &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "sense") == 0);
}

static const char* kInput =
    "{\"people\": ["
    "{\"id\": \"P0001\", \"area\": \"Leeds\", \"risk\": \"low\", \"ready_date\": \"2026-03-02\","
    " \"preferences\": [\"SD-01\", \"SD-02\"]},"
    "{\"id\": \"P0002\", \"area\": \"Leeds\", \"risk\": \"low\", \"ready_date\": \"2026-03-02\"}],"
    "\"places\": ["
    "{\"id\": \"SD-01\", \"area\": \"Leeds\", \"beds\": 1, \"max_risk\": \"high\","
    " \"free_date\": \"2026-03-02\"},"
    "{\"id\": \"SD-02\", \"area\": \"Leeds\", \"beds\": 1, \"max_risk\": \"high\","
    " \"free_date\": \"2026-03-04\"}],"
    "\"workers\": ["
    "{\"id\": \"W-NAV-01\", \"role\": \"pathway_navigator\", \"areas\": [\"Leeds\"],"
    " \"caseload_limit\": 10, \"current_load\": 1},"
    "{\"id\": \"W-NAV-02\", \"role\": \"pathway_navigator\", \"areas\": [\"Leeds\"],"
    " \"caseload_limit\": 10, \"current_load\": 5}]}";

static void test_matching_json(void) {
  char* out = NULL;
  CHECK(hw_matching_placements(&out, kInput, NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"alternative\":{"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_matching_placements_ranked(&out, kInput, 3, NULL, &err) == HW_OK);
  CHECK(out != NULL && out[0] == '[');
  CHECK(CONTAINS(out, "\"rank\":2"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_matching_workers_ranked(&out, kInput, 2, NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"kind\":\"workers\""));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_matching_placements_with(
            &out, kInput, "[{\"person\": \"P0001\", \"place\": \"SD-01\", \"rule\": \"must_not\"}]",
            NULL, &err) == HW_OK);
  CHECK(CONTAINS(out, "\"person\":\"P0001\",\"place\":\"SD-02\""));
  CHECK(CONTAINS(out, "\"rank\":0"));
  hw_string_free(out);
  out = NULL;
  CHECK(hw_matching_workers_with(
            &out, kInput,
            "[{\"person\": \"P0001\", \"worker\": \"W-NAV-01\", \"rule\": \"must_not\"}]", NULL,
            &err) == HW_OK);
  CHECK(CONTAINS(out, "\"person\":\"P0001\",\"worker\":\"W-NAV-02\""));
  hw_string_free(out);
  out = NULL;
  /* Caller buffer form: size first, then the text. */
  size_t needed = 0;
  const char* rules =
      "[{\"person\": \"P0001\", \"place\": \"SD-01\", \"rule\": \"must\"},"
      " {\"person\": \"P0002\", \"place\": \"SD-01\", \"rule\": \"must\"}]";
  CHECK(hw_matching_placements_with_buf(NULL, 0, &needed, kInput, rules, NULL, &err) == HW_OK);
  CHECK(needed == 5);
  char buf[8];
  CHECK(hw_matching_placements_with_buf(buf, sizeof buf, &needed, kInput, rules, NULL, &err) ==
        HW_OK);
  CHECK(strcmp(buf, "null") == 0);
  CHECK(hw_matching_placements_ranked_buf(NULL, 0, &needed, kInput, 2, NULL, &err) == HW_OK);
  CHECK(needed > 100);
  CHECK(hw_matching_workers_ranked_buf(NULL, 0, &needed, kInput, 2, NULL, &err) == HW_OK);
  CHECK(hw_matching_workers_with_buf(NULL, 0, &needed, kInput, "[]", NULL, &err) == HW_OK);
  /* Bad rules: the field is named. */
  CHECK(hw_matching_placements_with(&out, kInput,
                                    "[{\"person\": \"P9\", \"place\": null,"
                                    " \"rule\": \"must\"}]",
                                    NULL, &err) == HW_ERR_NOT_FOUND);
  CHECK(strcmp(err.field, "rules[0].person") == 0);
  CHECK(out == NULL);
}

int main(void) {
  test_k_best();
  test_with();
  test_max_cardinality();
  test_matching_json();
  return check_summary();
}
