// Option and chart JSON of the star results (cohort filters, journey options,
// hw_star_chart_svg), titles, person ids, and the buffer entry points
// hw_star_readings_from_columns and hw_star_reliable_change.
// Input: a selector byte, then operation-specific bytes.
#include "fuzz_common.hpp"

#include <cmath>
#include <limits>

namespace {

const hw_star* recovery_star() {
  static hw_star* s = [] {
    hw_star* x = nullptr;
    fuzz::must(hw_star_recovery_star(&x, fuzz::E()), "hw_star_recovery_star");
    return x;
  }();
  return s;
}

const hw_star_readings* readings() {
  static hw_star_readings* r = [] {
    hw_star_readings* x = nullptr;
    fuzz::must(hw_star_readings_from_json(&x, recovery_star(), R"({"star": "recovery-star",
 "readings": [
 {"person_id": "P0001", "date": "2024-01-10", "completed_by": "jointly",
  "scores": {"managing_mental_health": 3, "work": 1, "trust_and_hope": 6}},
 {"person_id": "P0001", "date": "2024-06-10", "completed_by": "worker",
  "scores": {"managing_mental_health": 5, "work": 2, "trust_and_hope": 7}},
 {"person_id": "P0002", "date": "2024-02-01", "completed_by": "service_user", "retrospective": true,
  "scores": {"managing_mental_health": 8, "work": 4}}]})",
                                          fuzz::E()),
               "fixed readings");
    return x;
  }();
  return r;
}

double score(fuzz::Input& in) {
  switch (in.below(8)) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return 1e300;
    case 3: return static_cast<double>(in.i32());
    case 4: return in.byte() / 7.0;
    default: return static_cast<double>(in.below(12));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  fuzz::Input in(data, size);
  switch (in.below(5)) {
    case 0: {
      const std::string options = in.rest();
      fuzz::Str a, b;
      fuzz::ok(hw_star_cohort_json(a.out(), readings(), options.c_str(), fuzz::E()),
               "hw_star_cohort_json");
      fuzz::ok(hw_star_cohort_svg(b.out(), readings(), options.c_str(), nullptr, fuzz::E()),
               "hw_star_cohort_svg");
      break;
    }
    case 1: {
      const std::string id = in.until_nul();
      const std::string options = in.rest();
      fuzz::Str a, b;
      fuzz::ok(hw_star_journey_json(a.out(), readings(), id.c_str(), options.c_str(), fuzz::E()),
               "hw_star_journey_json");
      fuzz::ok(hw_star_journey_svg(b.out(), readings(), "P0001", options.c_str(), fuzz::E()),
               "hw_star_journey_svg");
      break;
    }
    case 2: {
      const std::string chart = in.rest();
      fuzz::Str svg;
      fuzz::ok(hw_star_chart_svg(svg.out(), recovery_star(), chart.c_str(), fuzz::E()),
               "hw_star_chart_svg");
      break;
    }
    case 3: {  // columns
      const size_t n = in.below(6);
      size_t areas = 0;
      fuzz::must(hw_star_area_count(&areas, recovery_star(), fuzz::E()), "area_count");
      std::vector<std::string> ids(n);
      std::vector<const char*> idp(n);
      std::vector<std::int32_t> dates(n);
      std::vector<double> scores(n * areas);
      std::vector<std::uint8_t> by(n), retro(n);
      for (size_t i = 0; i < n; ++i) {
        ids[i] = in.flag() ? std::string("P000") + static_cast<char>('0' + in.below(3))
                           : std::string(1, static_cast<char>(in.byte()));
        if (ids[i] == std::string(1, '\0')) ids[i].clear();
        idp[i] = ids[i].c_str();
        dates[i] = in.flag() ? in.i32() : fuzz::day_in_range(in);
        by[i] = static_cast<std::uint8_t>(in.below(4));
        retro[i] = static_cast<std::uint8_t>(in.below(3));
      }
      for (auto& s : scores) s = score(in);
      hw_star_readings* rs = nullptr;
      if (fuzz::ok(hw_star_readings_from_columns(&rs, recovery_star(), n, idp.data(), dates.data(),
                                                 scores.data(), by.data(),
                                                 in.flag() ? retro.data() : nullptr, fuzz::E()),
                   "hw_star_readings_from_columns")) {
        size_t count = 0;
        fuzz::must(hw_star_readings_count(&count, nullptr, rs, fuzz::E()), "count");
        FUZZ_CHECK(count == n);
        fuzz::Str doc;
        fuzz::must(hw_star_readings_to_json(doc.out(), rs, fuzz::E()), "to_json");
        hw_star_readings_free(rs);
      } else {
        FUZZ_CHECK(rs == nullptr);
      }
      break;
    }
    default: {  // reliable change
      const size_t n = in.below(8);
      std::vector<double> x1(n), x2(n), rci(n, -7.0);
      std::vector<std::int8_t> cls(n, 9);
      for (size_t i = 0; i < n; ++i) {
        x1[i] = score(in);
        x2[i] = score(in);
      }
      const double sd = score(in), rel = in.byte() / 200.0, crit = score(in);
      if (fuzz::ok(hw_star_reliable_change(rci.data(), cls.data(), x1.data(), x2.data(), n, sd, rel,
                                           crit, fuzz::E()),
                   "hw_star_reliable_change")) {
        for (size_t i = 0; i < n; ++i) FUZZ_CHECK(cls[i] >= -1 && cls[i] <= 1);
      } else {
        for (size_t i = 0; i < n; ++i) FUZZ_CHECK(cls[i] == 9, "written although the call failed");
      }
      break;
    }
  }
  return 0;
}
