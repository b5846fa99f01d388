// Internal to the timeline implementation (not installed).
#pragma once

#include "homeward/timeline.hpp"
#include "homeward/timeline_codes.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace homeward {

// Grants the implementation files access to Caseload's columns.
struct CaseloadBuilder {
  static std::vector<std::string>& person_ids(Caseload& c) { return c.person_ids_; }
  static std::vector<std::int64_t>& offsets(Caseload& c) { return c.offsets_; }
  static std::vector<std::uint8_t>& types(Caseload& c) { return c.types_; }
  static std::vector<std::int32_t>& dates(Caseload& c) { return c.dates_; }
  static std::vector<std::int32_t>& dates2(Caseload& c) { return c.dates2_; }
  static std::vector<std::int32_t>& codes(Caseload& c) { return c.codes_; }
  static std::vector<std::int32_t>& dates3(Caseload& c) { return c.dates3_; }
  static std::vector<std::uint32_t>& details(Caseload& c) { return c.details_; }
  static std::vector<std::string>& code_pool(Caseload& c) { return c.code_pool_; }
  static std::map<std::int64_t, Caseload::Extra>& event_extra(Caseload& c) {
    return c.event_extra_;
  }
  static std::map<std::int64_t, Caseload::Extra>& pathway_extra(Caseload& c) {
    return c.pathway_extra_;
  }
  static const std::map<std::int64_t, Caseload::Extra>& event_extra(const Caseload& c) {
    return c.event_extra_;
  }
  static const std::map<std::int64_t, Caseload::Extra>& pathway_extra(const Caseload& c) {
    return c.pathway_extra_;
  }
  static std::map<std::string, std::size_t, std::less<>>& index(Caseload& c) { return c.index_; }
  static std::string& attributes(Caseload& c) { return c.attributes_; }
  static std::string& unknown_top(Caseload& c) { return c.unknown_top_; }
  static const std::string& unknown_top(const Caseload& c) { return c.unknown_top_; }
};

namespace timeline_detail {

// Builds "<prefix>.events[j]" (or any other path) only when an error is thrown.
using EventPath = std::function<std::string(std::size_t event)>;

// Check the event sequence of one pathway held in columns. `has_code[j]`
// says whether event j carries a delay reason / destination.
void check_sequence(const std::uint8_t* types, const std::int32_t* dates,
                    const std::int32_t* dates2, const std::int32_t* codes, std::size_t n,
                    const EventPath& path);

// Which optional fields each event type allows.
bool allows_planned_discharge(EventType t);
bool requires_planned_discharge(EventType t);
bool allows_end_date(EventType t);
bool allows_delay_reason(EventType t);
bool allows_destination(EventType t);
bool allows_out_of_area_reason(EventType t);
bool allows_admitted(EventType t);
// Whether the event type carries a main code (delay_reason, destination or
// out_of_area_reason) and its JSON name ("" for none).
bool allows_code(EventType t);
std::string_view code_field_name(EventType t);
// Checks event type t's main code against its MHSDS table (free text for
// step_down_left's destination); throws InvalidArgument naming `path`
// (the event) and listing the valid codes.
void check_main_code(EventType t, std::string_view code, const std::string& path);

// The MHSDS detail codes an event may carry, packed one byte per slot
// (code table index + 1; 0 for none) into Caseload::details().
struct DetailField {
  std::string_view key;  // JSON / Python / column name
  CodeTable table;
  EventType type;  // the only event type that carries it
  unsigned slot;   // 0..3
};
inline constexpr std::size_t kDetailFieldCount = 6;
extern const DetailField kDetailFields[kDetailFieldCount];
// The field for a table, nullptr when the table is not a detail field.
const DetailField* detail_field(CodeTable t);
inline std::uint32_t with_detail(std::uint32_t packed, unsigned slot, std::size_t index) {
  return (packed & ~(0xFFu << (8 * slot))) | (static_cast<std::uint32_t>(index + 1) << (8 * slot));
}
// Index into the field's table, or -1.
inline int detail_index(std::uint32_t packed, unsigned slot) {
  return static_cast<int>((packed >> (8 * slot)) & 0xFFu) - 1;
}
// Validates one detail value for event type t: throws InvalidArgument
// naming `path` + "." + key when the type does not carry it or the code is
// not in the table. Returns the packed value with the field set.
std::uint32_t add_detail(std::uint32_t packed, EventType t, const DetailField& f,
                         std::string_view code, const std::string& event_path);

// Checks that text is valid UTF-8 (person ids, codes written to JSON).
bool valid_utf8(std::string_view s);
// JSON string literal (quotes included), UTF-8 passed through.
void append_json_string(std::string& out, std::string_view s);
// A JSON key quoted for an error message (first 60 bytes).
std::string quoted_key(const std::string& k);
// Normalise a JSON-object text ("" stays ""); throws InvalidArgument naming
// `field` when it is not a JSON object.
std::string normalise_object_text(std::string_view text, std::string_view field);

std::string fmt_day(std::int32_t day);

// Whether `code` is in `list` (an empty code is never in it).
bool has_code(const std::vector<std::string>& list, std::string_view code);
// Whether follow_up_contact event k (global index) qualifies as a follow-up
// under the policy's attend-status and mechanism lists.
bool contact_qualifies(const Caseload& c, std::size_t k, const TimelinePolicy& p);
// Why discharged event k (global index) is outside the follow-up measure
// by its own fields: "discharge_method", "discharge_destination",
// "bed_type", "bed_type_missing"; "" when it is in.
std::string_view follow_up_field_exclusion(const Caseload& c, std::size_t k,
                                           const TimelinePolicy& p);
// The main code of event k ("" for none).
std::string_view event_code(const Caseload& c, std::size_t k);
// Why the follow-up of discharged event j (index within pathway i) is not
// applicable: FollowUpExclusion::reason, code and date. Events after as_of
// are ignored.
FollowUpExclusion follow_up_exclusion(const Caseload& c, std::size_t i, std::size_t j,
                                      std::int32_t as_of, const TimelinePolicy& p);
// Whether the person died at most `days` days after discharged event j of
// pathway i (events up to as_of; days < 0: never).
bool died_within(const Caseload& c, std::size_t i, std::size_t j, std::int32_t as_of,
                 std::int32_t days);
// A reporting period as day numbers: [s0, e1).
struct MeasureSpan {
  std::int32_t s0;
  std::int32_t e1;
};
// CRFD days (by policy.crfd_day_count), inpatient lengths of stay and
// out-of-area placements over each window [s0, e1) from the events up to
// as_of, into out[w]: one pass over each pathway gathers its periods and
// spells, which are then counted for every window.
void crfd_stays_and_placements(const Caseload& c, const std::vector<MeasureSpan>& windows,
                               std::int32_t as_of, const TimelinePolicy& p,
                               std::vector<Measures>& out);

// measures(), also handing out the lead times it found (for measures_partial).
Measures measures_with_leads(const Caseload& c, const Date& start, const Date& end,
                             const TimelinePolicy& policy, const CostModel& costs,
                             std::optional<Date> as_of, std::vector<std::int32_t>* leads_out);

// The pathways of each value of a per-person attribute (byte order of the
// value), then those without it (measures_by, measures_partial_by).
struct AttributeGroup {
  std::string value;
  bool has_value = true;
  std::vector<std::size_t> members;
};
std::vector<AttributeGroup> attribute_groups(const Caseload& c, std::string_view by);
// A caseload of some of c's pathways (by index), in that order.
Caseload subset(const Caseload& c, const std::vector<std::size_t>& members);

}  // namespace timeline_detail
}  // namespace homeward
