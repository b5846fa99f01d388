#include "homeward/date.hpp"

#include "homeward/error.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <cstdio>

namespace homeward {
namespace {

const Date kEpoch(1970, 1, 1);

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap(y)) ? 29 : kDays[m - 1];
}

}  // namespace

Date make_date(int year, int month, int day, std::string_view field) {
  if (year < 1400 || year > 9999) {
    throw OutOfRange(std::string(field),
                     "year " + std::to_string(year) + " is outside the supported range 1400..9999");
  }
  if (month < 1 || month > 12) {
    throw InvalidArgument(std::string(field),
                          "month " + std::to_string(month) + " is not between 1 and 12");
  }
  if (day < 1 || day > days_in_month(year, month)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    throw InvalidArgument(std::string(field),
                          std::string("\"") + buf + "\" is not a calendar date");
  }
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

Date parse_date(std::string_view text, std::string_view field) {
  auto fail = [&](const std::string& why) -> Date {
    throw InvalidArgument(
        std::string(field),
        quote_value(text) + " is not an ISO date (YYYY-MM-DD)" + (why.empty() ? "" : ": " + why));
  };
  if (text.empty()) return fail("empty");
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail("");
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    int v = 0;
    for (std::size_t i = 0; i < lens[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return fail("");
      v = v * 10 + (c - '0');
    }
    parts[p] = v;
  }
  const int y = parts[0], m = parts[1], d = parts[2];
  if (m < 1 || m > 12 || d < 1 || (y >= 1 && d > days_in_month(y, m))) {
    throw InvalidArgument(std::string(field), quote_value(text) + " is not a calendar date");
  }
  return make_date(y, m, d, field);
}

std::string format_date(const Date& d) {
  if (d.is_special()) return "not-a-date";
  const auto ymd = d.year_month_day();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(ymd.year),
                static_cast<int>(ymd.month), static_cast<int>(ymd.day));
  return buf;
}

std::int32_t to_days(const Date& d) { return static_cast<std::int32_t>((d - kEpoch).days()); }

Date from_days(std::int64_t days, std::string_view field) {
  // Boost supports 1400-01-01 .. 9999-12-31.
  constexpr std::int64_t kMin = -208188;  // 1400-01-01
  constexpr std::int64_t kMax = 2932896;  // 9999-12-31
  if (days == kNaT) {
    throw InvalidArgument(std::string(field), "NaT (not a time) is not a date");
  }
  if (days < kMin || days > kMax) {
    throw OutOfRange(std::string(field),
                     "day number " + std::to_string(days) +
                         " is outside the supported range 1400-01-01..9999-12-31");
  }
  return kEpoch + boost::gregorian::date_duration(static_cast<long>(days));
}

}  // namespace homeward
