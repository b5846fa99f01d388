#include <catch2/catch.hpp>

#include "homeward/homeward.hpp"

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

using homeward::Calendar;
using homeward::Date;
using homeward::format_date;
using homeward::parse_date;

namespace {

std::vector<std::string> holiday_dates(int year) {
  std::vector<std::string> out;
  for (const auto& h : homeward::england_and_wales_bank_holidays(year)) {
    out.push_back(format_date(h.date));
  }
  return out;
}

std::string read_fixture(const std::string& name) {
  return homeward::read_file(std::string(HOMEWARD_TEST_DATA_DIR) + "/" + name);
}

// An independent reference: walk the days one by one.
std::int64_t slow_between(const Calendar& c, Date a, Date b) {
  // NumPy: [a, b) forwards; backwards, minus the count of [b + 1, a + 1).
  std::int64_t n = 0;
  const bool neg = b < a;
  if (neg) {
    std::swap(a, b);
    a += boost::gregorian::days(1);
    b += boost::gregorian::days(1);
  }
  for (Date d = a; d < b; d += boost::gregorian::days(1)) {
    const int wd = d.day_of_week().as_number();
    if (wd != 0 && wd != 6 && !c.is_holiday(d)) ++n;
  }
  return neg ? -n : n;
}

}  // namespace

TEST_CASE("version matches the project", "[version]") {
  CHECK(homeward::version() == HOMEWARD_VERSION_STRING);
  CHECK(homeward::version() == "0.2.0");
}

TEST_CASE("ISO dates parse strictly", "[date]") {
  CHECK(format_date(parse_date("2024-02-29")) == "2024-02-29");
  CHECK(homeward::to_days(parse_date("1970-01-01")) == 0);
  CHECK(homeward::to_days(parse_date("2000-03-01")) == 11017);
  CHECK(format_date(homeward::from_days(-1)) == "1969-12-31");
  for (const char* bad : {"2025-02-30", "2025-13-01", "", "not a date", "2025-2-1", "2025/01/01",
                          "2023-02-29", "2025-01-01T00:00", " 2025-01-01", "2025-00-10"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_date(bad, "referral.date"), homeward::InvalidArgument);
  }
  try {
    parse_date("2025-02-30", "pathways[3].events[2].date");
    FAIL("expected an error");
  } catch (const homeward::Error& e) {
    CHECK(e.field() == "pathways[3].events[2].date");
    CHECK(std::string(e.what()) ==
          "pathways[3].events[2].date: \"2025-02-30\" is not a calendar date");
  }
  CHECK_THROWS_AS(homeward::from_days(homeward::kNaT), homeward::InvalidArgument);
  CHECK_THROWS_AS(homeward::from_days(5000000), homeward::OutOfRange);
}

TEST_CASE("Easter Sunday by the Gregorian computus", "[calendar]") {
  CHECK(format_date(homeward::easter_sunday(2024)) == "2024-03-31");
  CHECK(format_date(homeward::easter_sunday(2025)) == "2025-04-20");
  CHECK(format_date(homeward::easter_sunday(2008)) == "2008-03-23");
  CHECK(format_date(homeward::easter_sunday(2038)) == "2038-04-25");  // latest possible
  CHECK(format_date(homeward::easter_sunday(2285)) == "2285-03-22");  // earliest possible
  CHECK(format_date(homeward::easter_sunday(1978)) == "1978-03-26");
  CHECK(format_date(homeward::easter_sunday(2199)) == "2199-04-14");
}

