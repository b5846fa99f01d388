// National measures as NHS England computes them (docs/measures.md): the
// 72-hour follow-up (MHS78/MHS79), days clinically ready for discharge
// (MHS26), readmission, inpatient length of stay and out-of-area placements.
#include "timeline_internal.hpp"

#include "homeward/error.hpp"

#include <algorithm>

namespace homeward {
namespace timeline_detail {

bool has_code(const std::vector<std::string>& list, std::string_view code) {
  if (code.empty()) return false;
  return std::find(list.begin(), list.end(), code) != list.end();
}

std::string_view event_code(const Caseload& c, std::size_t k) {
  const std::int32_t ix = c.codes()[k];
  return ix < 0 ? std::string_view() : std::string_view(c.code_pool()[static_cast<std::size_t>(ix)]);
}

bool contact_qualifies(const Caseload& c, std::size_t k, const TimelinePolicy& p) {
  if (!p.follow_up_attend_statuses.empty() &&
      !has_code(p.follow_up_attend_statuses, c.event_detail(k, CodeTable::attend_status))) {
    return false;
  }
  if (!p.follow_up_mechanisms.empty() &&
      !has_code(p.follow_up_mechanisms, c.event_detail(k, CodeTable::consultation_mechanism))) {
    return false;
  }
  return true;
}

std::string_view follow_up_field_exclusion(const Caseload& c, std::size_t k, const TimelinePolicy& p) {
  if (has_code(p.follow_up_excluded_methods, c.event_detail(k, CodeTable::discharge_method))) {
    return "discharge_method";
  }
  if (has_code(p.follow_up_excluded_destinations, event_code(c, k))) return "discharge_destination";
  if (!p.follow_up_bed_types.empty()) {
    const auto bed = c.event_detail(k, CodeTable::bed_type);
    if (bed.empty()) return "bed_type_missing";
    if (!has_code(p.follow_up_bed_types, bed)) return "bed_type";
  }
  return {};
}

}  // namespace timeline_detail
}  // namespace homeward
