// C ABI adapter for Recovery Star outcomes: converts and calls the core.
#include "capi_common.hpp"
#include "capi_types.hpp"

#include "homeward/hw_star.h"
#include "homeward/star.hpp"

#include <string>
#include <string_view>
#include <vector>

using homeward::capi::dup_string;
using homeward::capi::guard;
using homeward::capi::require;
using homeward::capi::text_buf;
using homeward::capi::text_out;

namespace {
std::string opt_str(const char* s) { return s == nullptr ? std::string() : std::string(s); }

std::string journey_json(const hw_star_readings* readings, const char* person_id,
                         const char* options_json) {
  require(readings, "readings");
  require(person_id, "person_id");
  const homeward::StarJourney j(readings->readings, person_id);
  return j.to_json(opt_str(options_json));
}

std::string journey_svg(const hw_star_readings* readings, const char* person_id,
                        const char* title) {
  require(readings, "readings");
  require(person_id, "person_id");
  const homeward::StarJourney j(readings->readings, person_id);
  return j.svg({}, opt_str(title));
}

std::string cohort_text(const hw_star_readings* readings, const char* options_json,
                        const char* title, bool svg) {
  require(readings, "readings");
  const auto opts = homeward::star_cohort_options_from_json(opt_str(options_json));
  const auto cohort = homeward::star_cohort(readings->readings, opts);
  return svg ? cohort.svg(opt_str(title)) : cohort.to_json();
}

std::string chart_svg(const hw_star* star, const char* chart_json) {
  require(star, "star");
  require(chart_json, "chart_json");
  return homeward::star_chart_svg_from_json(star->def, chart_json);
}
}  // namespace

extern "C" {

int hw_star_recovery_star(hw_star** out, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    *out = new hw_star{homeward::StarDefinition::recovery_star()};
  });
}

int hw_star_from_json(hw_star** out, const char* json, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    auto def = homeward::StarDefinition::from_json(homeward::capi::json_text_arg(json, "json"));
    *out = new hw_star{std::move(def)};
  });
}

int hw_star_from_file(hw_star** out, const char* path, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    auto def = homeward::StarDefinition::from_json(homeward::capi::json_file_arg(path, "path"));
    *out = new hw_star{std::move(def)};
  });
}

void hw_star_free(hw_star* star) { delete star; }

int hw_star_to_json(char** out_json, const hw_star* star, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    require(star, "star");
    return star->def.to_json();
  });
}

int hw_star_to_json_buf(char* buf, size_t capacity, size_t* needed, const hw_star* star,
                        hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    require(star, "star");
    return star->def.to_json();
  });
}

int hw_star_area_count(size_t* out_count, const hw_star* star, hw_error* err) {
  return guard(err, [&] {
    require(out_count, "out_count");
    require(star, "star");
    *out_count = star->def.area_count();
  });
}

int hw_star_stage_of(size_t* out_stage, const hw_star* star, int score, hw_error* err) {
  return guard(err, [&] {
    require(out_stage, "out_stage");
    require(star, "star");
    *out_stage = star->def.stage_index(score);
  });
}

int hw_star_readings_from_json(hw_star_readings** out, const hw_star* star, const char* json,
                               hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(star, "star");
    const std::string text = homeward::capi::json_text_arg(json, "json");
    auto r = homeward::StarReadings::from_json(star->def, text);
    *out = new hw_star_readings{std::move(r)};
  });
}

int hw_star_readings_from_file(hw_star_readings** out, const hw_star* star, const char* path,
                               hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(star, "star");
    const std::string text = homeward::capi::json_file_arg(path, "path");
    auto r = homeward::StarReadings::from_json(star->def, text);
    *out = new hw_star_readings{std::move(r)};
  });
}

int hw_star_readings_from_columns(hw_star_readings** out, const hw_star* star, size_t count,
                                  const char* const* person_ids, const int32_t* dates,
                                  const double* scores, const uint8_t* completed_by,
                                  const uint8_t* retrospective, hw_error* err) {
  return guard(err, [&] {
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
                           const hw_star_readings* readings, hw_error* err) {
  return guard(err, [&] {
    require(readings, "readings");
    if (out_readings != nullptr) *out_readings = readings->readings.size();
    if (out_people != nullptr) *out_people = readings->readings.person_count();
  });
}

int hw_star_readings_to_json(char** out_json, const hw_star_readings* readings, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    require(readings, "readings");
    return readings->readings.to_json();
  });
}

int hw_star_readings_to_json_buf(char* buf, size_t capacity, size_t* needed,
                                 const hw_star_readings* readings, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    require(readings, "readings");
    return readings->readings.to_json();
  });
}

int hw_star_journey_json(char** out_json, const hw_star_readings* readings, const char* person_id,
                         const char* options_json, hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return journey_json(readings, person_id, options_json); });
}

int hw_star_journey_json_buf(char* buf, size_t capacity, size_t* needed,
                             const hw_star_readings* readings, const char* person_id,
                             const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return journey_json(readings, person_id, options_json); });
}

int hw_star_journey_svg(char** out_svg, const hw_star_readings* readings, const char* person_id,
                        const char* title, hw_error* err) {
  return text_out(err, out_svg, "out_svg", [&] { return journey_svg(readings, person_id, title); });
}

int hw_star_journey_svg_buf(char* buf, size_t capacity, size_t* needed,
                            const hw_star_readings* readings, const char* person_id,
                            const char* title, hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return journey_svg(readings, person_id, title); });
}

int hw_star_cohort_json(char** out_json, const hw_star_readings* readings, const char* options_json,
                        hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return cohort_text(readings, options_json, nullptr, false); });
}

int hw_star_cohort_json_buf(char* buf, size_t capacity, size_t* needed,
                            const hw_star_readings* readings, const char* options_json,
                            hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return cohort_text(readings, options_json, nullptr, false); });
}

int hw_star_cohort_svg(char** out_svg, const hw_star_readings* readings, const char* options_json,
                       const char* title, hw_error* err) {
  return text_out(err, out_svg, "out_svg",
                  [&] { return cohort_text(readings, options_json, title, true); });
}

int hw_star_cohort_svg_buf(char* buf, size_t capacity, size_t* needed,
                           const hw_star_readings* readings, const char* options_json,
                           const char* title, hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return cohort_text(readings, options_json, title, true); });
}

int hw_star_chart_svg(char** out_svg, const hw_star* star, const char* chart_json, hw_error* err) {
  return text_out(err, out_svg, "out_svg", [&] { return chart_svg(star, chart_json); });
}

int hw_star_chart_svg_buf(char* buf, size_t capacity, size_t* needed, const hw_star* star,
                          const char* chart_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return chart_svg(star, chart_json); });
}

int hw_star_reliable_change(double* out_rci, int8_t* out_class, const double* x1, const double* x2,
                            size_t count, double sd, double reliability, double critical,
                            hw_error* err) {
  return guard(err, [&] {
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