TEST_CASE("England and Wales bank holidays by rule", "[calendar]") {
  CHECK(holiday_dates(2024) == std::vector<std::string>{"2024-01-01", "2024-03-29", "2024-04-01",
                                                        "2024-05-06", "2024-05-27", "2024-08-26",
                                                        "2024-12-25", "2024-12-26"});
  // Christmas on Saturday: Monday 27 and Tuesday 28 December.
  CHECK(holiday_dates(2021) == std::vector<std::string>{"2021-01-01", "2021-04-02", "2021-04-05",
                                                        "2021-05-03", "2021-05-31", "2021-08-30",
                                                        "2021-12-27", "2021-12-28"});
  // 2022: New Year on Saturday, jubilee, state funeral, Christmas on Sunday.
  CHECK(holiday_dates(2022) == std::vector<std::string>{"2022-01-03", "2022-04-15", "2022-04-18",
                                                        "2022-05-02", "2022-06-02", "2022-06-03",
                                                        "2022-08-29", "2022-09-19", "2022-12-26",
                                                        "2022-12-27"});
  const auto h2022 = homeward::england_and_wales_bank_holidays(2022);
  CHECK(h2022.back().name == "Christmas Day");
  CHECK(h2022.back().notes == "Substitute day");
  CHECK(h2022[8].name == "Boxing Day");
  CHECK(h2022[8].notes.empty());

  auto has = [](int year, const std::string& date) {
    const auto v = holiday_dates(year);
    return std::find(v.begin(), v.end(), date) != v.end();
  };
  CHECK(has(1995, "1995-05-08"));
  CHECK_FALSE(has(1995, "1995-05-01"));
  CHECK(has(1999, "1999-12-31"));
  CHECK(has(1999, "1999-12-27"));
  CHECK(has(1999, "1999-12-28"));
  CHECK(has(2000, "2000-01-03"));
  CHECK(has(2002, "2002-06-03"));
  CHECK(has(2002, "2002-06-04"));
  CHECK_FALSE(has(2002, "2002-05-27"));
  CHECK(has(2011, "2011-04-29"));
  CHECK(has(2012, "2012-01-02"));
  CHECK(has(2012, "2012-06-04"));
  CHECK(has(2012, "2012-06-05"));
  CHECK_FALSE(has(2012, "2012-05-28"));
  CHECK(has(2020, "2020-05-08"));
  CHECK_FALSE(has(2020, "2020-05-04"));
  CHECK(has(2023, "2023-05-08"));
  CHECK(has(2023, "2023-05-01"));
  CHECK(holiday_dates(2023).size() == 9);
  CHECK(holiday_dates(2199).size() == 8);
  CHECK(holiday_dates(1978).size() == 8);

  // Every year: at least 8 holidays, all on weekdays, strictly increasing.
  for (int y = 1978; y <= 2199; ++y) {
    const auto hs = homeward::england_and_wales_bank_holidays(y);
    REQUIRE(hs.size() >= 8);
    for (std::size_t i = 0; i < hs.size(); ++i) {
      const int wd = hs[i].date.day_of_week().as_number();
      INFO(format_date(hs[i].date));
      CHECK((wd != 0 && wd != 6));
      CHECK(hs[i].date.year() == y);
      if (i > 0) CHECK(hs[i - 1].date < hs[i].date);
    }
  }

  CHECK_THROWS_AS(homeward::england_and_wales_bank_holidays(1977), homeward::OutOfRange);
  CHECK_THROWS_AS(homeward::england_and_wales_bank_holidays(2200), homeward::OutOfRange);
}

TEST_CASE("calendar lookups", "[calendar]") {
  const Calendar c = Calendar::england_and_wales();
  CHECK(c.first_year() == 1978);
  CHECK(c.last_year() == 2199);
  CHECK(c.is_bank_holiday(parse_date("2024-12-25")));
  CHECK_FALSE(c.is_bank_holiday(parse_date("2024-12-24")));
  CHECK_FALSE(c.is_working_day(parse_date("2024-12-25")));
  CHECK_FALSE(c.is_working_day(parse_date("2024-12-28")));  // Saturday
  CHECK(c.is_working_day(parse_date("2024-12-24")));
  CHECK(c.bank_holidays(2024, 2025).size() == 16);
  CHECK(c.bank_holidays(2024, 2024).front().name == "New Year\u2019s Day");
  CHECK_THROWS_AS(c.bank_holidays(2025, 2024), homeward::InvalidArgument);
  CHECK_THROWS_AS(c.bank_holidays(1970, 1980), homeward::OutOfRange);
  CHECK_THROWS_AS(c.is_working_day(parse_date("2200-01-01")), homeward::OutOfRange);
  CHECK_THROWS_AS(c.is_bank_holiday(parse_date("1977-12-26")), homeward::OutOfRange);
}

