// C ABI adapter for the calendar: argument checks and conversions only.
#include "homeward/hw_calendar.h"

#include "capi_common.hpp"
#include "capi_types.hpp"
#include "homeward/calendar.hpp"
#include "homeward/io.hpp"

#include <nlohmann/json.hpp>

using homeward::capi::guard;
using homeward::capi::require;

namespace {

hw_calendar* wrap(homeward::Calendar c) { return new hw_calendar{std::move(c)}; }

std::string bank_holidays_json(const hw_calendar* cal, int first_year, int last_year) {
  require(cal, "cal");
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& h : cal->cal.bank_holidays(first_year, last_year)) {
    arr.push_back({{"date", homeward::format_date(h.date)}, {"name", h.name}, {"notes", h.notes}});
  }
  return arr.dump();
}

// A scalar call goes through the core's array form: name the scalar field
// ("a", not "a[0]").
[[noreturn]] void rethrow_scalar(const homeward::Error& e) {
  std::string field = e.field();
  const auto at = field.find("[0]");
  if (at != std::string::npos) field.erase(at, 3);
  throw homeward::Error(e.code(), field, e.message());
}

}  // namespace

extern "C" {

int hw_calendar_new_england_and_wales(hw_calendar** out, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    *out = wrap(homeward::Calendar::england_and_wales());
  });
}

int hw_calendar_new_from_govuk_json(hw_calendar** out, const char* json, size_t json_len,
                                    const char* division, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(json, "json");
    require(division, "division");
    *out = wrap(homeward::Calendar::from_govuk_json(std::string_view(json, json_len), division));
  });
}

int hw_calendar_new_from_govuk_file(hw_calendar** out, const char* path, const char* division,
                                    hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(path, "path");
    require(division, "division");
    *out = wrap(homeward::Calendar::from_govuk_file(path, division));
  });
}

int hw_calendar_with_closures(hw_calendar** out, const hw_calendar* cal, const int32_t* dates,
                              size_t count, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(cal, "cal");
    if (count > 0) require(dates, "dates");
    std::vector<homeward::Date> ds;
    ds.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      ds.push_back(homeward::from_days(dates[i], homeward::index_path("dates", i)));
    }
    *out = wrap(cal->cal.with_closures(ds));
  });
}

int hw_calendar_with_weekmask(hw_calendar** out, const hw_calendar* cal, const char* weekmask,
                              hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(cal, "cal");
    require(weekmask, "weekmask");
    *out = wrap(cal->cal.with_weekmask(homeward::parse_weekmask(weekmask)));
  });
}

void hw_calendar_free(hw_calendar* cal) { delete cal; }

int hw_calendar_years(int* out_first_year, int* out_last_year, const hw_calendar* cal,
                      hw_error* err) {
  return guard(err, [&] {
    require(out_first_year, "out_first_year");
    require(out_last_year, "out_last_year");
    require(cal, "cal");
    *out_first_year = cal->cal.first_year();
    *out_last_year = cal->cal.last_year();
  });
}

int hw_calendar_bank_holidays_json(char** out_json, const hw_calendar* cal, int first_year,
                                   int last_year, hw_error* err) {
  return homeward::capi::text_out(err, out_json, "out_json",
                                  [&] { return bank_holidays_json(cal, first_year, last_year); });
}

int hw_calendar_bank_holidays_json_buf(char* buf, size_t capacity, size_t* needed,
                                       const hw_calendar* cal, int first_year, int last_year,
                                       hw_error* err) {
  return homeward::capi::text_buf(err, buf, capacity, needed,
                                  [&] { return bank_holidays_json(cal, first_year, last_year); });
}

int hw_calendar_holiday_dates(int32_t* out, size_t capacity, size_t* out_count,
                              const hw_calendar* cal, hw_error* err) {
  return guard(err, [&] {
    require(out_count, "out_count");
    require(cal, "cal");
    const auto dates = cal->cal.holiday_dates();
    if (out != nullptr) {
      if (capacity < dates.size()) {
        throw homeward::InvalidArgument("capacity", std::to_string(capacity) +
                                                        " is too small for " +
                                                        std::to_string(dates.size()) + " dates");
      }
      for (size_t i = 0; i < dates.size(); ++i) out[i] = homeward::to_days(dates[i]);
    }
    *out_count = dates.size();
  });
}

int hw_calendar_is_bank_holiday(int* out, const hw_calendar* cal, int32_t date, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(cal, "cal");
    *out = cal->cal.is_bank_holiday(homeward::from_days(date)) ? 1 : 0;
  });
}

int hw_calendar_is_working_day(int* out, const hw_calendar* cal, int32_t date, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(cal, "cal");
    *out = cal->cal.is_working_day(homeward::from_days(date)) ? 1 : 0;
  });
}

int hw_calendar_working_days_between(int64_t* out, const hw_calendar* cal, int32_t a, int32_t b,
                                     hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(cal, "cal");
    int64_t r = 0;
    try {
      cal->cal.working_days_between(&a, &b, 1, &r);
    } catch (const homeward::Error& e) {
      rethrow_scalar(e);
    }
    *out = r;
  });
}

int hw_calendar_add_working_days(int32_t* out, const hw_calendar* cal, int32_t date, int64_t n,
                                 hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(cal, "cal");
    const int64_t offset = n;
    int32_t r = 0;
    try {
      cal->cal.add_working_days(&date, &offset, 1, &r);
    } catch (const homeward::Error& e) {
      // The core's array form names "dates[0]" and "offsets[0]".
      std::string field = e.field();
      if (field.rfind("dates[0]", 0) == 0)
        field = "date" + field.substr(8);
      else if (field.rfind("offsets[0]", 0) == 0)
        field = "n" + field.substr(10);
      throw homeward::Error(e.code(), field, e.message());
    }
    *out = r;
  });
}

int hw_calendar_working_days_between_array(int64_t* out, const hw_calendar* cal, const int32_t* a,
                                           const int32_t* b, size_t count, hw_error* err) {
  return guard(err, [&] {
    require(cal, "cal");
    if (count == 0) return;
    require(out, "out");
    require(a, "a");
    require(b, "b");
    cal->cal.working_days_between(a, b, count, out);
  });
}

int hw_calendar_add_working_days_array(int32_t* out, const hw_calendar* cal, const int32_t* dates,
                                       const int64_t* offsets, size_t count, hw_error* err) {
  return guard(err, [&] {
    require(cal, "cal");
    if (count == 0) return;
    require(out, "out");
    require(dates, "dates");
    require(offsets, "offsets");
    cal->cal.add_working_days(dates, offsets, count, out);
  });
}

int hw_date_parse(int32_t* out, const char* iso, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(iso, "iso");
    *out = homeward::to_days(homeward::parse_date(iso, "iso"));
  });
}

int hw_date_format(char* out, size_t out_size, int32_t date, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    if (out_size < 11) {
      throw homeward::InvalidArgument("out_size",
                                      "needs at least 11 bytes, got " + std::to_string(out_size));
    }
    const std::string s = homeward::format_date(homeward::from_days(date));
    std::memcpy(out, s.c_str(), s.size() + 1);
  });
}

}  // extern "C"
