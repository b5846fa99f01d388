/* homeward C ABI: referral timelines (pathways, milestones, measures).
 *
 * A caseload is loaded from JSON (docs/caseload-schema.md), evaluated as of a
 * date into an hw_evaluation whose columns are copied out as plain arrays,
 * and summarised as JSON (snapshots, measures, FHIR). Dates are int32_t days
 * since 1970-01-01; HW_NO_DAY marks "no date".
 *
 * Policies and cost models are optional JSON objects (NULL: the documented
 * defaults), e.g. "{\"first_visit_working_days\": 5}" or
 * "{\"inpatient_day_cost\": 564}". Working days use the England and Wales
 * calendar, plus any "closures": ["YYYY-MM-DD", ...] given in the policy.
 * Every fallible function takes a trailing hw_error* err (may be NULL);
 * text comes as a library string or, in the _buf form, into a caller buffer
 * (hw_common.h). Compiles as C99 and as C++. */
#ifndef HOMEWARD_HW_TIMELINE_H
#define HOMEWARD_HW_TIMELINE_H

#include "homeward/hw_calendar.h"
#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* HW_NO_DAY ("no date") and hw_no_day() are in hw_common.h. */

/* Stages (hw_evaluation_stages), in this order. */
typedef enum hw_stage HW_ENUM_INT {
  HW_STAGE_NOT_YET_REFERRED = 0,
  HW_STAGE_REFERRED = 1,
  HW_STAGE_ENGAGED = 2,
  HW_STAGE_DECLINED = 3,
  HW_STAGE_AWAITING_DISCHARGE = 4,
  HW_STAGE_IN_STEP_DOWN = 5,
  HW_STAGE_IN_COMMUNITY = 6,
  HW_STAGE_READMITTED = 7,
  HW_STAGE_CLOSED = 8,
  HW_STAGE_COUNT = 9
} hw_stage;

typedef enum hw_milestone HW_ENUM_INT {
  HW_MILESTONE_REFERRAL_LEAD_TIME = 0,
  HW_MILESTONE_FIRST_VISIT = 1,
  HW_MILESTONE_DECISION = 2,
  HW_MILESTONE_FOLLOW_UP = 3,
  HW_MILESTONE_STEP_DOWN_STAY = 4,
  HW_MILESTONE_READMISSION = 5,
  HW_MILESTONE_COUNT = 6
} hw_milestone;

typedef enum hw_milestone_status HW_ENUM_INT {
  HW_STATUS_MET = 0,
  HW_STATUS_MISSED = 1,
  HW_STATUS_PENDING = 2,
  HW_STATUS_OVERDUE = 3,
  HW_STATUS_NOT_APPLICABLE = 4,
  HW_STATUS_COUNT = 5
} hw_milestone_status;

/* How JSON is written (since 0.2). */
typedef enum hw_json_format HW_ENUM_INT { HW_JSON_COMPACT = 0, HW_JSON_PRETTY = 1 } hw_json_format;

/* Static names ("in_step_down", "follow_up", "overdue"); NULL when out of
 * range (since 0.2; 0.1 names hw_stage_name etc. are deprecated aliases). */
HW_API const char* hw_timeline_stage_name(hw_stage stage);
/* (since 0.2) */
HW_API const char* hw_timeline_milestone_name(hw_milestone milestone);
/* (since 0.2) */
HW_API const char* hw_timeline_milestone_status_name(hw_milestone_status status);
/* HW_STAGE_COUNT, HW_MILESTONE_COUNT, HW_STATUS_COUNT as functions (since 0.2). */
HW_API int hw_timeline_stage_count(void);
/* (since 0.2) */
HW_API int hw_timeline_milestone_count(void);
/* (since 0.2) */
HW_API int hw_timeline_milestone_status_count(void);

typedef struct hw_caseload hw_caseload;
typedef struct hw_evaluation hw_evaluation;

