// homeward: the service report model -- every figure a manager's report shows,
// computed in the core and serialised to JSON (docs/report-schema.md).
//
// A report covers one period (start..end inclusive) and is told as of a
// report date (as_of >= end): events and Star readings dated after as_of are
// left out and listed under "exclusions". It holds:
//   - a board-level summary: people on the caseload, 72-hour follow-up against
//     the 80% standard, 30-day readmissions, days clinically ready for
//     discharge, step-down occupancy, bed-days avoided and savings; each with
//     its target, red/amber/green status and the change from the previous
//     period (the period of the same kind just before);
//   - monthly trends (follow-up rate, readmissions, CRFD days by reason group,
//     step-down beds occupied, cumulative savings);
//   - people per stage and the overdue list as of the report date;
//   - the Recovery Star cohort summary and charts (SVG, from the core);
//   - placement and worker recommendations with reasons (matching.hpp);
//   - what was excluded and why, and the cautions (Star reliability; UK GDPR
//     art. 22).
// HTML and Markdown are templates over report_to_json() (python/homeward);
// no figure is computed outside the core.
#pragma once

#include "homeward/date.hpp"
#include "homeward/matching.hpp"
#include "homeward/star.hpp"
#include "homeward/timeline.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

// The schema version written as "schema_version" (docs/report-schema.md).
inline constexpr int kReportSchemaVersion = 1;

enum class ReportPeriodKind : std::uint8_t {
  custom = 0,
  month = 1,
  quarter = 2,
  financial_year = 3
};
std::string_view report_period_kind_name(ReportPeriodKind k);  // "custom", "month", ...
ReportPeriodKind parse_report_period_kind(std::string_view text, std::string_view field = "period");

struct ReportPeriod {
  ReportPeriodKind kind = ReportPeriodKind::custom;
  Date start;
  Date end;            // inclusive
  Date as_of;          // the report date, >= end
  std::string label;   // "April 2025", "Q1 2025/26 (April to June 2025)", "2024/25", "6 Jan 2025 to
                       // 3 Aug 2025"
  std::string source;  // where the period came from, e.g. "--period quarter, latest complete before
                       // the report date"
};

// The latest complete month, quarter (April-June, July-September,
// October-December, January-March) or financial year (April-March) ending on
// or before as_of. Throws InvalidArgument("period") for custom.
ReportPeriod report_period(ReportPeriodKind kind, const Date& as_of, std::string source = "");
// A custom period; throws InvalidArgument naming "end" (end < start) or
// "as_of" (as_of < end).
ReportPeriod report_period(const Date& start, const Date& end, const Date& as_of,
                           std::string source = "");
// The period of the same kind just before (custom: the same number of days
// ending the day before start). Its as_of is the report's as_of.
ReportPeriod previous_report_period(const ReportPeriod& p);

// A target for one summary figure. Status: green when the value meets
// `green`, amber when it meets `amber`, otherwise red ("meets" is >= when
// higher is better, <= otherwise). No green value: status "no_target".
struct ReportTarget {
  bool higher_is_better = true;
  std::optional<double> green;
  std::optional<double> amber;  // defaults to green when absent
};

struct ReportTargets {
  ReportTarget caseload{true, std::nullopt, std::nullopt};    // people
  ReportTarget follow_up{true, 0.80, 0.70};                   // rate (NHS Standard Contract 80%)
  ReportTarget readmission{false, 0.10, 0.15};                // rate
  ReportTarget crfd_days{false, std::nullopt, std::nullopt};  // days
  ReportTarget step_down_occupancy{true, 0.85, 0.70};         // rate of beds
  ReportTarget bed_days_avoided{true, std::nullopt, std::nullopt};  // days
  ReportTarget savings{true, std::nullopt, std::nullopt};           // money
};

struct ReportSettings {
  ReportPeriod period;
  TimelinePolicy policy;
  CostModel costs;
  ReportTargets targets;
  // Step-down beds in the service, for occupancy (nullopt: the caseload's
  // attributes.step_down_beds, else occupancy has no data).
  std::optional<std::int64_t> step_down_beds;
  int trend_months = 12;  // months of trends ending with the period's last month (>= the period)
  int star_people = 3;    // individual star charts (people with the most readings)
  std::size_t list_limit =
      50;  // overdue and exclusion lists keep this many rows (counts are complete)
  MatchOptions match_options;
  std::string title = "Transition service report";
  std::string currency = "GBP";
};

