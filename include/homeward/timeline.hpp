// homeward: referral timelines -- pathways, milestones, national measures and
// bed-day savings.
//
// A Pathway is one person's dated events (referral, visits, decision, clinically
// ready for discharge, discharge, follow-up, step-down, readmission, closure).
// A Caseload is many pathways, stored column-wise so that a million pathways
// evaluate in about a second. Evaluation as of a date gives each person's stage
// and every milestone's due date, the date it was met, its status and the days
// taken (calendar and working days); a snapshot counts people per stage and
// lists overdue milestones; measures over a reporting period give the national
// measures (72-hour follow-up, 30-day readmission, days clinically ready for
// discharge, step-down length of stay, referral lead times) and bed-day savings.
//
// Conventions (see docs/timeline.md):
//  - Dates are homeward::Date; arrays carry int32 days since 1970-01-01, with
//    kNoDay (INT32_MIN) for "no date".
//  - "within N working days of X": due = calendar.add_working_days(X, N)
//    (numpy.busday_offset(X, N, roll="forward")); met when the event's date
//    is <= due. Working days taken = working_days_between(X, date)
//    (numpy.busday_count).
//  - Reporting periods are start..end inclusive; internally [start, end + 1).
#pragma once

#include "homeward/calendar.hpp"
#include "homeward/date.hpp"
#include "homeward/io.hpp"
#include "homeward/timeline_codes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace homeward {

// "No date" in int32 day arrays (C ABI, evaluation tables).
inline constexpr std::int32_t kNoDay = std::numeric_limits<std::int32_t>::min();

// ---------------------------------------------------------------------------
// Events

enum class EventType : std::uint8_t {
  referral_received = 0,          // carries planned_discharge (optional)
  planned_discharge_changed = 1,  // carries planned_discharge (required)
  initial_visit = 2,
  accepted = 3,
  declined = 4,
  transition_plan_agreed = 5,
  clinically_ready_for_discharge = 6,  // starts a CRFD period: delay_reason, optional end_date
  discharged = 7,
  follow_up_contact = 8,
  step_down_admitted = 9,
  step_down_left = 10,  // carries destination (e.g. "permanent_home")
  readmitted = 11,
  closed = 12,
  died = 13,  // the person died (PersDeathDate): ends the pathway
  out_of_area_placement =
      14,  // an inpatient placement out of area: out_of_area_reason, optional end_date
};
inline constexpr std::size_t kEventTypeCount = 15;

// "referral_received", ...
std::string_view event_type_name(EventType t);
// Inverse of event_type_name; throws NotFound naming `field` (and listing the
// known types) for an unknown name.
EventType parse_event_type(std::string_view name, std::string_view field = "type");

struct Event {
  EventType type = EventType::referral_received;
  Date date;
  // referral_received / planned_discharge_changed: PlannedDischDateHospProvSpell.
  std::optional<Date> planned_discharge;
  // clinically_ready_for_discharge: EndDateClinReadyforDisch (absent: the
  // period ends at the next discharge, or is still open).
  // out_of_area_placement: the placement's end (absent: the next discharge).
  std::optional<Date> end_date;
  // clinically_ready_for_discharge: ClinReadyforDischDelayReason ("18"),
  // one of code_table(CodeTable::delay_reason).
  std::string delay_reason;
  // discharged: DestOfDischHospProvSpell (an MHSDS code, e.g. "19" usual
  // residence, "40" penal establishment), optional.
  // step_down_left: where the person went (free text, "permanent_home").
  std::string destination;
  // Free-form attributes: a JSON object as text ("" for none). Kept and
  // round-tripped (key order kept).
  std::string attributes;
  // --- Schema version 2 (appended so that brace-initialised events keep working)
  // referral_received: StartDateHospProvSpell of the hospital spell the
  // person is in when referred (optional; gives the spell's length of stay).
  std::optional<Date> admitted;
  // clinically_ready_for_discharge: AttribToIndic ("04" NHS, "05" social
  // care, "06" both), optional.
  std::string attributable_to;
  // discharged: MethOfDischMHHospProvSpell ("1".."9"; "4" died), optional.
  std::string discharge_method;
  // discharged: MHAdmittedPatientClass of the spell's last ward stay ("200"
  // adult acute), optional.
  std::string bed_type;
  // discharged: WardSecLevel ("0" general .. "3" high secure), optional.
  std::string ward_security_level;
  // follow_up_contact: AttendStatus ("5" attended, "3" did not attend, ...), optional.
  std::string attend_status;
  // follow_up_contact: ConsMechanismMH ("01" face to face, "02" telephone,
  // "11" video, "05" email, ...), optional.
  std::string consultation_mechanism;
  // out_of_area_placement: ReasonOAT ("10" unavailability of bed at the
  // referring organisation: inappropriate), required.
  std::string out_of_area_reason;
};

