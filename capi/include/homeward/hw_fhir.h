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
 * Since 0.2. */
HW_API int hw_fhir_export(char** out_json, const hw_caseload* caseload, const char* person_id,
                          const hw_star_readings* readings, const char* options_json);

/* Import FHIR JSON text (never a path). *out_readings is set to NULL when the
 * input holds no Star readings; out_readings and out_summary_json may be NULL
 * when not wanted. The summary is {"resources", "people", "events", "readings",
 * "ignored": ["entry[4] Condition/c1: not used", ...]}. options_json may be
 * NULL or {"person_system": "...", "max_bytes": 134217728, "star": {definition}}.
 * Since 0.2. */
HW_API int hw_fhir_import(hw_caseload** out_caseload, hw_star_readings** out_readings,
                          char** out_summary_json, const char* json_text, const char* options_json);

/* homeward's CodeSystems as a FHIR Bundle (for receivers and validators);
 * star may be NULL for the Recovery Star. Since 0.2. */
HW_API int hw_fhir_definitions(char** out_json, const hw_star* star);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_FHIR_H */
