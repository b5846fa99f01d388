/* C99 test of the assignment and stable-matching ABI. */
#include <homeward/homeward.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static void test_dense(void) {
  /* SciPy's documentation example: optimum 5, columns {1, 0, 2}. */
  const double cost[9] = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  int64_t rows[3], cols[3];
  size_t count = 0;
  double total = 0;
  CHECK(hw_assignment_linear_sum(rows, cols, &count, &total, cost, 3, 3, 0, &err) == HW_OK);
  CHECK(count == 3);
  CHECK(total == 5.0);
  CHECK(rows[0] == 0 && rows[1] == 1 && rows[2] == 2);
  CHECK(cols[0] == 1 && cols[1] == 0 && cols[2] == 2);
  CHECK(hw_assignment_linear_sum(rows, cols, &count, &total, cost, 3, 3, 1, &err) == HW_OK);
  CHECK(total == 11.0);
  /* Rectangular 2 x 3 and 3 x 2. */
  CHECK(hw_assignment_linear_sum(rows, cols, &count, &total, cost, 2, 3, 0, &err) == HW_OK);
  CHECK(count == 2 && total == 1.0 + 2.0);
  CHECK(hw_assignment_linear_sum(rows, cols, &count, NULL, cost, 3, 2, 0, &err) == HW_OK);
  CHECK(count == 2);
  /* Empty: no output needed. */
  CHECK(hw_assignment_linear_sum(NULL, NULL, &count, &total, NULL, 0, 4, 0, &err) == HW_OK);
  CHECK(count == 0);
}

static void test_dense_tie_rule(void) {
  /* Row 3's least reduced cost is shared by taken columns 0, 1 and free column 3:
     it takes column 3 (docs/assignment.md, tie-breaking; 0.2.0). */
  const double cost[16] = {0, 5, 5, 5, 5, 0, 5, 5, 0, 0, 0, 5, 0, 0, 5, 5};
  int64_t rows[4], cols[4];
  size_t count = 0;
  double total = 0;
  CHECK(hw_assignment_linear_sum(rows, cols, &count, &total, cost, 4, 4, 0, &err) == HW_OK);
  CHECK(count == 4 && total == 5.0);
  CHECK(cols[0] == 0 && cols[1] == 1 && cols[2] == 2 && cols[3] == 3);
}