struct Pathway {
  std::string person_id;      // pseudonymous, unique in a caseload
  std::vector<Event> events;  // in date order (same-day events in recorded order)
  std::string attributes;     // JSON object text, "" for none
};

// Check one pathway's event sequence. Throws InvalidArgument naming the event
// ("<field>.events[3]") and the rule broken. `field` prefixes the path.
void validate_pathway(const Pathway& p, std::string_view field = "pathway");

// ---------------------------------------------------------------------------
// Policy and costs

struct TimelinePolicy {
  std::int32_t referral_lead_days = 182;  // referral >= this many days before planned discharge
  std::int32_t first_visit_working_days = 10;  // first visit within N working days of referral
  std::int32_t decision_working_days = 20;     // decision within N working days of first visit
  std::int32_t follow_up_days = 3;             // follow-up <= N calendar days after discharge
  std::int32_t step_down_max_days = 91;        // step-down stay no longer than N days
  std::int32_t readmission_window_days = 30;   // readmission 0..N-1 days after discharge is flagged
  bool length_of_stay_add_one = false;         // step-down length of stay = left - admitted (+1)

  // --- 72-hour follow-up (MHS78 denominator, MHS79 numerator; docs/measures.md)
  // A contact counts when it is at least this many days after the discharge
  // (NHS England: 1, a same-day contact does not count; homeward default 0).
  std::int32_t follow_up_min_days = 0;
  // Discharges dated start - N .. end - N belong to the period start..end
  // (NHS England: 4; homeward default 0).
  std::int32_t follow_up_window_offset_days = 0;
  // Qualifying AttendStatus codes; empty: any contact, recorded or not
  // (NHS England: 5, 6; a contact without AttendStatus does not count).
  std::vector<std::string> follow_up_attend_statuses;
  // Qualifying ConsMechanismMH codes; empty: any (NHS England: 01, 02, 04, 11).
  std::vector<std::string> follow_up_mechanisms;
  // A new admission (readmitted) in the window counts as the follow-up
  // (NHS England: true; homeward default false: the follow-up is not applicable).
  bool follow_up_readmission_counts = false;
  // Only discharges from these MHAdmittedPatientClass codes are in the
  // measure; empty: every discharge (NHS England: 200, 201, 202, 205, 212, 213;
  // a discharge without a bed type is then excluded).
  std::vector<std::string> follow_up_bed_types;
  // Excluded discharges: methods (4 died, 5 stillbirth) and destinations
  // (psychiatric and secure hospitals, court, prison, police, death, repatriation).
  std::vector<std::string> follow_up_excluded_methods{"4", "5"};
  std::vector<std::string> follow_up_excluded_destinations{"30", "37", "38", "40", "42", "48", "49",
                                                           "50", "53", "79", "84", "87", "89"};
  // A death at most N days after the discharge excludes it (-1: never).
  std::int32_t follow_up_death_exclusion_days = 3;
  // A referral closed or declined before the follow-up was due leaves the
  // discharge out (homeward default true; NHS England false: no contact is a miss).
  bool follow_up_closure_excludes = true;

  // --- Readmission (readmission_window_days above: readmitted 0..N-1 days after)
  std::vector<std::string> readmission_excluded_methods;
  std::vector<std::string> readmission_excluded_destinations;

  // --- Days clinically ready for discharge
  // "half_open": end - start, clipped to the period (homeward default).
  // "mhs26": as NHS England's MHS26 (docs/measures.md): neither the first
  // day of a new period nor its end day; same-day periods ignored.
  std::string crfd_day_count = "half_open";

