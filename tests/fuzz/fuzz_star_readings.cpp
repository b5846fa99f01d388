// Star readings JSON (hw_star_readings_from_json) on the Recovery Star, then
// every result built from readings: round trip, journeys, cohort, charts.
#include "fuzz_common.hpp"

namespace {
const hw_star* recovery_star() {
  static hw_star* s = [] {
    hw_star* x = nullptr;
    fuzz::must(hw_star_recovery_star(&x, fuzz::E()), "hw_star_recovery_star");
    return x;
  }();
  return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  hw_star_readings* rs = nullptr;
  if (!fuzz::ok(hw_star_readings_from_json(&rs, recovery_star(), text.c_str(), fuzz::E()),
                "hw_star_readings_from_json")) {
    FUZZ_CHECK(rs == nullptr, "the out handle was written although loading failed");
    return 0;
  }
  size_t n = 0, people = 0;
  fuzz::must(hw_star_readings_count(&n, &people, rs, fuzz::E()), "hw_star_readings_count");
  FUZZ_CHECK(people <= n);
  fuzz::Str doc;
  fuzz::must(hw_star_readings_to_json(doc.out(), rs, fuzz::E()), "hw_star_readings_to_json");
  hw_star_readings* again = nullptr;
  if (hw_star_readings_from_json(&again, recovery_star(), doc.p, fuzz::E()) != HW_OK) {
    fuzz::fail("readings' own JSON does not reload", doc.str().substr(0, 400));
  }
  fuzz::Str doc2;
  fuzz::must(hw_star_readings_to_json(doc2.out(), again, fuzz::E()), "hw_star_readings_to_json");
  FUZZ_CHECK(doc.str() == doc2.str(), "readings JSON round trip changed the document");
  hw_star_readings_free(again);

  fuzz::Str cohort, svg;
  fuzz::ok(hw_star_cohort_json(cohort.out(), rs, nullptr, fuzz::E()), "hw_star_cohort_json");
  fuzz::ok(hw_star_cohort_svg(svg.out(), rs, nullptr, "<&\">", fuzz::E()), "hw_star_cohort_svg");
  // The first person's journey (ids come from the readings' own JSON).
  const std::string d = doc.str();
  const auto k = d.find("\"person_id\":\"");
  if (k != std::string::npos) {
    const auto e = d.find('"', k + 13);
    std::string id = d.substr(k + 13, e - (k + 13));
    if (id.find('\\') == std::string::npos) {
      fuzz::Str journey, jsvg;
      fuzz::ok(hw_star_journey_json(journey.out(), rs, id.c_str(),
                                    "{\"sd\": 1.8, \"reliability\": 0.8}", fuzz::E()),
               "hw_star_journey_json");
      fuzz::ok(hw_star_journey_svg(jsvg.out(), rs, id.c_str(), nullptr, fuzz::E()),
               "hw_star_journey_svg");
    }
  }
  hw_star_readings_free(rs);
  return 0;
}