static void test_dense_errors(void) {
  double cost[4] = {1, 2, 3, 4};
  int64_t rows[2] = {-7, -7}, cols[2] = {-7, -7};
  cost[3] = NAN;
  CHECK(hw_assignment_linear_sum(rows, cols, NULL, NULL, cost, 2, 2, 0, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "cost[1][1]") == 0);
  CHECK(rows[0] == -7); /* outputs untouched on error */
  cost[3] = -INFINITY;
  CHECK(hw_assignment_linear_sum(rows, cols, NULL, NULL, cost, 2, 2, 0, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  cost[3] = 4;
  cost[0] = INFINITY;
  cost[1] = INFINITY;
  CHECK(hw_assignment_linear_sum(rows, cols, NULL, NULL, cost, 2, 2, 0, &err) == HW_ERR_INFEASIBLE);
  CHECK(strstr(err.message, "infeasible") != NULL);
  CHECK(strcmp(err.field, "cost") == 0);
  CHECK(hw_assignment_linear_sum(NULL, cols, NULL, NULL, cost, 2, 2, 0, &err) ==
        HW_ERR_NULL_POINTER);
  CHECK(strcmp(err.field, "out_rows") == 0);
  CHECK(hw_assignment_linear_sum(rows, cols, NULL, NULL, NULL, 2, 2, 0, &err) ==
        HW_ERR_NULL_POINTER);
}

/* A planted optimum at 400 x 400 (the candidate method for large square matrices):
   row i's cost is a large row offset everywhere, plus 0 at column (7i + 3) mod 400
   and 1 + something elsewhere, so the optimum is that permutation, total the offsets. */
static double big[400 * 400];
static void test_dense_large(void) {
  static int64_t rows[400], cols[400];
  const size_t n = 400;
  size_t count = 0, i, j;
  double total = 0, offsets = 0;
  unsigned state = 12345u;
  for (i = 0; i < n; ++i) {
    const double off = 1000.0 * (double)((i * 37u) % 101u);
    offsets += off;
    for (j = 0; j < n; ++j) {
      state = state * 1103515245u + 12345u;
      big[i * n + j] = off + 1.0 + (double)((state >> 16) % 1000u) / 1000.0;
    }
    big[i * n + (7 * i + 3) % n] = off;
  }
  CHECK(hw_assignment_linear_sum(rows, cols, &count, &total, big, n, n, 0, &err) == HW_OK);
  CHECK(count == n);
  CHECK(total == offsets);
  for (i = 0; i < n; ++i) {
    CHECK(rows[i] == (int64_t)i);
    CHECK(cols[i] == (int64_t)((7 * i + 3) % n));
  }
  /* A bad entry deep in the matrix is named. */
  big[399 * n + 123] = NAN;
  CHECK(hw_assignment_linear_sum(rows, cols, &count, &total, big, n, n, 0, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "cost[399][123]") == 0);
}

static void test_sparse(void) {
  /* 3 x 3, row 0: {0: 4, 1: 1}, row 1: {0: 2}, row 2: {1: 2, 2: 2}. */
  const int64_t indptr[4] = {0, 2, 3, 5};
  const int64_t indices[5] = {0, 1, 0, 1, 2};
  const double data[5] = {4, 1, 2, 2, 2};
  int64_t rows[3], cols[3];
  size_t count = 0;
  double total = 0;
  CHECK(hw_assignment_linear_sum_sparse(rows, cols, &count, &total, 3, 3, indptr, indices, data, 5,
                                        0, &err) == HW_OK);
  CHECK(count == 3 && total == 5.0);
  CHECK(cols[0] == 1 && cols[1] == 0 && cols[2] == 2);
  const int64_t bad_indices[5] = {0, 1, 0, 1, 9};
  CHECK(hw_assignment_linear_sum_sparse(rows, cols, &count, &total, 3, 3, indptr, bad_indices, data,
                                        5, 0, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "indices[4]") == 0);
  CHECK(hw_assignment_linear_sum_sparse(rows, cols, &count, &total, 3, 3, NULL, indices, data, 5, 0,
                                        &err) == HW_ERR_NULL_POINTER);
  /* Rows 0 and 1 both only allow column 0. */
  const int64_t p2[3] = {0, 1, 2};
  const int64_t i2[2] = {0, 0};
  const double d2[2] = {1, 1};
  CHECK(hw_assignment_linear_sum_sparse(rows, cols, &count, &total, 2, 2, p2, i2, d2, 2, 0, &err) ==
        HW_ERR_INFEASIBLE);
}

static void test_capacitated(void) {
  /* Three people, one place with two beds and one with one bed. */
  const double cost[6] = {1, 5, 2, 1, 3, 9};
  const int64_t cap[2] = {2, 1};
  int64_t assigned[3];
  size_t matched = 0;
  double total = 0;
  CHECK(hw_assignment_capacitated(assigned, &matched, &total, cost, 3, 2, cap, &err) == HW_OK);
  CHECK(matched == 3);
  CHECK(total == 1 + 1 + 3);
  CHECK(assigned[0] == 0 && assigned[1] == 1 && assigned[2] == 0);
  const int64_t bad_cap[2] = {2, -1};
  CHECK(hw_assignment_capacitated(assigned, &matched, &total, cost, 3, 2, bad_cap, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "capacity[1]") == 0);
  CHECK(hw_assignment_capacitated(assigned, &matched, &total, cost, 3, 2, NULL, &err) ==
        HW_ERR_NULL_POINTER);
  const int64_t indptr[4] = {0, 2, 4, 6};
  const int64_t indices[6] = {0, 1, 0, 1, 0, 1};
  CHECK(hw_assignment_capacitated_sparse(assigned, &matched, &total, 3, 2, indptr, indices, cost, 6,
                                         cap, &err) == HW_OK);
  CHECK(matched == 3 && total == 5.0);

  /* Warm start: the one-bed place closes, then reopens with two beds. */
  hw_assignment_solver* s = NULL;
  CHECK(hw_assignment_solver_new(&s, cost, 3, 2, cap, &err) == HW_OK);
  CHECK(hw_assignment_solver_solve(assigned, 3, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 3 && total == 5.0);
  CHECK(hw_assignment_solver_set_capacity(s, 1, 0, &err) == HW_OK);
  CHECK(hw_assignment_solver_solve(assigned, 3, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 2 && total == 1 + 2);
  CHECK(assigned[2] == -1);
  CHECK(hw_assignment_solver_set_capacity(s, 1, 2, &err) == HW_OK);
  const int64_t cols[1] = {1};
  const double w[1] = {0.5};
  size_t row = 0;
  CHECK(hw_assignment_solver_add_row(&row, s, cols, w, 1, &err) == HW_OK);
  CHECK(row == 3);
  CHECK(hw_assignment_solver_solve(assigned, 3, &matched, &total, s, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  int64_t assigned4[4];
  CHECK(hw_assignment_solver_solve(assigned4, 4, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 4 && total == 1 + 1 + 3 + 0.5);
  CHECK(hw_assignment_solver_remove_row(s, 0, &err) == HW_OK);
  CHECK(hw_assignment_solver_solve(assigned4, 4, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 3 && assigned4[0] == -1);
  CHECK(hw_assignment_solver_remove_row(s, 9, &err) == HW_ERR_INVALID_ARGUMENT);
  size_t n = 0;
  CHECK(hw_assignment_solver_nrows(&n, s, &err) == HW_OK && n == 4);
  CHECK(hw_assignment_solver_solve(assigned4, 4, &matched, &total, NULL, &err) ==
        HW_ERR_NULL_POINTER);
  hw_assignment_solver_free(s);
  hw_assignment_solver_free(NULL);

  /* The same problem built from CSR; then person 2's options change to
   * place 1 only (cost 0.5): to keep everyone placed, person 1 moves to
   * place 0 (2 + 1 + 0.5). */
  s = NULL;
  CHECK(hw_assignment_solver_new_sparse(&s, 3, 2, indptr, indices, cost, 6, cap, &err) == HW_OK);
  CHECK(hw_assignment_solver_solve(assigned, 3, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 3 && total == 5.0);
  const int64_t only1[1] = {1};
  const double half[1] = {0.5};
  CHECK(hw_assignment_solver_set_row(s, 2, only1, half, 1, &err) == HW_OK);
  CHECK(hw_assignment_solver_solve(assigned, 3, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 3 && total == 3.5);
  CHECK(assigned[0] == 0 && assigned[1] == 0 && assigned[2] == 1);
  const int64_t bad_col[1] = {7};
  CHECK(hw_assignment_solver_set_row(s, 2, bad_col, half, 1, &err) != HW_OK);
  CHECK(hw_assignment_solver_set_row(s, 5, only1, half, 1, &err) == HW_ERR_INVALID_ARGUMENT);
  CHECK(hw_assignment_solver_set_row(NULL, 0, only1, half, 1, &err) == HW_ERR_NULL_POINTER);
  /* The failed calls changed nothing. */
  CHECK(hw_assignment_solver_solve(assigned, 3, &matched, &total, s, &err) == HW_OK);
  CHECK(matched == 3 && total == 3.5);
  const int64_t bad_indptr[4] = {0, 2, 1, 6};
  hw_assignment_solver* s2 = NULL;
  CHECK(hw_assignment_solver_new_sparse(&s2, 3, 2, bad_indptr, indices, cost, 6, cap, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(s2 == NULL);
  CHECK(hw_assignment_solver_new_sparse(&s2, 3, 2, NULL, indices, cost, 6, cap, &err) ==
        HW_ERR_NULL_POINTER);
  hw_assignment_solver_free(s);
}

static void test_stable(void) {
  /* Residents 0..3, hospitals 0 (2 places) and 1 (1 place). */
  const int64_t rp[5] = {0, 2, 4, 5, 7};
  const int64_t ri[7] = {0, 1, 0, 1, 0, 1, 0};
  const int64_t hp[3] = {0, 4, 8};
  const int64_t hi[8] = {3, 2, 1, 0, 0, 1, 2, 3};
  const int64_t cap[2] = {2, 1};
  int64_t m[4];
  CHECK(hw_assignment_stable_match(m, 4, rp, ri, NULL, 2, hp, hi, NULL, cap, 0, &err) == HW_OK);
  CHECK(m[0] == 1 && m[1] == -1 && m[2] == 0 && m[3] == 0);
  char* json = NULL;
  CHECK(hw_assignment_stable_blocking_pairs_json(&json, 4, rp, ri, NULL, 2, hp, hi, NULL, cap, m,
                                                 &err) == HW_OK);
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  hw_string_free(json);
  const int64_t unstable[4] = {0, 0, -1, -1};
  CHECK(hw_assignment_stable_blocking_pairs_json(&json, 4, rp, ri, NULL, 2, hp, hi, NULL, cap,
                                                 unstable, &err) == HW_OK);
  CHECK(json != NULL && strstr(json, "[2,0]") != NULL);
  hw_string_free(json);
  CHECK(hw_assignment_stable_match(m, 4, rp, ri, NULL, 2, hp, hi, NULL, cap, 1, &err) == HW_OK);
  CHECK(hw_assignment_stable_match(m, 4, rp, ri, NULL, 2, hp, hi, NULL, cap, 7, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  const int64_t bad_cap[2] = {2, -3};
  CHECK(hw_assignment_stable_match(m, 4, rp, ri, NULL, 2, hp, hi, NULL, bad_cap, 0, &err) ==
        HW_ERR_INVALID_ARGUMENT);
  CHECK(strcmp(err.field, "capacity[1]") == 0);
  CHECK(hw_assignment_stable_match(m, 4, NULL, ri, NULL, 2, hp, hi, NULL, cap, 0, &err) ==
        HW_ERR_NULL_POINTER);
  CHECK(hw_assignment_stable_blocking_pairs_json(NULL, 4, rp, ri, NULL, 2, hp, hi, NULL, cap, m,
                                                 &err) == HW_ERR_NULL_POINTER);
}

int main(void) {
  test_dense();
  test_dense_tie_rule();
  test_dense_errors();
  test_dense_large();
  test_sparse();
  test_capacitated();
  test_stable();
  return check_summary();
}