// From JSON: {"start", "end", "as_of", "period": "month" | "quarter" |
// "financial_year" | "custom", "policy": {...}, "costs": {...},
// "targets": {"follow_up": {"green": 0.8, "amber": 0.7}, ...},
// "step_down_beds": 6, "trend_months": 12, "star_people": 3, "list_limit": 50,
// "match_options": {...}, "title": "...", "source": "where the period came
// from"}. as_of is required; with "period"
// the period is the latest complete one before as_of, otherwise start and end
// are required. Unknown keys are errors naming the field.
ReportSettings report_settings_from_json(std::string_view json_text,
                                         std::string_view field = "settings");

struct ReportInput {
  Caseload caseload;
  std::optional<StarReadings> readings;
  std::optional<MatchInput> matching;  // people, places, workers
  std::vector<std::string> sources;    // where each input came from (file names), for the page
};

struct ReportFigure {
  std::string id;     // "caseload", "follow_up", "readmission", "crfd_days", "step_down_occupancy",
                      // "bed_days_avoided", "savings"
  std::string label;  // "72-hour follow-up"
  std::string unit;   // "people" | "rate" | "days" | "money"
  std::optional<double> value;
  std::optional<double> previous;
  std::optional<double> change;  // value - previous
  std::optional<std::int64_t> numerator;
  std::optional<std::int64_t> denominator;
  ReportTarget target;
  std::string status;  // "green" | "amber" | "red" | "no_target" | "no_data"
  std::string note;    // how it is counted, in one sentence
};

// One delay-reason group of NHS England's dashboard.
struct ReportReasonGroup {
  std::string id;     // "housing" | "social_care" | "hospital" | "community"
  std::string label;  // "Housing"
};
// The group of a delay reason code ("18" -> housing; "3" and "03" are the same code).
const ReportReasonGroup& crfd_reason_group(std::string_view code);
// The reason's name from the MHSDS code table (timeline_codes.hpp), e.g.
// "18" -> "Housing - Awaiting supported accommodation"; "" for unknown codes.
std::string crfd_reason_name(std::string_view code);

struct ReportMonth {
  Date start;
  Date end;  // inclusive (the period end for a partial last month)
  RateMeasure follow_up;
  RateMeasure readmission;
  std::int64_t crfd_days = 0;
  std::map<std::string, std::int64_t> crfd_days_by_group;  // group id -> days
  std::int64_t step_down_days = 0;
  double step_down_beds_occupied = 0.0;  // step_down_days / days in the month
  double savings = 0.0;
  double cumulative_savings = 0.0;
};

struct ReportOverdue {
  std::size_t total = 0;
  std::vector<OverdueItem> items;  // most overdue first, at most list_limit
};

struct ReportExclusion {
  std::string id;      // "events_after_report_date", "readings_after_report_date", ...
  std::string what;    // "Events dated after the report date"
  std::string reason;  // why they are left out
  std::int64_t count = 0;
  std::vector<std::string> people;  // at most list_limit person ids
};

struct ReportStarChart {
  std::string person_id;  // "" for the cohort chart
  std::size_t readings = 0;
  std::string title;
  std::string svg;
};

struct ReportRecommendations {
  std::optional<MatchResult> placements;
  std::optional<MatchResult> workers;
};

struct Report {
  ReportPeriod period;
  ReportPeriod previous;
  ReportSettings settings;
  std::vector<std::string> sources;
  std::vector<ReportFigure> summary;
  std::vector<ReportMonth> trends;
  std::array<std::int64_t, kStageCount> stages{};  // as of the report date
  std::int64_t people = 0;                         // on the caseload file
  ReportOverdue overdue;
  Measures measures;                         // the period's full measures
  std::optional<StarCohort> cohort;          // readings up to as_of
  std::vector<ReportStarChart> star_charts;  // cohort first, then people
  ReportRecommendations recommendations;
  std::vector<ReportExclusion> exclusions;
  std::vector<std::string> cautions;
};

// Compute the report. Validates the settings first; errors name the field.
Report make_report(const ReportInput& input, const ReportSettings& settings);

// The report as JSON under schema version kReportSchemaVersion.
std::string report_to_json(const Report& report, bool pretty = false);

// JSON in, JSON out (the C ABI's form): {"caseload": <caseload document or
// path>, "readings": <readings document or path> (optional), "matching":
// <people/places/workers document or path> (optional), "settings": {...}}.
std::string report_json(std::string_view input_json);

}  // namespace homeward