  // --- Inpatient length of stay (spells with a known admission date)
  bool inpatient_length_of_stay_add_one =
      false;                         // discharge - admission (+1: NHS England's acute dashboard)
  std::int32_t long_stay_days = 60;  // a stay longer than N days is long (adults)
  std::int32_t long_stay_older_adult_days =
      90;  // ... on an older adult bed (MHAdmittedPatientClass 201)

  // --- Out-of-area placements
  std::vector<std::string> out_of_area_inappropriate_reasons{"10"};  // ReasonOAT codes

  // Working-day calendar; nullopt means Calendar::england_and_wales().
  std::optional<Calendar> calendar;

  // NHS England's national definitions: MHS78/MHS79 72-hour follow-up,
  // MHS26 CRFD days, the acute dashboard's 14-day readmission and length of
  // stay (+1 day). Every other setting keeps its default.
  static TimelinePolicy nhs_england();
  // Readmission presets: "acute_dashboard_14" (NHS England's acute inpatient
  // dashboard: 0..13 days, excluding methods 4, 6, 7, 8 and destinations 48,
  // 49, 50, 53, 79, 84, 87) and "emergency_30" (0..29 days, excluding deaths).
  // Throws NotFound naming `field` for another name.
  void use_readmission_preset(std::string_view name, std::string_view field = "readmission_preset");

  // Throws InvalidArgument naming the field for negative or absurd values.
  void validate(std::string_view field = "policy") const;
  const Calendar& working_calendar() const;
};

// JSON form: {"referral_lead_days": 182, ...}; unknown keys are errors; missing
// keys keep defaults. "preset": "nhs_england" starts from
// TimelinePolicy::nhs_england() and "readmission_preset" applies
// use_readmission_preset(), both before the other keys whatever their order. The calendar is not
// part of the JSON (it is always England and Wales when read from JSON, optionally with "closures":
// [dates]). `base` is the working-day calendar (default England and Wales); any "closures" in the
// JSON are added to it. timeline_policy_to_json writes the calendar's closures (its non-working
// dates that are not bank holidays) as "closures", so a policy read from JSON round-trips.
TimelinePolicy timeline_policy_from_json(std::string_view json_text,
                                         std::string_view field = "policy",
                                         const std::optional<Calendar>& base = std::nullopt);
// With with_calendar, the whole working-day calendar is written as "calendar" (a
// Calendar::to_json() document, instead of "closures"), and read back as the policy's calendar:
// a policy with any calendar round-trips exactly (pickling uses this form).
std::string timeline_policy_to_json(const TimelinePolicy& policy, bool with_calendar = false);

struct CostModel {
  double inpatient_day_cost = 500.0;  // a prolonged mental-health inpatient day (pilot figure)
  double step_down_day_cost = 50.0;   // supported accommodation, about 350 a week
  // Throws InvalidArgument for negative, NaN or infinite costs.
  void validate(std::string_view field = "costs") const;
};
CostModel cost_model_from_json(std::string_view json_text, std::string_view field = "costs");
std::string cost_model_to_json(const CostModel& costs);

// ---------------------------------------------------------------------------
// Caseload

struct LoadOptions {
  bool strict = true;  // unknown fields are errors (false: kept and written back)
  // Largest accepted document in bytes (0: no limit), text or file; files
  // are read with a bounded loop, so the limit holds for every kind of file.
  std::size_t max_bytes = kDefaultMaxBytes;
  // Deepest accepted JSON nesting (1..1000; docs/limits.md).
  std::size_t max_depth = kDefaultMaxDepth;
};
// {"strict": bool, "max_bytes": non-negative integer, "max_depth": 1..1000};
// other keys are errors.
LoadOptions load_options_from_json(std::string_view json_text, std::string_view field = "options");