TEST_CASE("working-day arithmetic follows NumPy's busday semantics", "[calendar]") {
  const Calendar c = Calendar::england_and_wales();
  const Date fri = parse_date("2024-12-20");
  const Date mon = parse_date("2025-01-06");
  // Dec 20, 23, 24, 27, 30, 31, Jan 2, 3.
  CHECK(c.working_days_between(fri, mon) == 8);
  CHECK(c.working_days_between(mon, fri) == -8);  // minus [Dec 21, Jan 7)
  // Backwards, NumPy counts (b, a]: Sat 28 Dec back to Fri 20 Dec is -3.
  CHECK(c.working_days_between(parse_date("2024-12-28"), fri) == -3);
  CHECK(c.working_days_between(fri, fri) == 0);
  CHECK(format_date(c.add_working_days(parse_date("2024-12-24"), 1)) == "2024-12-27");
  CHECK(format_date(c.add_working_days(parse_date("2024-12-25"), 0)) == "2024-12-27");
  CHECK(format_date(c.add_working_days(parse_date("2024-12-28"), -1)) == "2024-12-27");
  CHECK(format_date(c.add_working_days(parse_date("2024-12-27"), -2)) == "2024-12-23");
  // First visit within 10 working days of a referral on Thu 2025-04-10:
  // Easter (18 and 21 April) intervenes.
  CHECK(format_date(c.add_working_days(parse_date("2025-04-10"), 10)) == "2025-04-28");
  // The day after the last date is a valid exclusive end.
  CHECK(c.working_days_between(parse_date("2199-12-24"), parse_date("2200-01-01")) == 4);
  CHECK_THROWS_AS(c.working_days_between(parse_date("2199-12-24"), parse_date("2200-01-02")),
                  homeward::OutOfRange);
  CHECK_THROWS_AS(c.add_working_days(parse_date("2199-12-30"), 5), homeward::OutOfRange);
  CHECK_THROWS_AS(c.add_working_days(parse_date("1978-01-03"), -5), homeward::OutOfRange);
  CHECK_THROWS_AS(c.add_working_days(parse_date("2024-01-03"), INT64_MAX), homeward::OutOfRange);
  CHECK_THROWS_AS(c.add_working_days(parse_date("2024-01-03"), INT64_MIN), homeward::OutOfRange);

  // Against a day-by-day reference on random pairs.
  std::mt19937 rng(20260101);
  std::uniform_int_distribution<int> day(homeward::to_days(parse_date("1978-01-01")),
                                         homeward::to_days(parse_date("2199-12-31")));
  std::uniform_int_distribution<int> span(-400, 400);
  for (int i = 0; i < 500; ++i) {
    const Date a = homeward::from_days(day(rng));
    Date b = a + boost::gregorian::days(span(rng));
    if (b >= c.last_date()) b = c.last_date() - boost::gregorian::days(1);
    if (b <= c.first_date()) b = c.first_date() + boost::gregorian::days(1);
    const auto n = c.working_days_between(a, b);
    REQUIRE(n == slow_between(c, a, b));
    // add_working_days inverts the count from a working day.
    if (c.is_working_day(a) && a < b) {
      const Date r = c.add_working_days(a, n);
      CHECK(r >= b);
      CHECK(c.working_days_between(a, r) == n);
    }
  }
}

