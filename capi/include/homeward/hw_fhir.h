/* homeward C ABI: FHIR R4 both ways (docs/fhir.md).
 *
 * Export: a caseload (one person, or everyone) and optionally Star readings as
 * a FHIR R4 Bundle of type "collection" that HL7's validator accepts.
 * Import: a Bundle ("collection", "searchset", "transaction", ...) or a single
 * resource as JSON text becomes a caseload and Star readings.
 * Strings returned are released with hw_string_free; handles with their own
 * free functions. On error nothing is allocated and out-parameters are
 * unchanged. Compiles as C99 and as C++. */
#ifndef HOMEWARD_HW_FHIR_H
#define HOMEWARD_HW_FHIR_H

#include "homeward/hw_common.h"
#include "homeward/hw_star.h"
#include "homeward/hw_timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Export. person_id NULL exports every pathway (and the readings of people not
 * on the caseload); readings may be NULL. options_json may be NULL or
 * {"as_of": "YYYY-MM-DD", "narrative": true, "person_system": "urn:homeward:person-id"}.
 * Release *out_json with hw_string_free. Since 0.2. */
/* (since 0.2) */
HW_API int hw_fhir_export(char** out_json, const hw_caseload* caseload, const char* person_id,
                          const hw_star_readings* readings, const char* options_json,
                          hw_error* err);
/* The same into a caller buffer (docs/conventions.md: call with buf NULL and
 * capacity 0 for *needed, then with a buffer). Since 0.2. */
/* (since 0.2) */
HW_API int hw_fhir_export_buf(char* buf, size_t capacity, size_t* needed,
                              const hw_caseload* caseload, const char* person_id,
                              const hw_star_readings* readings, const char* options_json,
                              hw_error* err);

/* Import FHIR JSON text (never a path: see hw_fhir_import_file). On success
 * *out_caseload is a new caseload and, when out_readings is not NULL,
 * *out_readings the Star readings or NULL when the input held none. When
 * out_summary_json is not NULL it receives {"resources", "people", "events",
 * "readings", "ignored": ["entry[4] Condition/c1: not used", ...]} (release with
 * hw_string_free). options_json may be NULL or {"person_system": "...",
 * "max_bytes": 134217728, "star": {star definition}}. On error nothing is
 * allocated and every out-parameter is unchanged. Since 0.2. */
/* (since 0.2) */
HW_API int hw_fhir_import(hw_caseload** out_caseload, hw_star_readings** out_readings,
                          char** out_summary_json, const char* json_text, const char* options_json,
                          hw_error* err);
/* The same from a file holding a Bundle or one resource. Since 0.2. */
/* (since 0.2) */
HW_API int hw_fhir_import_file(hw_caseload** out_caseload, hw_star_readings** out_readings,
                               char** out_summary_json, const char* path, const char* options_json,
                               hw_error* err);

/* homeward's CodeSystems as a FHIR Bundle (for receivers and validators);
 * star may be NULL for the Recovery Star. Since 0.2. */
/* (since 0.2) */
HW_API int hw_fhir_definitions(char** out_json, const hw_star* star, hw_error* err);
/* (since 0.2) */
HW_API int hw_fhir_definitions_buf(char* buf, size_t capacity, size_t* needed, const hw_star* star,
                                   hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_FHIR_H */