// One row per event, grouped by pathway: the events of pathway i are rows
// offsets[i] .. offsets[i+1]. Used to build a caseload from arrays (NumPy,
// pandas, a database extract) without JSON.
struct EventColumns {
  std::vector<std::string> person_ids;  // one per pathway
  std::vector<std::int64_t> offsets;    // person_ids.size() + 1 entries, from 0
  std::vector<std::uint8_t> types;      // EventType values
  std::vector<std::int32_t> dates;      // the event dates
  std::vector<std::int32_t> dates2;     // planned_discharge or end_date, kNoDay for none
  std::vector<std::string>
      codes;  // delay_reason, destination or out_of_area_reason; empty vector or one per row
  // Optional columns: each is empty or has one entry per row ("" / kNoDay
  // for none). Codes are checked against the MHSDS code tables.
  std::vector<std::int32_t> admitted;               // referral_received: StartDateHospProvSpell
  std::vector<std::string> discharge_method;        // discharged
  std::vector<std::string> bed_type;                // discharged
  std::vector<std::string> ward_security_level;     // discharged
  std::vector<std::string> attend_status;           // follow_up_contact
  std::vector<std::string> consultation_mechanism;  // follow_up_contact
  std::vector<std::string> attributable_to;         // clinically_ready_for_discharge
};

class Caseload {
 public:
  Caseload() = default;

  // Parse a caseload document from JSON text (from_json) or a file
  // (from_file; IoError names "path"). Nothing guesses: text is text. The whole
  // document is validated before anything is returned: errors name the JSON
  // path ("pathways[3].events[2].date"). Throws ParseError (malformed or
  // truncated JSON, with the byte offset), InvalidArgument, NotFound (unknown
  // event type), OutOfRange (too large), IoError.
  static Caseload from_json(std::string_view json_text, const LoadOptions& options = {});
  static Caseload from_file(const std::string& path, const LoadOptions& options = {});
  // Build from pathways (each validated; duplicate ids rejected).
  static Caseload from_pathways(const std::vector<Pathway>& pathways);
  // Build from columns; errors name the row ("types[12]", "dates2[7]").
  static Caseload from_columns(const EventColumns& columns);

  // The caseload document (schema version 2; version 1 documents load too). pretty: one event per
  // line.
  std::string to_json(bool pretty = true) const;
  // Write to_json() to a file; throws IoError.
  void save(const std::string& path, bool pretty = true) const;

  // Add one pathway (validated; a duplicate id throws InvalidArgument).
  void add(const Pathway& p);

  std::size_t size() const { return person_ids_.size(); }
  std::size_t event_count() const { return types_.size(); }
  bool empty() const { return person_ids_.empty(); }
  const std::vector<std::string>& person_ids() const { return person_ids_; }
  Pathway pathway(std::size_t index) const;           // throws OutOfRange
  Pathway pathway(std::string_view person_id) const;  // throws NotFound
  std::optional<std::size_t> find(std::string_view person_id) const;
  // Earliest and latest event dates (nullopt when empty).
  std::optional<Date> first_date() const;
  std::optional<Date> last_date() const;

  // Column access (read-only) for the evaluation and the adapters.
  const std::vector<std::int64_t>& offsets() const { return offsets_; }
  const std::vector<std::uint8_t>& types() const { return types_; }
  const std::vector<std::int32_t>& dates() const { return dates_; }
  const std::vector<std::int32_t>& dates2() const { return dates2_; }
  // Index into code_pool() per event, -1 for none.
  const std::vector<std::int32_t>& codes() const { return codes_; }
  // Per event: StartDateHospProvSpell on referral_received events, else kNoDay.
  const std::vector<std::int32_t>& dates3() const { return dates3_; }
  // Per event: packed MHSDS detail codes (see event_detail()).
  const std::vector<std::uint32_t>& details() const { return details_; }
  // The detail code of event k in `table` ("" for none): discharge_method,
  // bed_type, ward_security_level (discharged), attend_status,
  // consultation_mechanism (follow_up_contact), attributable_to (CRFD).
  std::string_view event_detail(std::size_t k, CodeTable table) const;
  const std::vector<std::string>& code_pool() const { return code_pool_; }
  // Free-form attributes of the caseload document (JSON object text or "").
  const std::string& attributes() const { return attributes_; }

  struct Extra {
    std::string attributes;  // JSON object text or ""
    std::string unknown;     // unknown members kept in lenient mode, JSON object text or ""
  };

