/* C ABI test for FHIR R4 export and import (C99). */
#include <homeward/homeward.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char* fixture(void) { return HOMEWARD_TEST_DATA_DIR "/timeline_caseload.json"; }

static char* read_file(const char* path) {
  FILE* f = fopen(path, "rb");
  long n;
  char* buf;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = (char*)malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (buf) buf[n] = '\0';
  fclose(f);
  return buf;
}

int main(void) {
  char* text = read_file(fixture());
  hw_caseload* c = NULL;
  hw_caseload* back = NULL;
  hw_star_readings* readings = (hw_star_readings*)&text; /* must become NULL: no readings */
  char* bundle = NULL;
  char* again = NULL;
  char* one = NULL;
  char* summary = NULL;
  char* defs = NULL;
  size_t np = 0, ne = 0, np2 = 0, ne2 = 0;

  CHECK(text != NULL);
  CHECK(hw_caseload_from_json(&c, text, NULL, NULL) == HW_OK);
  CHECK(hw_caseload_size(&np, &ne, c, NULL) == HW_OK && np > 0);

  /* Everyone in one Bundle, every entry with a urn:uuid fullUrl and a narrative. */
  CHECK(hw_fhir_export(&bundle, c, NULL, NULL, NULL, NULL) == HW_OK);
  CHECK(CONTAINS(bundle, "\"type\":\"collection\""));
  CHECK(CONTAINS(bundle, "\"fullUrl\":\"urn:uuid:"));
  CHECK(CONTAINS(bundle, "\"status\":\"generated\""));
  CHECK(CONTAINS(bundle, "\"resourceType\":\"Encounter\""));
  /* One person, as of a date. */
  CHECK(hw_fhir_export(&one, c, "P0001", NULL, "{\"as_of\": \"2025-02-01\", \"narrative\": false}",
                       NULL) == HW_OK);
  CHECK(CONTAINS(one, "\"status\":\"planned\""));
  CHECK(!CONTAINS(one, "\"text\":{"));
  hw_string_free(one);
  one = NULL;

  /* Import gives the same caseload; export again is byte-identical. */
  CHECK(hw_fhir_import(&back, &readings, &summary, bundle, NULL, NULL) == HW_OK);
  CHECK(readings == NULL);
  CHECK(CONTAINS(summary, "\"ignored\":[]"));
  CHECK(hw_caseload_size(&np2, &ne2, back, NULL) == HW_OK && np2 == np && ne2 == ne);
  CHECK(hw_fhir_export(&again, back, NULL, NULL, NULL, NULL) == HW_OK);
  CHECK(again != NULL && bundle != NULL && strcmp(again, bundle) == 0);

  /* Errors: status, field, nothing allocated, out-parameters unchanged. */
  {
    hw_caseload* untouched = (hw_caseload*)&np;
    CHECK(hw_fhir_import(&untouched, NULL, NULL,
                         "{\"resourceType\": \"Encounter\", \"id\": \"e\", "
                         "\"status\": \"finished\", \"subject\": {\"identifier\": "
                         "{\"system\": \"urn:homeward:person-id\", \"value\": \"A\"}}}",
                         NULL, NULL) == HW_ERR_INVALID_ARGUMENT);
    CHECK(untouched == (hw_caseload*)&np);
    CHECK(strcmp(hw_last_error_field(), "resource Encounter/e: period.start") == 0);
    CHECK(hw_fhir_import(&untouched, NULL, NULL, "{", NULL, NULL) == HW_ERR_PARSE);
    /* Text is never taken for a path. */
    CHECK(hw_fhir_import(&untouched, NULL, NULL, fixture(), NULL, NULL) == HW_ERR_PARSE);
    CHECK(hw_fhir_import(&untouched, NULL, NULL, NULL, NULL, NULL) == HW_ERR_NULL_POINTER);
    CHECK(hw_fhir_import(NULL, NULL, NULL, bundle, NULL, NULL) == HW_ERR_NULL_POINTER);
    CHECK(hw_fhir_import(&untouched, NULL, NULL, bundle, "{\"max_bytes\": 100}", NULL) ==
          HW_ERR_OUT_OF_RANGE);
    CHECK(hw_fhir_import(&untouched, NULL, NULL, bundle, "{\"colour\": 1}", NULL) ==
          HW_ERR_INVALID_ARGUMENT);
    CHECK(strcmp(hw_last_error_field(), "options_json.colour") == 0);
    CHECK(untouched == (hw_caseload*)&np);
  }
  CHECK(hw_fhir_export(&one, c, "P9999", NULL, NULL, NULL) == HW_ERR_NOT_FOUND);
  CHECK(one == NULL);
  CHECK(hw_fhir_export(&one, NULL, NULL, NULL, NULL, NULL) == HW_ERR_NULL_POINTER);
  CHECK(hw_fhir_export(NULL, c, NULL, NULL, NULL, NULL) == HW_ERR_NULL_POINTER);
  CHECK(hw_fhir_export(&one, c, NULL, NULL, "{\"as_of\": \"2025-02-30\"}", NULL) ==
        HW_ERR_INVALID_ARGUMENT);

  CHECK(hw_fhir_definitions(&defs, NULL, NULL) == HW_OK);
  {
    /* The caller-buffer forms give the same text; a short buffer is refused untouched. */
    size_t needed = 0;
    char small[8] = "xxxxxxx";
    char* buf;
    hw_error err;
    CHECK(hw_fhir_definitions_buf(NULL, 0, &needed, NULL, NULL) == HW_OK &&
          needed == strlen(defs) + 1);
    CHECK(hw_fhir_definitions_buf(small, sizeof small, &needed, NULL, &err) ==
          HW_ERR_BUFFER_TOO_SMALL);
    CHECK(err.status == HW_ERR_BUFFER_TOO_SMALL && strcmp(small, "xxxxxxx") == 0);
    buf = (char*)malloc(needed);
    CHECK(hw_fhir_definitions_buf(buf, needed, &needed, NULL, &err) == HW_OK &&
          strcmp(buf, defs) == 0);
    CHECK(err.status == HW_OK);
    free(buf);
    CHECK(hw_fhir_export_buf(NULL, 0, &needed, c, NULL, NULL, NULL, NULL) == HW_OK &&
          needed == strlen(bundle) + 1);
    /* The error travels with the call, naming the field. */
    CHECK(hw_fhir_export_buf(NULL, 0, &needed, c, "P0001", NULL, "{\"as_of\": 3}", &err) ==
          HW_ERR_INVALID_ARGUMENT);
    CHECK(err.status == HW_ERR_INVALID_ARGUMENT && strcmp(err.field, "options_json.as_of") == 0);
    /* A file: the same caseload as the text. */
  }
  CHECK(CONTAINS(defs, "\"resourceType\":\"CodeSystem\""));
  CHECK(CONTAINS(defs, "recovery-star/work"));

  hw_string_free(defs);
  hw_string_free(summary);
  hw_string_free(again);
  hw_string_free(bundle);
  hw_caseload_free(back);
  hw_caseload_free(c);
  free(text);
  return check_summary();
}
