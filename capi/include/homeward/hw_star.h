/* homeward C ABI: Recovery Star (Outcomes Star) outcomes.
 *
 * A star definition (hw_star) and a set of readings validated against it
 * (hw_star_readings) are opaque handles. Definitions, readings, options and
 * results cross as JSON (schemas in docs/star.md); charts are SVG strings.
 * Every string out is released with hw_string_free(); each text function has
 * a _buf form writing into a caller buffer (buf, capacity, *needed), see
 * hw_common.h. Every fallible function takes a trailing hw_error* err.
 *
 *   hw_star* star = NULL;
 *   hw_star_readings* rs = NULL;
 *   char* json = NULL;
 *   hw_error err;
 *   if (hw_star_recovery_star(&star, &err) == HW_OK &&
 *       hw_star_readings_from_file(&rs, star, "readings.json", &err) == HW_OK &&
 *       hw_star_cohort_json(&json, rs, "{\"completed_by\": [\"jointly\"]}", &err) == HW_OK) {
 *     puts(json);
 *   } else {
 *     fprintf(stderr, "%s\n", err.message);
 *   }
 *   hw_string_free(json);
 *   hw_star_readings_free(rs);
 *   hw_star_free(star);
 *
 * The Outcomes Star family is copyright Triangle Consulting Social
 * Enterprise; services need Triangle's licence. This library ships area
 * names and stage bands only, no scale descriptions. */
#ifndef HOMEWARD_HW_STAR_H
#define HOMEWARD_HW_STAR_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hw_star hw_star;
typedef struct hw_star_readings hw_star_readings;

/* Who completed a reading (the codes of hw_star_readings_from_columns). */
typedef enum hw_star_completion HW_ENUM_INT {
  HW_STAR_JOINTLY = 0,
  HW_STAR_WORKER = 1,
  HW_STAR_SERVICE_USER = 2
} hw_star_completion;

/* Reliable change classifications. */
typedef enum hw_star_change HW_ENUM_INT {
  HW_STAR_RELIABLE_DETERIORATION = -1,
  HW_STAR_NO_RELIABLE_CHANGE = 0,
  HW_STAR_RELIABLE_IMPROVEMENT = 1
} hw_star_change;

/* ---- definitions ------------------------------------------------------- */

/* The built-in Recovery Star (2nd edition, 10 areas, 1-10, five stages). */
/* (since 0.1) */
HW_API int hw_star_recovery_star(hw_star** out, hw_error* err);
/* A definition from JSON text (validated; never read as a path: text that
 * does not start with '{' or '[' is HW_ERR_PARSE) (since 0.1; text only since 0.2). */
HW_API int hw_star_from_json(hw_star** out, const char* json, hw_error* err);
/* A definition from a JSON file (HW_ERR_IO naming "path") (since 0.2). */
HW_API int hw_star_from_file(hw_star** out, const char* path, hw_error* err);
/* Release a definition. NULL is allowed. */
/* (since 0.1) */
HW_API void hw_star_free(hw_star* star);
/* The definition as JSON. */
/* (since 0.1) */
HW_API int hw_star_to_json(char** out_json, const hw_star* star, hw_error* err);
/* (since 0.2) */
HW_API int hw_star_to_json_buf(char* buf, size_t capacity, size_t* needed, const hw_star* star,
                               hw_error* err);
/* Number of areas. */
/* (since 0.1) */
HW_API int hw_star_area_count(size_t* out_count, const hw_star* star, hw_error* err);
/* The stage index (0-based, definition order) of a score; HW_ERR_OUT_OF_RANGE
 * outside the scale. */
/* (since 0.1) */
HW_API int hw_star_stage_of(size_t* out_stage, const hw_star* star, int score, hw_error* err);

/* ---- readings ---------------------------------------------------------- */

/* Readings from JSON text: {"star": "...", "readings": [...]} or a bare
 * array (docs/star.md); never read as a path. Errors name the reading
 * ("readings[3].scores.work") (since 0.1; text only since 0.2). */
HW_API int hw_star_readings_from_json(hw_star_readings** out, const hw_star* star, const char* json,
                                      hw_error* err);
/* The same from a file path (since 0.2). */
HW_API int hw_star_readings_from_file(hw_star_readings** out, const hw_star* star, const char* path,
                                      hw_error* err);
/* Readings from columns, `count` rows:
 *   person_ids[count]   NUL-terminated ids;
 *   dates[count]        days since 1970-01-01;
 *   scores[count * areas] row-major, one row per reading in the definition's
 *                       area order; NaN marks a missing score;
 *   completed_by[count] hw_star_completion codes;
 *   retrospective[count] 0/1, or NULL for all 0.
 * Pointers may be NULL only when count is 0 (retrospective always). */
