// gov.uk bank-holidays JSON (hw_calendar_new_from_govuk_json, a buffer with a
// length) and queries on the calendar it builds, checked against a day-by-day
// count.
// Input: one byte choosing the division, then the JSON.
#include "fuzz_common.hpp"

namespace {

const char* const kDivisions[] = {"england-and-wales", "scotland", "northern-ireland", "", "wales"};

// Working days counted one day at a time, with NumPy's (>= 1.25) rule: forward
// [a, b), backward -[b + 1, a + 1).
std::int64_t count_slowly(const hw_calendar* cal, std::int32_t a, std::int32_t b) {
  std::int64_t n = 0;
  const std::int32_t lo = a < b ? a : b + 1, hi = a < b ? b : a + 1;
  for (std::int32_t d = lo; d < hi; ++d) {
    int w = 0;
    fuzz::must(hw_calendar_is_working_day(&w, cal, d, fuzz::E()), "hw_calendar_is_working_day");
    n += w;
  }
  return a <= b ? n : -n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  fuzz::Input in(data, size);
  const char* division = kDivisions[in.below(5)];
  const std::string text = in.rest();

  hw_calendar* cal = nullptr;
  if (!fuzz::ok(
          hw_calendar_new_from_govuk_json(&cal, text.data(), text.size(), division, fuzz::E()),
          "hw_calendar_new_from_govuk_json")) {
    FUZZ_CHECK(cal == nullptr, "the out handle was written although loading failed");
    return 0;
  }
  int first = 0, last = 0;
  fuzz::must(hw_calendar_years(&first, &last, cal, fuzz::E()), "hw_calendar_years");
  FUZZ_CHECK(first <= last);
  fuzz::Str holidays;
  fuzz::ok(hw_calendar_bank_holidays_json(holidays.out(), cal, first, last, fuzz::E()),
           "hw_calendar_bank_holidays_json");
  size_t count = 0;
  fuzz::must(hw_calendar_holiday_dates(nullptr, 0, &count, cal, fuzz::E()),
             "hw_calendar_holiday_dates");
  std::vector<std::int32_t> dates(count);
  size_t again = 0;
  fuzz::must(hw_calendar_holiday_dates(dates.data(), dates.size(), &again, cal, fuzz::E()),
             "hw_calendar_holiday_dates");
  FUZZ_CHECK(again == count);
  for (size_t i = 1; i < dates.size(); ++i) FUZZ_CHECK(dates[i - 1] < dates[i], "not in order");

  // Working-day arithmetic inside the calendar's range.
  std::int32_t lo = 0;
  char iso[16];
  std::snprintf(iso, sizeof iso, "%04d-01-01", first);
  fuzz::must(hw_date_parse(&lo, iso, fuzz::E()), "hw_date_parse");
  const std::int32_t a = lo + static_cast<std::int32_t>(text.size() % 360);
  const std::int32_t b = a + static_cast<std::int32_t>(text.size() % 40) - 10;
  std::int64_t between = 0;
  if (fuzz::ok(hw_calendar_working_days_between(&between, cal, a, b, fuzz::E()),
               "working_days_between")) {
    FUZZ_CHECK(between == count_slowly(cal, a, b), "working_days_between disagrees with a count");
    std::int32_t there = 0;
    int wa = 0, wb = 0;
    fuzz::must(hw_calendar_is_working_day(&wa, cal, a, fuzz::E()), "is_working_day");
    fuzz::must(hw_calendar_is_working_day(&wb, cal, b, fuzz::E()), "is_working_day");
    if (wa && wb && between >= 0 &&
        fuzz::ok(hw_calendar_add_working_days(&there, cal, a, between, fuzz::E()),
                 "add_working_days")) {
      FUZZ_CHECK(there == b, "add_working_days does not invert working_days_between");
    }
  }
  hw_calendar_free(cal);
  return 0;
}
