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
 * Compiles as C99 and as C++. */
#ifndef HOMEWARD_HW_TIMELINE_H
#define HOMEWARD_HW_TIMELINE_H

#include "homeward/hw_common.h"
#include "homeward/hw_calendar.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HW_NO_DAY INT32_MIN

/* Stages (hw_evaluation_stages), in this order. */
typedef enum hw_stage {
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

typedef enum hw_milestone {
  HW_MILESTONE_REFERRAL_LEAD_TIME = 0,
  HW_MILESTONE_FIRST_VISIT = 1,
  HW_MILESTONE_DECISION = 2,
  HW_MILESTONE_FOLLOW_UP = 3,
  HW_MILESTONE_STEP_DOWN_STAY = 4,
  HW_MILESTONE_READMISSION = 5,
  HW_MILESTONE_COUNT = 6
} hw_milestone;

typedef enum hw_milestone_status {
  HW_STATUS_MET = 0,
  HW_STATUS_MISSED = 1,
  HW_STATUS_PENDING = 2,
  HW_STATUS_OVERDUE = 3,
  HW_STATUS_NOT_APPLICABLE = 4,
  HW_STATUS_COUNT = 5
} hw_milestone_status;

/* Static names ("in_step_down", "follow_up", "overdue"); NULL when out of range. */
HW_API const char* hw_stage_name(int stage);
HW_API const char* hw_milestone_name(int milestone);
HW_API const char* hw_milestone_status_name(int status);

typedef struct hw_caseload hw_caseload;
typedef struct hw_evaluation hw_evaluation;

/* Load a caseload from JSON text (never a file path). options_json may be
 * NULL or {"strict": true, "max_bytes": 134217728, "max_depth": 64} (the
 * defaults; max_bytes 0: no limit; docs/limits.md). On error *out is unchanged and
 * nothing is allocated. */
HW_API int hw_caseload_from_json(hw_caseload** out, const char* json_text,
                                 const char* options_json);
HW_API void hw_caseload_free(hw_caseload* caseload);
/* The caseload document (schema version 1); release with hw_string_free. */
HW_API int hw_caseload_to_json(char** out_json, const hw_caseload* caseload, int pretty);
HW_API int hw_caseload_save(const hw_caseload* caseload, const char* path, int pretty);
HW_API int hw_caseload_size(size_t* out_pathways, size_t* out_events, const hw_caseload* caseload);
/* The person id of pathway `index` (a copy; release with hw_string_free). */
HW_API int hw_caseload_person_id(char** out, const hw_caseload* caseload, size_t index);
/* A pathway's FHIR R4 Bundle (ServiceRequest + EpisodeOfCare per referral).
 * as_of == HW_NO_DAY uses every event. */
HW_API int hw_caseload_fhir(char** out_json, const hw_caseload* caseload, const char* person_id,
                            int32_t as_of);

/* Evaluate every pathway as of a date. */
HW_API int hw_caseload_evaluate(hw_evaluation** out, const hw_caseload* caseload, int32_t as_of,
                                const char* policy_json);
HW_API void hw_evaluation_free(hw_evaluation* evaluation);
/* Number of pathways and of milestone rows. */
HW_API int hw_evaluation_size(size_t* out_pathways, size_t* out_milestones,
                              const hw_evaluation* evaluation);
/* People per stage: out_counts receives HW_STAGE_COUNT values (count >= HW_STAGE_COUNT). */
HW_API int hw_evaluation_stage_counts(int64_t* out_counts, size_t count,
                                      const hw_evaluation* evaluation);
/* Per pathway (count must equal the number of pathways): the stage and the
 * date it began. Either pointer may be NULL. */
HW_API int hw_evaluation_stages(int32_t* out_stage, int32_t* out_since, size_t count,
                                const hw_evaluation* evaluation);
/* Milestone columns (count must equal the number of rows); any pointer may
 * be NULL to skip that column. Dates are days since 1970-01-01 or HW_NO_DAY. */
HW_API int hw_evaluation_milestones(int32_t* out_pathway, int32_t* out_milestone,
                                    int32_t* out_status, int32_t* out_start, int32_t* out_due,
                                    int32_t* out_date, int32_t* out_days,
                                    int32_t* out_working_days, size_t count,
                                    const hw_evaluation* evaluation);
/* The whole evaluation as JSON (docs/timeline.md). */
HW_API int hw_evaluation_to_json(char** out_json, const hw_evaluation* evaluation);

/* People per stage and overdue milestones on a date, as JSON. */
HW_API int hw_caseload_snapshot(char** out_json, const hw_caseload* caseload, int32_t on,
                                const char* policy_json);
/* Measures over start..end (inclusive) as JSON; as_of == HW_NO_DAY means end. */
HW_API int hw_caseload_measures(char** out_json, const hw_caseload* caseload, int32_t start,
                                int32_t end, int32_t as_of, const char* policy_json,
                                const char* costs_json);

/* The same three, counting working days on a calendar of your own (for
 * example Scotland's, from hw_calendar_new_from_govuk_json) instead of
 * England and Wales. NULL calendar means England and Wales; "closures" in
 * the policy JSON are added to the calendar. */
HW_API int hw_caseload_evaluate_with_calendar(hw_evaluation** out, const hw_caseload* caseload,
                                              int32_t as_of, const char* policy_json,
                                              const hw_calendar* calendar);
HW_API int hw_caseload_snapshot_with_calendar(char** out_json, const hw_caseload* caseload,
                                              int32_t on, const char* policy_json,
                                              const hw_calendar* calendar);
HW_API int hw_caseload_measures_with_calendar(char** out_json, const hw_caseload* caseload,
                                              int32_t start, int32_t end, int32_t as_of,
                                              const char* policy_json, const char* costs_json,
                                              const hw_calendar* calendar);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_TIMELINE_H */