 private:
  friend struct CaseloadBuilder;
  std::vector<std::string> person_ids_;
  std::vector<std::int64_t> offsets_{0};
  std::vector<std::uint8_t> types_;
  std::vector<std::int32_t> dates_;
  std::vector<std::int32_t> dates2_;
  std::vector<std::int32_t> codes_;
  std::vector<std::int32_t> dates3_;
  std::vector<std::uint32_t> details_;
  std::vector<std::string> code_pool_;
  // Sparse extras: key = event index; pathway extras keyed by pathway index.
  std::map<std::int64_t, Extra> event_extra_;
  std::map<std::int64_t, Extra> pathway_extra_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::string attributes_;   // top-level "attributes" (JSON object text or "")
  std::string unknown_top_;  // unknown top-level members (lenient mode)
};

// ---------------------------------------------------------------------------
// Evaluation

enum class Stage : std::uint8_t {
  not_yet_referred = 0,  // every event is after as_of
  referred = 1,
  engaged = 2,
  declined = 3,
  awaiting_discharge = 4,  // a clinically-ready-for-discharge period is open
  in_step_down = 5,
  in_community = 6,
  readmitted = 7,
  closed = 8,  // also after a died event (the pathway has ended)
};
inline constexpr std::size_t kStageCount = 9;
std::string_view stage_name(Stage s);

enum class Milestone : std::uint8_t {
  referral_lead_time = 0,  // referral >= 182 days before planned discharge
  first_visit = 1,         // within 10 working days of referral
  decision = 2,            // accepted/declined within 20 working days of first visit
  follow_up = 3,           // contact <= 3 days after each discharge (72 hours)
  step_down_stay = 4,      // step-down stay <= 91 days
  readmission = 5,         // no readmission 0..29 days after each discharge (missed = readmitted)
};
inline constexpr std::size_t kMilestoneCount = 6;
std::string_view milestone_name(Milestone m);
Milestone parse_milestone(std::string_view name, std::string_view field = "milestone");

enum class MilestoneStatus : std::uint8_t {
  met = 0,
  missed = 1,          // settled late (or the chance to meet it has gone)
  pending = 2,         // not met yet, not yet due
  overdue = 3,         // not met, past due, still open
  not_applicable = 4,  // e.g. no planned discharge date; closed before due
};
inline constexpr std::size_t kMilestoneStatusCount = 5;
std::string_view milestone_status_name(MilestoneStatus s);

// One row per milestone occurrence, column-wise. Dates are days since
// 1970-01-01 (kNoDay for none); day counts are kNoDay when not applicable.
struct MilestoneTable {
  std::vector<std::int32_t> pathway;  // index into the caseload
  std::vector<std::int32_t> event;    // index (within the pathway) of the event that started it
  std::vector<std::uint8_t> milestone;
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t>
      start;                       // the clock's start date (referral, visit, discharge, admission)
  std::vector<std::int32_t> due;   // last compliant date
  std::vector<std::int32_t> date;  // the date that settled it (met or missed), kNoDay if open
  std::vector<std::int32_t> days;  // calendar days from start to date (or to as_of while open)
  std::vector<std::int32_t> working_days;  // working days in [start, date) (or to as_of)
  std::size_t size() const { return pathway.size(); }
};

struct Evaluation {
  Date as_of;
  std::vector<std::uint8_t> stage;        // per pathway, Stage values
  std::vector<std::int32_t> stage_since;  // per pathway: date of the event that set the stage
  MilestoneTable milestones;
  std::array<std::int64_t, kStageCount> stage_counts{};
};

// Evaluate every pathway as of a date (events after as_of are ignored).
// Throws InvalidArgument("as_of") when as_of is before every event of a
// non-empty caseload, OutOfRange naming the event when a date lies outside
// the policy's calendar.
Evaluation evaluate(const Caseload& caseload, const Date& as_of, const TimelinePolicy& policy = {});
// One pathway (validated first).
Evaluation evaluate(const Pathway& pathway, const Date& as_of, const TimelinePolicy& policy = {});
// {"as_of", "stage_counts": {...}, "pathways": [{"person_id", "stage", "stage_since",
//   "milestones": [{"milestone", "status", "start", "due", "date", "days", "working_days"}]}]}
std::string evaluation_to_json(const Evaluation& ev, const Caseload& caseload);
std::string evaluation_to_json(const Evaluation& ev, const std::vector<std::string>& person_ids);

