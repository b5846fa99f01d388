// C ABI adapter for Recovery Star outcomes: converts and calls the core.
#include "capi_common.hpp"

#include "homeward/hw_star.h"
#include "homeward/star.hpp"

#include <string>
#include <string_view>
#include <vector>

struct hw_star {
  homeward::StarDefinition def;
};
struct hw_star_readings {
  homeward::StarReadings readings;
};

using homeward::capi::dup_string;
using homeward::capi::guard;
using homeward::capi::require;

namespace {
std::string opt_str(const char* s) { return s == nullptr ? std::string() : std::string(s); }
}  // namespace

extern "C" {

int hw_star_recovery_star(hw_star** out) {
  return guard([&] {
    require(out, "out");
    *out = new hw_star{homeward::StarDefinition::recovery_star()};
  });
}

int hw_star_from_json(hw_star** out, const char* json_text) {
  return guard([&] {
    require(out, "out");
    require(json_text, "json_text");
    auto def = homeward::StarDefinition::from_json(json_text);
    *out = new hw_star{std::move(def)};
  });
}

void hw_star_free(hw_star* star) { delete star; }

int hw_star_to_json(char** out_json, const hw_star* star) {
  return guard([&] {
    require(out_json, "out_json");
    require(star, "star");
    *out_json = dup_string(star->def.to_json());
  });
}

int hw_star_area_count(size_t* out_count, const hw_star* star) {
  return guard([&] {
    require(out_count, "out_count");
    require(star, "star");
    *out_count = star->def.area_count();
  });
}

int hw_star_stage_of(size_t* out_stage, const hw_star* star, int score) {
  return guard([&] {
    require(out_stage, "out_stage");
    require(star, "star");
    *out_stage = star->def.stage_index(score);
  });
}

int hw_star_readings_from_json(hw_star_readings** out, const hw_star* star,
                               const char* json_text) {
  return guard([&] {
    require(out, "out");
    require(star, "star");
    require(json_text, "json_text");
    auto r = homeward::StarReadings::from_json(star->def, json_text);
    *out = new hw_star_readings{std::move(r)};
  });
}

int hw_star_readings_from_columns(hw_star_readings** out, const hw_star* star, size_t count,
                                  const char* const* person_ids, const int32_t* dates,
                                  const double* scores, const uint8_t* completed_by,
                                  const uint8_t* retrospective) {
  return guard([&] {
    require(out, "out");
    require(star, "star");
    const std::size_t areas = star->def.area_count();
    if (count > 0) {
      require(person_ids, "person_ids");
      require(dates, "dates");
      require(scores, "scores");
      require(completed_by, "completed_by");
    }
    std::vector<std::string_view> ids(count);
    std::vector<std::int64_t> days(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (person_ids[i] == nullptr) {
        throw homeward::capi::NullPointer{"person_ids[" + std::to_string(i) + "]"};
      }
      ids[i] = person_ids[i];
      days[i] = dates[i];
    }
    homeward::StarColumns c;
    c.count = count;
    c.person_ids = ids.data();
    c.dates = days.data();
    c.score_stride = areas;
    for (std::size_t a = 0; a < areas; ++a) c.area_scores.push_back(count ? scores + a : nullptr);
    c.completed_by = completed_by;
    c.retrospective = retrospective;
    c.nan_is_missing = true;
    auto r = homeward::StarReadings::from_columns(star->def, c);
    *out = new hw_star_readings{std::move(r)};
  });
}

void hw_star_readings_free(hw_star_readings* readings) { delete readings; }

int hw_star_readings_count(size_t* out_readings, size_t* out_people,
                           const hw_star_readings* readings) {
  return guard([&] {
    require(readings, "readings");
    if (out_readings != nullptr) *out_readings = readings->readings.size();
    if (out_people != nullptr) *out_people = readings->readings.person_count();
  });
}

int hw_star_readings_to_json(char** out_json, const hw_star_readings* readings) {
  return guard([&] {
    require(out_json, "out_json");
    require(readings, "readings");
    *out_json = dup_string(readings->readings.to_json());
  });
}

int hw_star_journey_json(char** out_json, const hw_star_readings* readings,
                         const char* person_id, const char* options_json) {
  return guard([&] {
    require(out_json, "out_json");
    require(readings, "readings");
    require(person_id, "person_id");
    const homeward::StarJourney j(readings->readings, person_id);
    *out_json = dup_string(j.to_json(opt_str(options_json)));
  });
}

int hw_star_journey_svg(char** out_svg, const hw_star_readings* readings, const char* person_id,
                        const char* title) {
  return guard([&] {
    require(out_svg, "out_svg");
    require(readings, "readings");
    require(person_id, "person_id");
    const homeward::StarJourney j(readings->readings, person_id);
    *out_svg = dup_string(j.svg({}, opt_str(title)));
  });
}

int hw_star_cohort_json(char** out_json, const hw_star_readings* readings,
                        const char* options_json) {
  return guard([&] {
    require(out_json, "out_json");
    require(readings, "readings");
    const auto opts = homeward::star_cohort_options_from_json(opt_str(options_json));
    *out_json = dup_string(homeward::star_cohort(readings->readings, opts).to_json());
  });
}

int hw_star_cohort_svg(char** out_svg, const hw_star_readings* readings,
                       const char* options_json, const char* title) {
  return guard([&] {
    require(out_svg, "out_svg");
    require(readings, "readings");
    const auto opts = homeward::star_cohort_options_from_json(opt_str(options_json));
    *out_svg = dup_string(homeward::star_cohort(readings->readings, opts).svg(opt_str(title)));
  });
}

int hw_star_chart_svg(char** out_svg, const hw_star* star, const char* chart_json) {
  return guard([&] {
    require(out_svg, "out_svg");
    require(star, "star");
    require(chart_json, "chart_json");
    *out_svg = dup_string(homeward::star_chart_svg_from_json(star->def, chart_json));
  });
}

int hw_star_reliable_change(double* out_rci, int8_t* out_class, const double* x1,
                            const double* x2, size_t count, double sd, double reliability,
                            double critical) {
  return guard([&] {
    if (count > 0) {
      require(out_rci, "out_rci");
      require(out_class, "out_class");
      require(x1, "x1");
      require(x2, "x2");
    }
    homeward::reliable_change(x1, count, x2, count, &sd, 1, &reliability, 1, critical, count,
                              out_rci, out_class);
  });
}

}  // extern "C"
