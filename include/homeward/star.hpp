// homeward: Recovery Star (Outcomes Star) readings, stages, distance
// travelled, reliable change, cohort summaries and star charts.
//
// A star is data (StarDefinition): an id, an edition, ordered outcome areas,
// a whole-number scale and stage bands covering the scale. The Recovery Star
// (2nd edition: 10 areas, 1-10, five "Journey of Change" stages) is built in;
// any other star loads from JSON. No scale descriptions or ladder text are
// shipped: the Outcomes Star family is copyright Triangle Consulting Social
// Enterprise and services need Triangle's licence to use it.
//
// Readings are stored column-wise (StarReadings), validated against a
// definition, sorted by person then date. Analyses:
//   - per person (StarJourney): stages, change between two readings, distance
//     travelled (first or "lower of the first two" baseline to latest), the
//     reliable change index (Jacobson & Truax 1991) per area;
//   - per cohort (star_cohort): mean first/latest/change, SRM, Glass's delta,
//     shares improved/unchanged/declined, stage transition matrices and the
//     stage distribution at first reading, with date and completed-by filters;
//   - star (radar) charts as self-contained SVG.
// Every result carries kStarCaution: the Star's inter-rater reliability is
// poor (Killaspy et al. 2012).
#pragma once

#include "homeward/date.hpp"
#include "homeward/io.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace homeward {

// The caution every journey and cohort result carries.
extern const char* const kStarCaution;

struct StarArea {
  std::string id;    // [A-Za-z0-9_-]+, unique within the star; used in JSON and columns
  std::string name;  // display name, e.g. "Managing mental health"
};

struct StarStage {
  std::string name;  // e.g. "Stuck"; unique within the star
  int min = 0;       // inclusive
  int max = 0;       // inclusive
};

// A validated, immutable star definition (cheap to copy).
class StarDefinition {
 public:
  // Limits: 3..64 areas, scale within 0..100 with min < max, 1..20 stages.
  static constexpr std::size_t kMaxAreas = 64;
  static constexpr int kScaleLowest = 0;
  static constexpr int kScaleHighest = 100;

  // The Recovery Star, 2nd edition: id "recovery-star", 10 areas scored 1-10,
  // stages Stuck 1-2, Accepting help 3-4, Believing 5-6, Learning 7-8,
  // Self-reliance 9-10.
  static StarDefinition recovery_star();

  // Validate and build. Throws InvalidArgument naming the field ("areas[3].id",
  // "stages[2].min") for empty ids, duplicate area ids or stage names,
  // a bad scale, or stage bands that leave a gap, overlap or leave the scale.
  static StarDefinition create(std::string id, std::string edition, std::string name,
                               std::vector<StarArea> areas, int scale_min, int scale_max,
                               std::vector<StarStage> stages);

  // From JSON text (from_json) or a JSON file (from_file; bounded by
  // limits.max_bytes, IoError naming "path"):
  //   {"id": "recovery-star", "edition": "2", "name": "Recovery Star",
  //    "scale": {"min": 1, "max": 10},
  //    "areas": [{"id": "managing_mental_health", "name": "Managing mental health"}, ...],
  //    "stages": [{"name": "Stuck", "min": 1, "max": 2}, ...]}
  // ParseError for malformed JSON (with the byte position), InvalidArgument
  // naming the field otherwise.
  static StarDefinition from_json(std::string_view json_text, const InputLimits& limits = {});
  static StarDefinition from_file(const std::string& path, const InputLimits& limits = {});
  std::string to_json() const;

  const std::string& id() const;
  const std::string& edition() const;
  const std::string& name() const;
  const std::vector<StarArea>& areas() const;
  std::size_t area_count() const;
  int scale_min() const;
  int scale_max() const;
  const std::vector<StarStage>& stages() const;

  // Index of an area id; throws NotFound naming `field` for an unknown id.
  std::size_t area_index(std::string_view area_id, std::string_view field = "area") const;
  // Index of the area a column heading names: its id, or its display name in any
  // case and with spaces, hyphens or underscores between words ("Managing mental
  // health", "managing-mental-health"). nullopt when no area matches. The same
  // rule the table loaders use (homeward/ingest.hpp).
  std::optional<std::size_t> find_area(std::string_view id_or_name) const;
  // The stage index of a score; throws OutOfRange naming `field` when the
  // score is outside the scale.
  std::size_t stage_index(int score, std::string_view field = "score") const;
  bool operator==(const StarDefinition& other) const;