// ---------------------------------------------------------------------------
// Snapshot

struct OverdueItem {
  std::string person_id;
  Milestone milestone;
  Date start;
  Date due;
  std::int32_t days_late = 0;          // on - due (calendar days)
  std::int64_t working_days_late = 0;  // working days in (due, on]
};

struct Snapshot {
  Date on;
  std::array<std::int64_t, kStageCount> stage_counts{};
  std::vector<OverdueItem> overdue;  // most overdue first, then person id
};
Snapshot snapshot(const Caseload& caseload, const Date& on, const TimelinePolicy& policy = {});
std::string snapshot_to_json(const Snapshot& s);

// ---------------------------------------------------------------------------
// Measures over a reporting period start..end (inclusive), using the events
// recorded up to as_of (default: end).

struct RateMeasure {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::int64_t pending = 0;            // not yet settled as of as_of: left out of the denominator
  std::int64_t excluded = 0;           // not applicable (e.g. readmitted before follow-up was due)
  std::optional<double> rate() const;  // numerator / denominator; nullopt when 0
};

struct DischargeItem {  // one discharge in a rate's exceptions list
  std::string person_id;
  Date discharged;
  std::optional<Date> date;  // follow-up or readmission date, if any
  std::optional<std::int32_t> days;
};

struct StayItem {
  std::string person_id;
  Date admitted;
  Date left;
  std::int32_t days = 0;
  std::string destination;
};

struct LengthOfStay {
  std::int64_t count = 0;
  std::optional<double> mean;
  std::optional<double> median;
  std::optional<StayItem> longest;
  std::vector<StayItem> stays;  // completed stays, left within the period
};

struct LeadTimes {
  std::int64_t count = 0;  // referrals received in the period with a planned discharge
  std::int64_t without_planned_discharge = 0;
  std::int64_t meeting_target = 0;  // lead >= referral_lead_days
  std::optional<double> mean;
  std::optional<double> median;
  std::optional<std::int32_t> shortest;
  std::optional<std::int32_t> longest;
};

struct FollowUpExclusion {  // a discharge left out of the follow-up measure, and why
  std::string person_id;
  Date discharged;
  // "discharge_method", "discharge_destination", "bed_type",
  // "bed_type_missing", "died" (within follow_up_death_exclusion_days),
  // "readmitted" (before a follow-up, when a readmission does not count),
  // "referral_ended" (closed or declined before the follow-up was due).
  std::string reason;
  std::string code;          // the excluding code (method, destination, bed type), "" otherwise
  std::optional<Date> date;  // the death, readmission or closure
};

struct CrfdPeriodItem {  // one CRFD period counted in the reporting period
  std::string person_id;
  Date start;
  std::optional<Date> end;  // EndDateClinReadyforDisch (or the discharge); none while open at as_of
  std::string reason;       // delay reason code
  std::string group;        // hospital, social_care, housing, community, not_known
  std::string attributable_to;  // "04", "05", "06" or "" (unknown)
  std::int64_t days = 0;        // days counted in the period under policy.crfd_day_count
};

struct CrfdMeasure {
  std::string day_count;     // "half_open" or "mhs26"
  std::int64_t periods = 0;  // CRFD periods counted (mhs26: same-day periods are left out)
  std::int64_t days = 0;     // days in the period (docs/measures.md)
  std::map<std::string, std::int64_t> days_by_reason;
  std::map<std::string, std::int64_t> periods_by_reason;
  // NHS England's reason groups: hospital, social_care, housing, community, not_known.
  std::map<std::string, std::int64_t> days_by_group;
  std::map<std::string, std::int64_t> periods_by_group;
  // AttribToIndic: "04", "05", "06", "unknown".
  std::map<std::string, std::int64_t> days_by_attributable;
  std::vector<CrfdPeriodItem> items;  // by person, then start
};

