// Short text and array entry points of the calendar: hw_date_parse,
// hw_date_format, hw_calendar_with_weekmask, hw_calendar_with_closures and the
// array forms, on the England and Wales calendar.
// Input: a selector byte, then operation-specific bytes.
#include "fuzz_common.hpp"

namespace {

const hw_calendar* england() {
  static hw_calendar* c = [] {
    hw_calendar* x = nullptr;
    fuzz::must(hw_calendar_new_england_and_wales(&x, fuzz::E()),
               "hw_calendar_new_england_and_wales");
    return x;
  }();
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  fuzz::Input in(data, size);
  switch (in.below(4)) {
    case 0: {  // ISO dates: a parsed date formats back to the same text
      const std::string text = in.rest();
      std::int32_t d = 0;
      if (fuzz::ok(hw_date_parse(&d, text.c_str(), fuzz::E()), "hw_date_parse")) {
        char out[11];
        fuzz::must(hw_date_format(out, sizeof out, d, fuzz::E()), "hw_date_format");
        std::int32_t back = 0;
        fuzz::must(hw_date_parse(&back, out, fuzz::E()), "hw_date_parse (formatted)");
        FUZZ_CHECK(back == d, "format/parse round trip changed the date");
      }
      break;
    }
    case 1: {  // weekmask text
      const std::string text = in.rest();
      hw_calendar* c = nullptr;
      if (fuzz::ok(hw_calendar_with_weekmask(&c, england(), text.c_str(), fuzz::E()),
                   "with_weekmask")) {
        int any = 0;
        for (std::int32_t d = 20000; d < 20007; ++d) {
          int w = 0;
          fuzz::must(hw_calendar_is_working_day(&w, c, d, fuzz::E()), "is_working_day");
          any |= w;
        }
        std::int32_t out = 0;
        int st = hw_calendar_add_working_days(&out, c, 20000, 3, fuzz::E());
        if (any) fuzz::ok(st, "add_working_days");
        hw_calendar_free(c);
      } else {
        FUZZ_CHECK(c == nullptr);
      }
      break;
    }
    case 2: {  // closures: any int32 days
      std::vector<std::int32_t> dates(in.below(16));
      for (auto& d : dates) d = in.flag() ? in.i32() : fuzz::day_in_range(in);
      hw_calendar* c = nullptr;
      if (fuzz::ok(hw_calendar_with_closures(&c, england(), dates.data(), dates.size(), fuzz::E()),
                   "with_closures")) {
        for (auto d : dates) {
          int w = 1;
          if (fuzz::ok(hw_calendar_is_working_day(&w, c, d, fuzz::E()), "is_working_day"))
            FUZZ_CHECK(w == 0);
        }
        hw_calendar_free(c);
      } else {
        FUZZ_CHECK(c == nullptr);
      }
      break;
    }
    default: {  // array forms with arbitrary dates and offsets
      const size_t n = in.below(12);
      std::vector<std::int32_t> a(n), b(n), out32(n);
      std::vector<std::int64_t> off(n), out64(n);
      for (size_t i = 0; i < n; ++i) {
        a[i] = in.flag() ? in.i32() : fuzz::day_in_range(in);
        b[i] = in.flag() ? in.i32() : fuzz::day_in_range(in);
        off[i] = in.flag() ? static_cast<std::int64_t>(in.i32()) * 4096 : in.byte() - 128;
      }
      if (fuzz::ok(hw_calendar_working_days_between_array(out64.data(), england(), a.data(),
                                                          b.data(), n, fuzz::E()),
                   "working_days_between_array")) {
        for (size_t i = 0; i < n; ++i) {
          std::int64_t one = 0;
          fuzz::must(hw_calendar_working_days_between(&one, england(), a[i], b[i], fuzz::E()),
                     "between");
          FUZZ_CHECK(one == out64[i], "array and scalar forms disagree");
        }
      }
      if (fuzz::ok(hw_calendar_add_working_days_array(out32.data(), england(), a.data(), off.data(),
                                                      n, fuzz::E()),
                   "add_working_days_array")) {
        for (size_t i = 0; i < n; ++i) {
          std::int32_t one = 0;
          fuzz::must(hw_calendar_add_working_days(&one, england(), a[i], off[i], fuzz::E()), "add");
          FUZZ_CHECK(one == out32[i], "array and scalar forms disagree");
        }
      }
      break;
    }
  }
  return 0;
}