/* (since 0.1) */
HW_API int hw_star_readings_from_columns(hw_star_readings** out, const hw_star* star, size_t count,
                                         const char* const* person_ids, const int32_t* dates,
                                         const double* scores, const uint8_t* completed_by,
                                         const uint8_t* retrospective, hw_error* err);
/* Release readings. NULL is allowed. */
/* (since 0.1) */
HW_API void hw_star_readings_free(hw_star_readings* readings);
/* Number of readings and of people (either out pointer may be NULL). */
/* (since 0.1) */
HW_API int hw_star_readings_count(size_t* out_readings, size_t* out_people,
                                  const hw_star_readings* readings, hw_error* err);
/* The readings as JSON (sorted by person, then date). */
/* (since 0.1) */
HW_API int hw_star_readings_to_json(char** out_json, const hw_star_readings* readings,
                                    hw_error* err);
/* (since 0.2) */
HW_API int hw_star_readings_to_json_buf(char* buf, size_t capacity, size_t* needed,
                                        const hw_star_readings* readings, hw_error* err);

/* ---- results ------------------------------------------------------------ */

/* One person's journey as JSON: readings with stages, distance travelled and,
 * when options give "sd" and "reliability", reliable change per area.
 * options_json may be NULL: {"baseline": "first" | "lower_of_first_two",
 * "sd": 1.8 | {"work": 2.0, ...}, "reliability": 0.8, "critical": 1.96}.
 * HW_ERR_NOT_FOUND for an unknown person. */
/* (since 0.1) */
HW_API int hw_star_journey_json(char** out_json, const hw_star_readings* readings,
                                const char* person_id, const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_star_journey_json_buf(char* buf, size_t capacity, size_t* needed,
                                    const hw_star_readings* readings, const char* person_id,
                                    const char* options_json, hw_error* err);
/* One person's star chart (SVG): first, the one before latest and latest
 * readings. title may be NULL. */
/* (since 0.1) */
HW_API int hw_star_journey_svg(char** out_svg, const hw_star_readings* readings,
                               const char* person_id, const char* title, hw_error* err);
/* (since 0.2) */
HW_API int hw_star_journey_svg_buf(char* buf, size_t capacity, size_t* needed,
                                   const hw_star_readings* readings, const char* person_id,
                                   const char* title, hw_error* err);
/* The cohort summary as JSON. options_json may be NULL: {"start": "YYYY-MM-DD",
 * "end": "YYYY-MM-DD", "completed_by": ["jointly"], "include_retrospective":
 * true, "baseline": "first"}. */
/* (since 0.1) */
HW_API int hw_star_cohort_json(char** out_json, const hw_star_readings* readings,
                               const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_star_cohort_json_buf(char* buf, size_t capacity, size_t* needed,
                                   const hw_star_readings* readings, const char* options_json,
                                   hw_error* err);
/* The cohort chart (SVG) of mean first and latest scores; same options. */
/* (since 0.1) */
HW_API int hw_star_cohort_svg(char** out_svg, const hw_star_readings* readings,
                              const char* options_json, const char* title, hw_error* err);
/* (since 0.2) */
HW_API int hw_star_cohort_svg_buf(char* buf, size_t capacity, size_t* needed,
                                  const hw_star_readings* readings, const char* options_json,
                                  const char* title, hw_error* err);
/* Any star chart from JSON: {"title", "description", "size",
 * "series": [{"label", "scores": {"work": 3, ...}}]} (1 to 3 series). */
/* (since 0.1) */
HW_API int hw_star_chart_svg(char** out_svg, const hw_star* star, const char* chart_json,
                             hw_error* err);
/* (since 0.2) */
HW_API int hw_star_chart_svg_buf(char* buf, size_t capacity, size_t* needed, const hw_star* star,
                                 const char* chart_json, hw_error* err);

/* Reliable change index per element: rci[i] = (x2[i] - x1[i]) / S_diff with
 * S_diff = sqrt(2) * sd * sqrt(1 - reliability); out_class[i] is an
 * hw_star_change by |rci| > critical (1.96 for 95%). sd > 0 and
 * 0 < reliability < 1. Nothing is written on error. */
/* (since 0.1) */
HW_API int hw_star_reliable_change(double* out_rci, int8_t* out_class, const double* x1,
                                   const double* x2, size_t count, double sd, double reliability,
                                   double critical, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_STAR_H */