TEST_CASE("array forms equal the scalar forms and name the bad element", "[calendar]") {
  const Calendar c = Calendar::england_and_wales();
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::int32_t> day(homeward::to_days(parse_date("1990-01-01")),
                                                  homeward::to_days(parse_date("2040-12-31")));
  std::uniform_int_distribution<std::int64_t> off(-300, 300);
  const std::size_t n = 2000;
  std::vector<std::int32_t> a(n), b(n), r32(n);
  std::vector<std::int64_t> a64(n), b64(n), offs(n), counts(n), counts64(n), r64(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = day(rng);
    b[i] = day(rng);
    a64[i] = a[i];
    b64[i] = b[i];
    offs[i] = off(rng);
  }
  c.working_days_between(a.data(), b.data(), n, counts.data());
  c.working_days_between(a64.data(), b64.data(), n, counts64.data());
  c.add_working_days(a.data(), offs.data(), n, r32.data());
  c.add_working_days(a64.data(), offs.data(), n, r64.data());
  for (std::size_t i = 0; i < n; ++i) {
    const Date da = homeward::from_days(a[i]);
    REQUIRE(counts[i] == c.working_days_between(da, homeward::from_days(b[i])));
    REQUIRE(counts64[i] == counts[i]);
    REQUIRE(r32[i] == homeward::to_days(c.add_working_days(da, offs[i])));
    REQUIRE(r64[i] == r32[i]);
  }
  // Errors name the element.
  b64[17] = homeward::kNaT;
  try {
    c.working_days_between(a64.data(), b64.data(), n, counts64.data());
    FAIL("expected an error");
  } catch (const homeward::InvalidArgument& e) {
    CHECK(e.field() == "b[17]");
  }
  a[3] = homeward::to_days(parse_date("2300-01-01"));
  try {
    c.add_working_days(a.data(), offs.data(), n, r32.data());
    FAIL("expected an error");
  } catch (const homeward::OutOfRange& e) {
    CHECK(e.field() == "dates[3]");
    CHECK(std::string(e.what()).find("2300-01-01 is outside the calendar's range") !=
          std::string::npos);
  }
  // Zero-length arrays are fine, even with null pointers.
  c.working_days_between(static_cast<const std::int32_t*>(nullptr), nullptr, 0, nullptr);
}

TEST_CASE("closures and weekmasks", "[calendar]") {
  const Calendar base = Calendar::england_and_wales();
  const Calendar c = base.with_closures(
      {parse_date("2024-12-24"), parse_date("2024-12-25"), parse_date("2024-12-24")},
      "Staff training");
  CHECK_FALSE(c.is_working_day(parse_date("2024-12-24")));
  CHECK_FALSE(c.is_bank_holiday(parse_date("2024-12-24")));
  CHECK(c.is_holiday(parse_date("2024-12-24")));
  CHECK(base.is_working_day(parse_date("2024-12-24")));  // the original is unchanged
  CHECK(c.working_days_between(parse_date("2024-12-20"), parse_date("2025-01-06")) == 7);
  CHECK(c.bank_holidays(2024, 2024).size() == 8);
  CHECK(c.holiday_dates().size() == base.holiday_dates().size() + 1);
  CHECK_THROWS_AS(base.with_closures({parse_date("2300-01-01")}), homeward::OutOfRange);

  // A Sunday-to-Thursday week.
  const Calendar st = base.with_weekmask(homeward::parse_weekmask("Sun Mon Tue Wed Thu"));
  CHECK(st.is_working_day(parse_date("2024-12-29")));        // Sunday
  CHECK_FALSE(st.is_working_day(parse_date("2024-12-27")));  // Friday
  CHECK(homeward::format_weekmask(st.weekmask()) == "1111001");
  CHECK(homeward::format_weekmask(homeward::parse_weekmask("1111100")) == "1111100");
  CHECK_THROWS_AS(homeward::parse_weekmask("0000000"), homeward::InvalidArgument);
  CHECK_THROWS_AS(homeward::parse_weekmask("Mon Funday"), homeward::InvalidArgument);
  CHECK_THROWS_AS(homeward::parse_weekmask(""), homeward::InvalidArgument);
  CHECK_THROWS_AS(homeward::parse_weekmask("11111"), homeward::InvalidArgument);
}

