// homeward: working-day calendars with England and Wales bank holidays.
//
// A Calendar is an immutable value (cheap to copy; its tables are shared)
// covering a range of whole years. Inside that range it answers, in a couple
// of table lookups each:
//   working_days_between(a, b) == numpy.busday_count(a, b, weekmask, holidays)
//   add_working_days(d, n)     == numpy.busday_offset(d, n, roll="forward", ...)
// where `holidays` are the calendar's holidays (bank holidays plus any extra
// closure dates). Dates outside the range raise homeward::OutOfRange: the
// calendar never guesses holidays it does not know.
#pragma once

#include "homeward/date.hpp"
#include "homeward/io.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

struct Holiday {
  Date date;
  std::string name;          // e.g. "Christmas Day" (gov.uk's title)
  std::string notes;         // e.g. "Substitute day"; empty when none
  bool bank_holiday = true;  // false for extra closure dates added by a service
};

// Which days of the week are working days, Monday first (NumPy's weekmask).
using WeekMask = std::array<bool, 7>;
inline constexpr WeekMask kMondayToFriday = {true, true, true, true, true, false, false};

// Parse a NumPy-style weekmask: "1111100" or "Mon Tue Wed Thu Fri".
WeekMask parse_weekmask(std::string_view text, std::string_view field = "weekmask");
std::string format_weekmask(const WeekMask& mask);

// The bank holidays of England and Wales in one year, computed by rule
// (Easter by the Gregorian computus, weekend substitution, and every one-off
// proclamation since 1978), in date order. Throws OutOfRange outside
// 1978..2199.
std::vector<Holiday> england_and_wales_bank_holidays(int year);
inline constexpr int kEnglandWalesFirstYear = 1978;
inline constexpr int kEnglandWalesLastYear = 2199;

// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).
Date easter_sunday(int year);

class Calendar {
 public:
  // England and Wales, 1978..2199, Monday-Friday working week.
  static Calendar england_and_wales();

  // From the gov.uk bank-holidays JSON document
  //   {"england-and-wales": {"division": ..., "events": [{"title", "date",
  //     "notes", "bunting"}, ...]}, "scotland": ..., "northern-ireland": ...}
  // for one division. The calendar covers the whole years from the earliest
  // to the latest event. Throws ParseError for malformed JSON, NotFound for
  // an unknown division, InvalidArgument for bad events (with their path).
  static Calendar from_govuk_json(std::string_view json_text, std::string_view division,
                                  const InputLimits& limits = {});
  // The same document read from a file (bounded by limits.max_bytes);
  // IoError names "path".
  static Calendar from_govuk_file(const std::string& path, std::string_view division,
                                  const InputLimits& limits = {});

  // From explicit holidays covering first_year..last_year.
  static Calendar from_holidays(std::vector<Holiday> holidays, int first_year, int last_year,
                                const WeekMask& weekmask = kMondayToFriday,
                                std::string name = "custom");

  // A copy with extra closure dates (not bank holidays; e.g. a service's
  // training days). Dates must lie inside the calendar's range.
  Calendar with_closures(const std::vector<Date>& dates,
                         std::string_view name = "Service closure") const;
  // A copy with a different working week.
  Calendar with_weekmask(const WeekMask& weekmask) const;

  // The whole calendar as a versioned JSON document, read back by from_json
  // into an equal calendar (same name, years, weekmask, holidays and closures):
  //   {"format": "homeward.calendar", "version": 1, "name", "first_year",
  //    "last_year", "weekmask": "1111100",
  //    "rules": "england-and-wales"   (bank holidays by rule, when they match)
  //    | "holidays": [{"date", "name", "notes"}],
  //    "closures": [{"date", "name"}]}
  // The England and Wales calendar is a few hundred bytes. from_json
  // validates everything (unknown keys, an unknown format or version, dates
  // outside the years, duplicates) and names the field.
  std::string to_json() const;
  static Calendar from_json(std::string_view json_text, const InputLimits& limits = {});
  // Equal name, years, weekmask and holidays (with names and notes).
  bool operator==(const Calendar& other) const;
  bool operator!=(const Calendar& other) const { return !(*this == other); }

  const std::string& name() const;
  int first_year() const;
  int last_year() const;
  Date first_date() const;
  Date last_date() const;
  const WeekMask& weekmask() const;

  // Bank holidays (not closures) in first_year..last_year, in date order.
  // Throws OutOfRange if the years are outside the calendar's range and
  // InvalidArgument if first_year > last_year.
  std::vector<Holiday> bank_holidays(int first_year, int last_year) const;
  // Every non-working date that is not a weekend day: bank holidays and
  // closures, in date order (NumPy's `holidays=` argument).
  std::vector<Date> holiday_dates() const;

  bool is_bank_holiday(const Date& d) const;
  bool is_holiday(const Date& d) const;  // bank holiday or closure
  bool is_working_day(const Date& d) const;

  // Working days in [a, b) when a <= b. When b < a the count is negative:
  // minus the working days in (b, a], the days after b up to and including
  // a, exactly as numpy.busday_count (a Monday a and the Saturday before it
  // as b give -1). Forwards b may be the day after last_date(); backwards
  // b may be the day before first_date().
  std::int64_t working_days_between(const Date& a, const Date& b) const;
  // Roll d forward to a working day, then move n working days (n may be < 0).
  Date add_working_days(const Date& d, std::int64_t n) const;

  // Array forms over day numbers (days since 1970-01-01): int32 for the C
  // ABI and Arrow date32, int64 for NumPy datetime64[D] (kNaT is rejected).
  // Each input array has `count` elements and `out` receives `count`
  // results. Errors name the element ("b[12]"). Either every result is
  // written or an error is thrown; `out` may then hold partial results.
  void working_days_between(const std::int32_t* a, const std::int32_t* b, std::size_t count,
                            std::int64_t* out) const;
  void working_days_between(const std::int64_t* a, const std::int64_t* b, std::size_t count,
                            std::int64_t* out) const;
  void add_working_days(const std::int32_t* dates, const std::int64_t* offsets, std::size_t count,
                        std::int32_t* out) const;
  void add_working_days(const std::int64_t* dates, const std::int64_t* offsets, std::size_t count,
                        std::int64_t* out) const;

  struct Impl;

 private:
  explicit Calendar(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace homeward