  struct Impl;

 private:
  explicit StarDefinition(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// Who completed a reading.
enum class Completion : std::uint8_t { jointly = 0, worker = 1, service_user = 2 };
inline constexpr std::size_t kCompletionCount = 3;
// "jointly", "worker", "service_user".
const char* completion_name(Completion c);
// Parses the names above; throws InvalidArgument naming `field` otherwise.
Completion parse_completion(std::string_view text, std::string_view field = "completed_by");
// The completed-by value a service's data may hold: the names above or their
// display forms and synonyms, in any case ("Jointly", "Worker only", "Service user
// only", "joint", "staff", "self" ...). nullopt when it is none of them. Homeward's
// own JSON keeps the strict names (parse_completion); tables, DataFrames and
// columns use this.
std::optional<Completion> completion_from_name(std::string_view text);

// Check a score given as a double: finite and a whole number. Returns it as
// an int (range is checked against a definition later). Throws
// InvalidArgument naming `field` for NaN, infinities and fractions.
int score_from_double(double value, std::string_view field);

// One reading, independent of any definition: scores by area id.
struct StarReading {
  std::string person_id;
  Date date;
  std::vector<std::pair<std::string, int>> scores;  // areas not listed are missing
  Completion completed_by = Completion::jointly;
  bool retrospective = false;
};

// Marks a missing score in StarReadings storage.
inline constexpr std::int8_t kMissingScore = INT8_MIN;

// Column-wise input: one row per reading. Scores are doubles so that NaN can
// mark a missing score (the pandas convention) when nan_is_missing is true;
// otherwise NaN is an error. Errors name the row: "readings[12].scores.work".
struct StarColumns {
  std::size_t count = 0;
  const std::string_view* person_ids = nullptr;  // count entries
  const std::int64_t* dates = nullptr;           // days since 1970-01-01 (kNaT rejected)
  // One pointer per area in definition order; row i of area a is
  // area_scores[a][i * score_stride]. A null pointer means the area is
  // missing in every row. (Row-major count x areas: area_scores[a] =
  // scores + a and score_stride = areas.)
  std::vector<const double*> area_scores;
  std::size_t score_stride = 1;
  const std::uint8_t* completed_by = nullptr;   // Completion codes, count entries
  const std::uint8_t* retrospective = nullptr;  // 0/1; null means all 0
  bool nan_is_missing = true;
};

// Which readings to use.
struct StarFilter {
  std::optional<Date> start;  // readings dated on or after (inclusive)
  std::optional<Date> end;    // readings dated on or before (inclusive)
  // Completed-by values to keep; empty keeps all. {jointly} gives reports on
  // jointly agreed readings only.
  std::vector<Completion> completed_by;
  bool include_retrospective = true;
  bool keeps(Date d, Completion c, bool retrospective) const;
};
// From JSON {"start": "2025-01-01", "end": "2025-12-31",
// "completed_by": ["jointly"], "include_retrospective": true}; every key optional.
StarFilter star_filter_from_json(std::string_view json_text, std::string_view field = "options");

// The baseline of distance travelled.
enum class StarBaseline : std::uint8_t {
  first = 0,               // the first reading
  lower_of_first_two = 1,  // per area, the lower of the first two readings' scores
};
const char* baseline_name(StarBaseline b);  // "first", "lower_of_first_two"
StarBaseline parse_baseline(std::string_view text, std::string_view field = "baseline");

// Readings validated against a definition, sorted by person (first
// appearance order) then date. Immutable; cheap to copy (shared storage).
class StarReadings {
 public:
  // Throws (naming "readings[i]...") on: empty person id, invalid date, a
  // score that is fractional, NaN (unless nan_is_missing), outside the scale,
  // an unknown area id, or two readings for one person on the same date.
  static StarReadings from_columns(const StarDefinition& def, const StarColumns& columns);
  static StarReadings from_readings(const StarDefinition& def,
                                    const std::vector<StarReading>& readings);
  // JSON text (from_json) or a file (from_file): {"star": "recovery-star", "readings":
  // [{"person_id": "P0001",
  //   "date": "2025-01-14", "completed_by": "jointly", "retrospective": false,
  //   "scores": {"work": 3, ...}}, ...]} or a bare array of readings.
  static StarReadings from_json(const StarDefinition& def, std::string_view json_text,
                                const InputLimits& limits = {});
  static StarReadings from_file(const StarDefinition& def, const std::string& path,
                                const InputLimits& limits = {});
  std::string to_json() const;

  const StarDefinition& definition() const;
  std::size_t size() const;  // readings
  std::size_t person_count() const;
  const std::vector<std::string>& people() const;  // in storage order
  // Rows of person p are [person_begin(p), person_begin(p + 1)).
  std::size_t person_begin(std::size_t p) const;
  // Row accessors (rows are in person, date order).
  std::size_t person_of(std::size_t row) const;
  Date date(std::size_t row) const;
  std::int32_t day(std::size_t row) const;
  std::optional<int> score(std::size_t row, std::size_t area) const;
  const std::int8_t* scores_row(std::size_t row) const;  // area_count() entries
  Completion completed_by(std::size_t row) const;
  bool retrospective(std::size_t row) const;
  StarReading reading(std::size_t row) const;

  // The readings that pass a filter (people with none left are dropped).
  StarReadings filtered(const StarFilter& filter) const;
  // Throws NotFound naming "person_id" for an unknown person.
  std::size_t person_index(std::string_view person_id) const;

  struct Impl;

 private:
  explicit StarReadings(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// Change in one area between two readings; missing when either score is.
struct StarAreaChange {
  std::optional<int> from;
  std::optional<int> to;
  std::optional<int> change() const {
    if (from && to) return *to - *from;
    return std::nullopt;
  }
};

struct StarDistance {
  StarBaseline baseline = StarBaseline::first;
  Date baseline_date;                 // date of the first reading
  Date latest_date;                   // date of the latest reading
  std::vector<StarAreaChange> areas;  // per area, definition order
  // Totals over the areas scored at both ends (areas_compared of them).
  std::size_t areas_compared = 0;
  int total_baseline = 0;
  int total_latest = 0;
  int total_change = 0;
};

enum class ChangeClass : std::int8_t {
  reliable_deterioration = -1,
  no_reliable_change = 0,
  reliable_improvement = 1,
};
const char* change_class_name(ChangeClass c);  // "reliable_improvement", ...

struct StarReliableChange {
  std::optional<int> baseline;
  std::optional<int> latest;
  double sd = 0.0;                            // the baseline SD used
  double s_diff = 0.0;                        // sqrt(2) * sd * sqrt(1 - reliability)
  std::optional<double> rci;                  // (latest - baseline) / s_diff
  std::optional<ChangeClass> classification;  // missing when a score is
};

// The standard error of the difference: sqrt(2) * sd * sqrt(1 - r). Throws
// InvalidArgument naming `sd_field` when sd is not finite and > 0, and
// `reliability_field` when r is not strictly between 0 and 1.
double reliable_change_sdiff(double sd, double reliability, std::string_view sd_field = "sd",
                             std::string_view reliability_field = "reliability");
// Classify an index: |rc| > critical gives reliable change (direction by sign;
// higher scores are better on a star).
ChangeClass classify_reliable_change(double rci, double critical = 1.96);
// Element-wise over arrays of length n (each of x1, x2, sd, reliability is
// either length n or, when its *_n is 1, broadcast). Writes rci[n] and
// classification[n] (-1, 0, 1). Errors name the element ("x2[3]").
// Validates everything before writing anything.
void reliable_change(const double* x1, std::size_t x1_n, const double* x2, std::size_t x2_n,
                     const double* sd, std::size_t sd_n, const double* reliability,
                     std::size_t reliability_n, double critical, std::size_t n, double* rci,
                     std::int8_t* classification);

// One person's readings, in date order.
class StarJourney {
 public:
  StarJourney(const StarReadings& readings, std::string_view person_id);
  // From readings of one person (all person_id equal; else InvalidArgument).
  StarJourney(const StarDefinition& def, const std::vector<StarReading>& readings);

  const StarDefinition& definition() const;
  const std::string& person_id() const;
  std::size_t size() const;  // readings
  Date date(std::size_t i) const;
  std::optional<int> score(std::size_t i, std::size_t area) const;
  Completion completed_by(std::size_t i) const;
  bool retrospective(std::size_t i) const;
  // Stage index (into definition().stages()) of a score; nullopt if missing.
  std::optional<std::size_t> stage(std::size_t i, std::size_t area) const;

  // Change from reading i to reading j per area (OutOfRange naming "i"/"j").
  std::vector<StarAreaChange> change(std::size_t i, std::size_t j) const;
  // First (or lower of first two) to latest. With one reading, baseline and
  // latest are the same reading and every change is 0.
  StarDistance distance_travelled(StarBaseline baseline = StarBaseline::first) const;
  // Per area. `sd` holds one baseline SD per area (or a single value for all).
  std::vector<StarReliableChange> reliable_change(const std::vector<double>& sd, double reliability,
                                                  StarBaseline baseline = StarBaseline::first,
                                                  double critical = 1.96) const;
  // The whole journey as JSON (readings with stages, distance travelled for
  // both baselines, and reliable change when options give sd + reliability):
  // options {"sd": 1.8 | {"work": 2.0, ...}, "reliability": 0.8, "critical": 1.96,
  // "baseline": "first"}; every key optional ("" allowed).
  std::string to_json(std::string_view options_json = "") const;

  // The star chart of up to three readings (indices; empty picks first,
  // the one before latest when there are 3+, and latest).
  std::string svg(const std::vector<std::size_t>& readings = {}, std::string_view title = "") const;

 private:
  StarReadings readings_;  // this person's rows only
};

// Options of a cohort summary.
struct StarCohortOptions {
  StarFilter filter;
  StarBaseline baseline = StarBaseline::first;
};
// From JSON: the StarFilter keys plus "baseline": "first" | "lower_of_first_two".
StarCohortOptions star_cohort_options_from_json(std::string_view json_text,
                                                std::string_view field = "options");

struct StarCohortArea {
  // People with a baseline and latest score in this area and 2+ readings.
  std::size_t n = 0;
  double mean_first = 0.0, mean_latest = 0.0, mean_change = 0.0;  // NaN when n == 0
  double sd_first = 0.0, sd_change = 0.0;  // sample SD (n - 1); NaN when n < 2
  double srm = 0.0;                        // mean_change / sd_change; NaN when undefined
  double glass_delta = 0.0;                // mean_change / sd_first; NaN when undefined
  std::size_t improved = 0, unchanged = 0, declined = 0;
  // transitions[s * stages + t]: people whose baseline stage is s and latest t.
  std::vector<std::size_t> transitions;
  // first_stages[s]: people whose first reading scores this area in stage s
  // (every person with a first score, including those with one reading).
  std::vector<std::size_t> first_stages;
  std::size_t first_n = 0;  // people with a first score in this area
};

struct StarCohort {
  StarDefinition definition;
  StarCohortOptions options;
  std::size_t readings = 0;                   // readings used (after the filter)
  std::size_t people = 0;                     // people with at least one reading used
  std::size_t people_compared = 0;            // people with 2+ readings used
  std::optional<Date> first_date, last_date;  // of the readings used
  std::vector<StarCohortArea> areas;          // definition order
  std::string to_json() const;
  // Read to_json() back (pickling, saved summaries): the document must be
  // for `def` (same star id, areas and stages); every count, mean and SD is
  // checked for type and range, errors name the JSON path. Derived shares
  // are recomputed, not read.
  static StarCohort from_json(const StarDefinition& def, std::string_view json_text,
                              const InputLimits& limits = {});
  // Cohort chart: mean baseline and mean latest scores.
  std::string svg(std::string_view title = "") const;
};

StarCohort star_cohort(const StarReadings& readings, const StarCohortOptions& options = {});

// ---------------------------------------------------------------------------
// Star charts (SVG).
struct StarChartSeries {
  std::string label;                          // e.g. "2025-01-14 (first)"
  std::vector<std::optional<double>> scores;  // per area, definition order
};
struct StarChartOptions {
  std::string title;        // <title>; default "<star name>"
  std::string description;  // <desc>; default lists every score in words
  int size = 560;           // width in px (height follows); 240..2000
};
// A self-contained SVG radar chart (no scripts, fonts, links or external
// references) with 1..3 series overlaid, one spoke per area labelled with the
// area name, a ring per scale point, a legend, and <title>/<desc> for screen
// readers. Scores must be inside the scale (InvalidArgument naming
// "series[1].scores[4]").
std::string star_chart_svg(const StarDefinition& def, const std::vector<StarChartSeries>& series,
                           const StarChartOptions& options = {});
// From JSON: {"title": "...", "description": "...", "size": 560,
//   "series": [{"label": "...", "scores": {"work": 3, ...}}, ...]}.
std::string star_chart_svg_from_json(const StarDefinition& def, std::string_view json_text);

}  // namespace homeward