TEST_CASE("calendars from gov.uk bank-holidays JSON", "[calendar][govuk]") {
  const std::string text = read_fixture("govuk_bank_holidays_2024_2025.json");
  const Calendar ew = Calendar::from_govuk_json(text, "england-and-wales");
  CHECK(ew.first_year() == 2024);
  CHECK(ew.last_year() == 2025);
  CHECK(ew.bank_holidays(2024, 2025).size() == 16);
  // The file agrees with the rules.
  const Calendar rules = Calendar::england_and_wales();
  const auto from_file = ew.bank_holidays(2024, 2025);
  const auto from_rules = rules.bank_holidays(2024, 2025);
  REQUIRE(from_file.size() == from_rules.size());
  for (std::size_t i = 0; i < from_file.size(); ++i) {
    CHECK(from_file[i].date == from_rules[i].date);
    CHECK(from_file[i].name == from_rules[i].name);
  }
  const Calendar sc = Calendar::from_govuk_json(text, "scotland");
  CHECK(sc.is_bank_holiday(parse_date("2024-01-02")));
  CHECK(sc.is_bank_holiday(parse_date("2024-12-02")));
  CHECK_FALSE(sc.is_bank_holiday(parse_date("2024-04-01")));  // no Easter Monday
  CHECK(sc.bank_holidays(2024, 2024)[6].notes == "Substitute day");
  const Calendar ni = Calendar::from_govuk_json(text, "northern-ireland");
  CHECK(ni.is_bank_holiday(parse_date("2025-07-14")));
  CHECK(ni.working_days_between(parse_date("2025-07-11"), parse_date("2025-07-16")) == 2);
  CHECK_THROWS_AS(ni.is_working_day(parse_date("2026-01-05")), homeward::OutOfRange);

  SECTION("bad documents") {
    auto field_of = [](const std::string& json, const std::string& division) {
      try {
        Calendar::from_govuk_json(json, division);
      } catch (const homeward::Error& e) {
        return e.field() + " | " + std::to_string(static_cast<int>(e.code()));
      }
      return std::string("no error");
    };
    CHECK(field_of(text, "wales") == "division | 4");
    CHECK(field_of(text.substr(0, text.size() / 2), "scotland") == "json | 3");
    CHECK(field_of("", "scotland") == "json | 3");
    CHECK(field_of("{not json", "scotland") == "json | 3");
    CHECK(field_of("[]", "scotland") == "json | 1");
    CHECK(field_of(R"({"scotland": {"events": "x"}})", "scotland") == "scotland.events | 1");
    CHECK(field_of(R"({"scotland": {"events": []}})", "scotland") == "scotland.events | 1");
    CHECK(field_of(R"({"scotland": {}})", "scotland") == "scotland.events | 1");
    CHECK(field_of(R"({"scotland": {"events": [{"title": "x", "date": "2025-02-30"}]}})",
                   "scotland") == "scotland.events[0].date | 1");
    CHECK(
        field_of(
            R"({"scotland": {"events": [{"title": "x", "date": "2025-01-01"}, {"date": "2025-01-02"}]}})",
            "scotland") == "scotland.events[1].title | 1");
    CHECK(field_of(R"({"scotland": {"events": [{"title": "x", "date": 20250101}]}})", "scotland") ==
          "scotland.events[0].date | 1");
    CHECK(
        field_of(
            R"({"scotland": {"events": [{"title": "x", "date": "2025-01-01"}, {"title": "y", "date": "2025-01-01"}]}})",
            "scotland") == "scotland.events[1].date | 1");
  }
}