struct InpatientStayItem {
  std::string person_id;
  Date admitted;
  Date discharged;
  std::int32_t days = 0;       // discharged - admitted (+1 with inpatient_length_of_stay_add_one)
  std::int32_t crfd_days = 0;  // half-open CRFD days inside the stay
  std::int32_t days_without_crfd = 0;
  std::string bed_type;    // MHAdmittedPatientClass at discharge, "" unknown
  bool long_stay = false;  // days > long_stay_days (older adult bed: long_stay_older_adult_days)
};

struct InpatientLengthOfStay {  // hospital spells with a known admission, discharged in the period
  std::int64_t count = 0;
  std::optional<double> mean;
  std::optional<double> median;
  std::optional<double> mean_without_crfd;
  std::optional<double> median_without_crfd;
  std::int64_t long_stays = 0;
  std::vector<InpatientStayItem> stays;  // by person, then discharge
};

struct OutOfAreaItem {
  std::string person_id;
  Date start;
  std::optional<Date> end;  // end_date, the discharge or death; none while open at as_of
  std::string reason;       // ReasonOAT
  bool inappropriate = false;
  bool active_at_end = false;
  std::int64_t bed_days = 0;  // days of the placement inside the period (start day in, end day out)
};

struct OutOfAreaPlacements {       // placements overlapping the period
  std::int64_t active_at_end = 0;  // open at the period's end
  std::int64_t starts = 0;
  std::int64_t ends = 0;
  std::int64_t inappropriate_active_at_end = 0;
  std::int64_t inappropriate_starts = 0;
  std::int64_t bed_days = 0;
  std::int64_t inappropriate_bed_days = 0;
  std::vector<OutOfAreaItem> placements;  // by person, then start
};

struct SavingsItem {
  std::string person_id;
  std::int64_t days = 0;  // step-down nights inside the period
  double savings = 0.0;
};

struct BedDaySavings {
  double inpatient_day_cost = 0.0;
  double step_down_day_cost = 0.0;
  std::int64_t days = 0;
  double savings = 0.0;
  std::vector<SavingsItem> people;  // by person id, people with at least one day
};

struct Measures {
  Date start;
  Date end;  // inclusive
  Date as_of;
  Date
      follow_up_from;  // discharges dated follow_up_from..follow_up_to are in the follow-up measure
  Date follow_up_to;   // (start - follow_up_window_offset_days .. end - offset)
  RateMeasure follow_up;
  std::vector<DischargeItem> follow_up_misses;
  std::vector<FollowUpExclusion> follow_up_exclusions;
  RateMeasure readmission;
  std::vector<DischargeItem> readmissions;
  CrfdMeasure crfd;
  InpatientLengthOfStay inpatient;
  OutOfAreaPlacements out_of_area;
  LengthOfStay step_down;
  LeadTimes lead_times;
  BedDaySavings bed_days;
};

// Throws InvalidArgument when end < start or as_of < end, or for a bad
// policy or cost model. A period with no data (before every event, or an
// empty caseload) gives zeros.
Measures measures(const Caseload& caseload, const Date& start, const Date& end,
                  const TimelinePolicy& policy = {}, const CostModel& costs = {},
                  std::optional<Date> as_of = std::nullopt);
std::string measures_to_json(const Measures& m);
// Measures for several periods as of one date (as_of >= every period's
// end): element w equals measures(caseload, windows[w].first,
// windows[w].second, policy, costs, as_of) exactly, but the caseload is
// evaluated once and each pathway's events are read once for all windows
// (the service report's period, previous period and trend months).
// Throws InvalidArgument naming "windows[w].start", "windows[w].end" or
// "as_of", or for a bad policy or cost model.
std::vector<Measures> measures_windows(const Caseload& caseload,
                                       const std::vector<std::pair<Date, Date>>& windows,
                                       const Date& as_of, const TimelinePolicy& policy = {},
                                       const CostModel& costs = {});