/* Load a caseload from JSON text (never read as a path: text that does not
 * start with '{' or '[' is HW_ERR_PARSE). options_json may be NULL or
 * {"strict": true, "max_bytes": 134217728} (the defaults; max_bytes 0: no
 * limit). On error *out is unchanged and nothing is allocated (since 0.1;
 * text only since 0.2). */
HW_API int hw_caseload_from_json(hw_caseload** out, const char* json, const char* options_json,
                                 hw_error* err);
/* The same from a file path (HW_ERR_IO naming "path") (since 0.2). */
HW_API int hw_caseload_from_file(hw_caseload** out, const char* path, const char* options_json,
                                 hw_error* err);
/* (since 0.1) */
HW_API void hw_caseload_free(hw_caseload* caseload);
/* The caseload document (schema version 1); release with hw_string_free
 * (since 0.1; hw_json_format since 0.2). */
HW_API int hw_caseload_to_json(char** out_json, const hw_caseload* caseload, hw_json_format format,
                               hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_to_json_buf(char* buf, size_t capacity, size_t* needed,
                                   const hw_caseload* caseload, hw_json_format format,
                                   hw_error* err);
/* Write the caseload document to a file (since 0.1). */
HW_API int hw_caseload_save(const hw_caseload* caseload, const char* path, hw_json_format format,
                            hw_error* err);
/* Pathways and events; either out pointer may be NULL (since 0.1). */
HW_API int hw_caseload_size(size_t* out_pathways, size_t* out_events, const hw_caseload* caseload,
                            hw_error* err);
/* The person id of pathway `index` (a copy; release with hw_string_free) (since 0.1). */
HW_API int hw_caseload_person_id(char** out, const hw_caseload* caseload, size_t index,
                                 hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_person_id_buf(char* buf, size_t capacity, size_t* needed,
                                     const hw_caseload* caseload, size_t index, hw_error* err);
/* A pathway's FHIR R4 Bundle (ServiceRequest + EpisodeOfCare per referral).
 * as_of == HW_NO_DAY uses every event (since 0.1). */
HW_API int hw_caseload_fhir(char** out_json, const hw_caseload* caseload, const char* person_id,
                            int32_t as_of, hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_fhir_buf(char* buf, size_t capacity, size_t* needed,
                                const hw_caseload* caseload, const char* person_id, int32_t as_of,
                                hw_error* err);

/* Evaluate every pathway as of a date (since 0.1). */
HW_API int hw_caseload_evaluate(hw_evaluation** out, const hw_caseload* caseload, int32_t as_of,
                                const char* policy_json, hw_error* err);
/* (since 0.1) */
HW_API void hw_evaluation_free(hw_evaluation* evaluation);
/* Number of pathways and of milestone rows (since 0.1). */
HW_API int hw_evaluation_size(size_t* out_pathways, size_t* out_milestones,
                              const hw_evaluation* evaluation, hw_error* err);
/* People per stage: out_counts receives HW_STAGE_COUNT values (count >=
 * HW_STAGE_COUNT) (since 0.1). */
HW_API int hw_evaluation_stage_counts(int64_t* out_counts, size_t count,
                                      const hw_evaluation* evaluation, hw_error* err);
/* Per pathway (count must equal the number of pathways): the stage and the
 * date it began. Either pointer may be NULL (since 0.1). */
HW_API int hw_evaluation_stages(int32_t* out_stage, int32_t* out_since, size_t count,
                                const hw_evaluation* evaluation, hw_error* err);
/* Milestone columns (count must equal the number of rows); any pointer may
 * be NULL to skip that column. Dates are days since 1970-01-01 or HW_NO_DAY
 * (since 0.1). */
HW_API int hw_evaluation_milestones(int32_t* out_pathway, int32_t* out_milestone,
                                    int32_t* out_status, int32_t* out_start, int32_t* out_due,
                                    int32_t* out_date, int32_t* out_days, int32_t* out_working_days,
                                    size_t count, const hw_evaluation* evaluation, hw_error* err);
/* The whole evaluation as JSON (docs/timeline.md) (since 0.1). */
HW_API int hw_evaluation_to_json(char** out_json, const hw_evaluation* evaluation, hw_error* err);
/* (since 0.2) */
HW_API int hw_evaluation_to_json_buf(char* buf, size_t capacity, size_t* needed,
                                     const hw_evaluation* evaluation, hw_error* err);

/* People per stage and overdue milestones on a date, as JSON (since 0.1). */
HW_API int hw_caseload_snapshot(char** out_json, const hw_caseload* caseload, int32_t on,
                                const char* policy_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_snapshot_buf(char* buf, size_t capacity, size_t* needed,
                                    const hw_caseload* caseload, int32_t on,
                                    const char* policy_json, hw_error* err);
/* Measures over start..end (inclusive) as JSON; as_of == HW_NO_DAY means end
 * (since 0.1). */
HW_API int hw_caseload_measures(char** out_json, const hw_caseload* caseload, int32_t start,
                                int32_t end, int32_t as_of, const char* policy_json,
                                const char* costs_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_measures_buf(char* buf, size_t capacity, size_t* needed,
                                    const hw_caseload* caseload, int32_t start, int32_t end,
                                    int32_t as_of, const char* policy_json, const char* costs_json,
                                    hw_error* err);

/* The same three, counting working days on a calendar of your own (for
 * example Scotland's, from hw_calendar_new_from_govuk_json) instead of
 * England and Wales. NULL calendar means England and Wales; "closures" in
 * the policy JSON are added to the calendar (since 0.1). */
HW_API int hw_caseload_evaluate_with_calendar(hw_evaluation** out, const hw_caseload* caseload,
                                              int32_t as_of, const char* policy_json,
                                              const hw_calendar* calendar, hw_error* err);
/* (since 0.1) */
HW_API int hw_caseload_snapshot_with_calendar(char** out_json, const hw_caseload* caseload,
                                              int32_t on, const char* policy_json,
                                              const hw_calendar* calendar, hw_error* err);
/* (since 0.1) */
HW_API int hw_caseload_measures_with_calendar(char** out_json, const hw_caseload* caseload,
                                              int32_t start, int32_t end, int32_t as_of,
                                              const char* policy_json, const char* costs_json,
                                              const hw_calendar* calendar, hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_snapshot_with_calendar_buf(char* buf, size_t capacity, size_t* needed,
                                                  const hw_caseload* caseload, int32_t on,
                                                  const char* policy_json,
                                                  const hw_calendar* calendar, hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_measures_with_calendar_buf(char* buf, size_t capacity, size_t* needed,
                                                  const hw_caseload* caseload, int32_t start,
                                                  int32_t end, int32_t as_of,
                                                  const char* policy_json, const char* costs_json,
                                                  const hw_calendar* calendar, hw_error* err);

/* The MHSDS code tables the caseload schema checks codes against (docs/measures.md):
 * {"delay_reason": {"mhsds": "ClinReadyforDischDelayReason", "codes": [{"code", "name",
 * "group"}, ...]}, ...}. table NULL: every table; else one table by name
 * ("delay_reason", "attributable_to", "discharge_method", "discharge_destination",
 * "bed_type", "ward_security_level", "attend_status", "consultation_mechanism",
 * "out_of_area_reason"). Since 0.3. */
/* (since 0.2) */
HW_API int hw_timeline_code_tables_json(char** out_json, const char* table, hw_error* err);
/* (since 0.2) */
HW_API int hw_timeline_code_tables_json_buf(char* buf, size_t capacity, size_t* needed,
                                            const char* table, hw_error* err);
/* A timeline policy as complete JSON: policy_json (NULL: defaults) with every
 * setting filled in, e.g. "{\"preset\": \"nhs_england\"}" gives NHS England's
 * national definitions. Since 0.3. */
/* (since 0.2) */
HW_API int hw_timeline_policy_json(char** out_json, const char* policy_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_timeline_policy_json_buf(char* buf, size_t capacity, size_t* needed,
                                       const char* policy_json, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_TIMELINE_H */
