/* The C reference for the FFI clients (examples/ffi/{go,rust,node,java}).
 *
 *   reference <repo-root> <out-dir>
 *
 * Computes, through the C ABI, every answer the clients check, and writes
 *   <out-dir>/expected.txt       one "key value..." line per answer
 *   <out-dir>/measures.json      hw_caseload_measures, byte for byte
 *   <out-dir>/placements.json    hw_matching_placements, byte for byte
 * Each client computes the same through its own FFI and compares. */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hw_error err;

static void die(const char* what) {
  fprintf(stderr, "reference: %s: %s (%s)\n", what, err.message, hw_status_name(err.status));
  exit(1);
}

static int32_t day(const char* iso) {
  int32_t d = 0;
  if (hw_date_parse(&d, iso, &err) != HW_OK) die(iso);
  return d;
}

static void write_file(const char* dir, const char* name, const char* text) {
  char path[4096];
  FILE* f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "wb");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "reference: cannot write %s\n", path);
    exit(1);
  }
}

int main(int argc, char** argv) {
  static const char* const pairs[][2] = {{"2024-12-20", "2025-01-06"},
                                         {"2025-01-06", "2024-12-20"},
                                         {"2025-04-10", "2025-05-12"},
                                         {"2025-08-01", "2025-08-29"},
                                         {"2026-12-24", "2027-01-04"}};
  static const struct {
    const char* date;
    int64_t n;
  } shifts[] = {{"2025-04-10", 10}, {"2025-04-18", 0}, {"2025-12-24", 3}, {"2025-05-06", -5}};
  char path[4096], out_path[4096];
  hw_calendar* cal = NULL;
  hw_caseload* caseload = NULL;
  hw_evaluation* ev = NULL;
  char* measures = NULL;
  char* placements = NULL;
  int64_t counts[HW_STAGE_COUNT];
  FILE* f;
  size_t i;
  int32_t d = 0;
  if (argc != 3) {
    fprintf(stderr, "usage: reference <repo-root> <out-dir>\n");
    return 2;
  }
  snprintf(out_path, sizeof out_path, "%s/expected.txt", argv[2]);
  f = fopen(out_path, "w");
  if (f == NULL) return 1;
  fprintf(f, "version %s\n", hw_version());

  if (hw_calendar_new_england_and_wales(&cal, &err) != HW_OK) die("calendar");
  for (i = 0; i < sizeof pairs / sizeof pairs[0]; ++i) {
    int64_t n = 0;
    if (hw_calendar_working_days_between(&n, cal, day(pairs[i][0]), day(pairs[i][1]), &err) !=
        HW_OK)
      die("working_days_between");
    fprintf(f, "working_days %s %s %lld\n", pairs[i][0], pairs[i][1], (long long)n);
  }
  for (i = 0; i < sizeof shifts / sizeof shifts[0]; ++i) {
    int32_t out = 0;
    char iso[11];
    if (hw_calendar_add_working_days(&out, cal, day(shifts[i].date), shifts[i].n, &err) != HW_OK)
      die("add_working_days");
    if (hw_date_format(iso, sizeof iso, out, &err) != HW_OK) die("date_format");
    fprintf(f, "add_working_days %s %lld %s\n", shifts[i].date, (long long)shifts[i].n, iso);
  }

  snprintf(path, sizeof path, "%s/tests/data/timeline_caseload.json", argv[1]);
  if (hw_caseload_from_file(&caseload, path, NULL, &err) != HW_OK) die("caseload");
  if (hw_caseload_evaluate(&ev, caseload, day("2025-03-31"), NULL, &err) != HW_OK) die("evaluate");
  if (hw_evaluation_stage_counts(counts, HW_STAGE_COUNT, ev, &err) != HW_OK) die("stage_counts");
  fprintf(f, "stage_counts 2025-03-31");
  for (i = 0; i < HW_STAGE_COUNT; ++i) fprintf(f, " %lld", (long long)counts[i]);
  fprintf(f, "\n");
  if (hw_caseload_measures(&measures, caseload, day("2025-01-01"), day("2025-06-30"), HW_NO_DAY,
                           NULL, NULL, &err) != HW_OK)
    die("measures");
  write_file(argv[2], "measures.json", measures);

  snprintf(path, sizeof path, "%s/examples/ffi/data/placements.json", argv[1]);
  if (hw_matching_placements_file(&placements, path, NULL, &err) != HW_OK) die("placements");
  write_file(argv[2], "placements.json", placements);

  /* The error every client triggers: an impossible date. */
  if (hw_date_parse(&d, "2025-02-30", &err) == HW_OK) return 1;
  fprintf(f, "error_status %d\nerror_field %s\nerror_message %s\n", err.status, err.field,
          err.message);
  fclose(f);

  hw_string_free(placements);
  hw_string_free(measures);
  hw_evaluation_free(ev);
  hw_caseload_free(caseload);
  hw_calendar_free(cal);
  return 0;
}