// Measures grouped by a per-person attribute (a pathway's "attributes" key,
// e.g. "ward" from an extra column of the events table): one Measures per
// distinct value, in byte order of the value, then the people without the
// attribute (has_value false). Values that are not strings group by their
// JSON text. Throws InvalidArgument("by") for an empty attribute name.
struct MeasuresGroup {
  std::string value;  // the attribute's value ("" when !has_value)
  bool has_value = true;
  std::int64_t people = 0;  // pathways in the group
  Measures measures;
};
struct GroupedMeasures {
  std::string by;
  std::vector<MeasuresGroup> groups;
};
GroupedMeasures measures_by(const Caseload& caseload, std::string_view by, const Date& start,
                            const Date& end, const TimelinePolicy& policy = {},
                            const CostModel& costs = {}, std::optional<Date> as_of = std::nullopt);
// {"by": "ward", "groups": [{"value": "Ward A" | null, "people": 12, "measures": {...}}]}
std::string grouped_measures_to_json(const GroupedMeasures& g);

// ---------------------------------------------------------------------------
// Measures over parts of a caseload, merged exactly (Spark, Dask, any split by
// person). A MeasuresPartial holds what the figures of Measures are made of:
// counts, sums, and for every day count whose mean or median is reported its
// whole distribution (day count -> how many), which merges without loss. For
// any split of a caseload's people into parts,
//   measures_from_partial(merge of measures_partial(part) over the parts)
// has exactly the figures of measures(whole caseload) (counts, rates, sums,
// means, medians, shortest and longest); the per-person lists (misses,
// exclusions, stays, items, people) are left empty. Among step-down stays of
// equal longest length the merged result keeps the smallest (person id,
// admission date). See docs/scale.md.

using DayHistogram = std::map<std::int32_t, std::int64_t>;  // day count -> occurrences

struct MeasuresPartial {
  Date start, end, as_of, follow_up_from, follow_up_to;
  std::string policy;  // timeline_policy_to_json(policy, true): parts must agree
  CostModel costs;
  std::int64_t people = 0;  // pathways measured
  RateMeasure follow_up, readmission;
  CrfdMeasure crfd;  // items empty
  std::int64_t inpatient_long_stays = 0;
  DayHistogram inpatient_days, inpatient_days_without_crfd;
  OutOfAreaPlacements out_of_area;  // placements empty
  DayHistogram step_down_days;
  std::optional<StayItem> step_down_longest;
  std::int64_t lead_without_planned_discharge = 0;
  std::int64_t lead_meeting_target = 0;
  DayHistogram lead_days;
  std::int64_t bed_days = 0;
};

// The partial of one part (same arguments and errors as measures()).
MeasuresPartial measures_partial(const Caseload& caseload, const Date& start, const Date& end,
                                 const TimelinePolicy& policy = {}, const CostModel& costs = {},
                                 std::optional<Date> as_of = std::nullopt);
// Per value of a per-person attribute, as measures_by (same order and groups).
struct MeasuresPartialGroup {
  std::string value;
  bool has_value = true;
  std::int64_t people = 0;
  MeasuresPartial partial;
};
std::vector<MeasuresPartialGroup> measures_partial_by(const Caseload& caseload, std::string_view by,
                                                      const Date& start, const Date& end,
                                                      const TimelinePolicy& policy = {},
                                                      const CostModel& costs = {},
                                                      std::optional<Date> as_of = std::nullopt);
// Add `other` into `into`. Throws InvalidArgument("partial") when the two
// were measured over different periods, policies or costs.
void merge_measures_partial(MeasuresPartial& into, const MeasuresPartial& other);
Measures measures_from_partial(const MeasuresPartial& partial);
// {"format": "homeward.measures_partial", "version": 1, ...} (docs/scale.md);
// the reader validates every field and names it.
std::string measures_partial_to_json(const MeasuresPartial& partial);
MeasuresPartial measures_partial_from_json(std::string_view json_text,
                                           const InputLimits& limits = {});

// ---------------------------------------------------------------------------
// FHIR R4

// A FHIR R4 Bundle (type "collection") holding, for each referral of the
// pathway, a ServiceRequest and the EpisodeOfCare it started (status,
// statusHistory with inclusive Period ends, referralRequest). Events after
// as_of are ignored (default: every event).
std::string pathway_to_fhir(const Pathway& pathway, std::optional<Date> as_of = std::nullopt);

}  // namespace homeward
