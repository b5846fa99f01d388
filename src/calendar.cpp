#include "homeward/calendar.hpp"

#include "homeward/error.hpp"

#include "json_util.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>
#include <utility>

namespace homeward {

namespace bg = boost::gregorian;

// ---------------------------------------------------------------------------
// Weekmasks

WeekMask parse_weekmask(std::string_view text, std::string_view field) {
  // NumPy's rules (numpy.busdaycalendar): seven '0'/'1' digits, or day names
  // (case-sensitive three-letter abbreviations) separated by any amount of
  // whitespace or by nothing at all ("SatSun"); a name listed twice counts
  // once ("Mon Mon").
  WeekMask mask{};
  bool all_digits = text.size() == 7;
  for (char c : text) {
    if (c != '0' && c != '1') all_digits = false;
  }
  if (all_digits) {
    for (std::size_t i = 0; i < 7; ++i) mask[i] = text[i] == '1';
  } else {
    static constexpr const char* kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    bool any = false;
    std::size_t k = 0;
    while (k < text.size()) {
      const unsigned char ch = static_cast<unsigned char>(text[k]);
      if (std::isspace(ch)) {
        ++k;
        continue;
      }
      bool found = false;
      if (k + 3 <= text.size()) {
        const std::string_view token = text.substr(k, 3);
        for (std::size_t i = 0; i < 7; ++i) {
          if (token == kNames[i]) {
            mask[i] = true;
            found = true;
          }
        }
      }
      if (!found) {
        std::size_t e = k;
        while (e < text.size() && !std::isspace(static_cast<unsigned char>(text[e]))) ++e;
        throw InvalidArgument(std::string(field),
                              "\"" + std::string(text.substr(k, e - k)) +
                                  "\" is not a day name (Mon Tue Wed Thu Fri Sat Sun) at "
                                  "character " +
                                  std::to_string(k) + " of \"" + std::string(text) + "\"");
      }
      any = true;
      k += 3;
    }
    if (!any) {
      throw InvalidArgument(std::string(field),
                            "expected 7 digits such as \"1111100\" or day names such as "
                            "\"Mon Tue Wed Thu Fri\"");
    }
  }
  if (std::none_of(mask.begin(), mask.end(), [](bool b) { return b; })) {
    throw InvalidArgument(std::string(field), "a week needs at least one working day");
  }
  return mask;
}

std::string format_weekmask(const WeekMask& mask) {
  std::string out;
  for (bool b : mask) out += b ? '1' : '0';
  return out;
}

// ---------------------------------------------------------------------------
// England and Wales rules

Date easter_sunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return make_date(year, month, day, "year");
}

namespace {

bool is_weekend(const Date& d) {
  const auto wd = d.day_of_week().as_number();  // 0 = Sunday
  return wd == 0 || wd == 6;
}

Date first_monday(int year, int month) {
  Date d = make_date(year, month, 1);
  while (d.day_of_week().as_number() != 1) d += bg::days(1);
  return d;
}

Date last_monday(int year, int month) {
  Date d =
      Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1).end_of_month();
  while (d.day_of_week().as_number() != 1) d -= bg::days(1);
  return d;
}

Date ymd(int y, int m, int d) { return make_date(y, m, d); }

// Titles as gov.uk publishes them (UTF-8; note the typographic apostrophe).
constexpr const char* kNewYear = "New Year\u2019s Day";

}  // namespace

std::vector<Holiday> england_and_wales_bank_holidays(int year) {
  if (year < kEnglandWalesFirstYear || year > kEnglandWalesLastYear) {
    throw OutOfRange("year", "England and Wales bank holidays are computed for " +
                                 std::to_string(kEnglandWalesFirstYear) + ".." +
                                 std::to_string(kEnglandWalesLastYear) + ", not " +
                                 std::to_string(year) +
                                 " (load gov.uk's bank-holidays.json for other years)");
  }
  const Date easter = easter_sunday(year);
  std::vector<Holiday> h;
  auto add = [&](Date d, const char* name) { h.push_back(Holiday{d, name, "", true}); };

  // Fixed-date holidays that may fall on a weekend (substituted below).
  add(ymd(year, 1, 1), kNewYear);
  add(easter - bg::days(2), "Good Friday");
  add(easter + bg::days(1), "Easter Monday");

  // Early May bank holiday (first Monday in May since 1978), with moves.
  if (year == 1995) {
    add(ymd(1995, 5, 8), "Early May bank holiday (VE day)");
  } else if (year == 2020) {
    add(ymd(2020, 5, 8), "Early May bank holiday (VE day)");
  } else {
    add(first_monday(year, 5), "Early May bank holiday");
  }

  // Spring bank holiday (last Monday in May), with jubilee moves.
  if (year == 2002) {
    add(ymd(2002, 6, 4), "Spring bank holiday");
    add(ymd(2002, 6, 3), "Golden Jubilee bank holiday");
  } else if (year == 2012) {
    add(ymd(2012, 6, 4), "Spring bank holiday");
    add(ymd(2012, 6, 5), "Queen\u2019s Diamond Jubilee");
  } else if (year == 2022) {
    add(ymd(2022, 6, 2), "Spring bank holiday");
    add(ymd(2022, 6, 3), "Platinum Jubilee bank holiday");
  } else {
    add(last_monday(year, 5), "Spring bank holiday");
  }

  add(last_monday(year, 8), "Summer bank holiday");

  // One-off days by royal proclamation.
  if (year == 1981) add(ymd(1981, 7, 29), "Royal wedding");
  if (year == 1999) add(ymd(1999, 12, 31), "Millennium celebrations");
  if (year == 2011) add(ymd(2011, 4, 29), "Royal wedding");
  if (year == 2022)
    add(ymd(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II");
  if (year == 2023) add(ymd(2023, 5, 8), "Bank holiday for the coronation of King Charles III");

  add(ymd(year, 12, 25), "Christmas Day");
  add(ymd(year, 12, 26), "Boxing Day");

  // Weekend substitution: weekday holidays keep their dates; each holiday on
  // a weekend moves, in date order, to the next weekday not already taken.
  std::stable_sort(h.begin(), h.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  std::vector<Date> taken;
  for (const auto& x : h) {
    if (!is_weekend(x.date)) taken.push_back(x.date);
  }
  for (auto& x : h) {
    if (!is_weekend(x.date)) continue;
    Date d = x.date;
    while (is_weekend(d) || std::find(taken.begin(), taken.end(), d) != taken.end()) {
      d += bg::days(1);
    }
    x.date = d;
    x.notes = "Substitute day";
    taken.push_back(d);
  }
  std::stable_sort(h.begin(), h.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return h;
}

// ---------------------------------------------------------------------------
// Calendar tables

struct Calendar::Impl {
  std::string name;
  int first_year = 0;
  int last_year = 0;
  WeekMask weekmask = kMondayToFriday;
  Date first;
  Date last;
  std::int64_t base = 0;               // day number of `first`
  std::int64_t ndays = 0;              // days in the range
  std::vector<Holiday> holidays;       // bank holidays and closures, date order
  std::vector<std::uint8_t> flags;     // per day: bit0 working, bit1 bank hol, bit2 closure
  std::vector<std::int32_t> cum;       // ndays + 1: working days before each day
  std::vector<std::int32_t> workdays;  // offset of the k-th working day

  std::string range_text() const { return format_date(first) + ".." + format_date(last); }

  [[noreturn]] void out_of_range(const std::string& field, std::int64_t day) const {
    std::string what;
    if (day >= -208188 && day <= 2932896) {
      what = format_date(from_days(day));
    } else {
      what = "day number " + std::to_string(day);
    }
    throw OutOfRange(field,
                     what + " is outside the calendar's range " + range_text() + " (" + name + ")");
  }

  // Offset of a day number inside the range, or throws. `allow_end` admits
  // the day after the last date (an exclusive end).
  std::int64_t offset(std::int64_t day, const char* field, std::size_t index,
                      bool allow_end) const {
    if (day == kNaT) {
      throw InvalidArgument(index_path(field, index), "NaT (not a time) is not a date");
    }
    const std::int64_t limit = allow_end ? ndays : ndays - 1;
    if (day < base || day > base + limit) out_of_range(index_path(field, index), day);
    const std::int64_t off = day - base;
    return off;
  }

  std::int64_t offset(const Date& d, const char* field, bool allow_end) const {
    const std::int64_t day = to_days(d);
    const std::int64_t off = day - base;
    const std::int64_t limit = allow_end ? ndays : ndays - 1;
    if (off < 0 || off > limit) out_of_range(field, day);
    return off;
  }

  // Reports which argument of element i of working_days_between is outside
  // the range that NumPy's counting rule needs (see between_impl).
  [[noreturn]] void between_error(std::int64_t da, std::int64_t db, std::size_t i) const {
    const char* fa = "a";
    const char* fb = "b";
    if (da == kNaT) throw InvalidArgument(index_path(fa, i), "NaT (not a time) is not a date");
    if (db == kNaT) throw InvalidArgument(index_path(fb, i), "NaT (not a time) is not a date");
    // Forwards, both may be first..last+1; backwards, both may be first-1..last.
    const std::int64_t lo = db < da ? base - 1 : base;
    const std::int64_t hi = lo + ndays;
    if (da < lo || da > hi) out_of_range(index_path(fa, i), da);
    out_of_range(index_path(fb, i), db);
  }

  std::int64_t add(std::int64_t off, std::int64_t n, const std::string& field) const {
    // |n| is bounded first so the sum below cannot overflow.
    const bool n_ok = n <= std::numeric_limits<std::int32_t>::max() &&
                      n >= std::numeric_limits<std::int32_t>::min();
    const std::int64_t k =
        n_ok ? static_cast<std::int64_t>(cum[static_cast<std::size_t>(off)]) + n : -1;
    if (k < 0 || k >= static_cast<std::int64_t>(workdays.size())) {
      throw OutOfRange(field, "adding " + std::to_string(n) + " working days to " +
                                  format_date(first + bg::days(static_cast<long>(off))) +
                                  " leaves the calendar's range " + range_text() + " (" + name +
                                  ")");
    }
    return workdays[static_cast<std::size_t>(k)];
  }

  void build() {
    first = make_date(first_year, 1, 1);
    last = make_date(last_year, 12, 31);
    base = to_days(first);
    ndays = (last - first).days() + 1;
    const auto n = static_cast<std::size_t>(ndays);
    flags.assign(n, 0);
    // 1970-01-01 was a Thursday: Monday-first index of day number x is (x + 3) mod 7.
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t day = base + static_cast<std::int64_t>(i);
      const auto wd = static_cast<std::size_t>(((day + 3) % 7 + 7) % 7);
      flags[i] = weekmask[wd] ? 1 : 0;
    }
    for (const auto& h : holidays) {
      const auto i = static_cast<std::size_t>(to_days(h.date) - base);
      flags[i] = static_cast<std::uint8_t>((flags[i] & ~1u) | (h.bank_holiday ? 2u : 4u));
    }
    cum.assign(n + 1, 0);
    workdays.clear();
    workdays.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      cum[i + 1] = cum[i] + (flags[i] & 1);
      if (flags[i] & 1) workdays.push_back(static_cast<std::int32_t>(i));
    }
  }
};

namespace {

void check_year_range(int first_year, int last_year) {
  if (first_year < 1400 || first_year > 9999) {
    throw OutOfRange("first_year", std::to_string(first_year) + " is outside 1400..9999");
  }
  if (last_year < 1400 || last_year > 9999) {
    throw OutOfRange("last_year", std::to_string(last_year) + " is outside 1400..9999");
  }
  if (first_year > last_year) {
    throw InvalidArgument("first_year", "first_year " + std::to_string(first_year) +
                                            " is after last_year " + std::to_string(last_year));
  }
}

std::shared_ptr<const Calendar::Impl> make_impl(std::string name, int first_year, int last_year,
                                                const WeekMask& weekmask,
                                                std::vector<Holiday> holidays) {
  check_year_range(first_year, last_year);
  if (std::none_of(weekmask.begin(), weekmask.end(), [](bool b) { return b; })) {
    throw InvalidArgument("weekmask", "a week needs at least one working day");
  }
  auto impl = std::make_shared<Calendar::Impl>();
  impl->name = std::move(name);
  impl->first_year = first_year;
  impl->last_year = last_year;
  impl->weekmask = weekmask;
  const Date first = make_date(first_year, 1, 1);
  const Date last = make_date(last_year, 12, 31);
  for (std::size_t i = 0; i < holidays.size(); ++i) {
    const auto& d = holidays[i].date;
    if (d.is_special()) throw InvalidArgument(index_path("holidays", i) + ".date", "not a date");
    if (d < first || d > last) {
      throw OutOfRange(index_path("holidays", i) + ".date",
                       format_date(d) + " is outside the calendar's years " +
                           std::to_string(first_year) + ".." + std::to_string(last_year));
    }
  }
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  for (std::size_t i = 1; i < holidays.size(); ++i) {
    if (holidays[i].date == holidays[i - 1].date) {
      throw InvalidArgument("holidays", format_date(holidays[i].date) + " is listed twice (\"" +
                                            holidays[i - 1].name + "\" and \"" + holidays[i].name +
                                            "\")");
    }
  }
  impl->holidays = std::move(holidays);
  impl->build();
  return impl;
}

}  // namespace

Calendar::Calendar(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Calendar Calendar::england_and_wales() {
  static const std::shared_ptr<const Impl> kImpl = [] {
    std::vector<Holiday> all;
    for (int y = kEnglandWalesFirstYear; y <= kEnglandWalesLastYear; ++y) {
      auto h = england_and_wales_bank_holidays(y);
      all.insert(all.end(), std::make_move_iterator(h.begin()), std::make_move_iterator(h.end()));
    }
    return make_impl("england-and-wales", kEnglandWalesFirstYear, kEnglandWalesLastYear,
                     kMondayToFriday, std::move(all));
  }();
  return Calendar(kImpl);
}

Calendar Calendar::from_holidays(std::vector<Holiday> holidays, int first_year, int last_year,
                                 const WeekMask& weekmask, std::string name) {
  return Calendar(make_impl(std::move(name), first_year, last_year, weekmask, std::move(holidays)));
}

Calendar Calendar::from_govuk_file(const std::string& path, std::string_view division,
                                   const InputLimits& limits) {
  detail::check_limits(limits, "limits");
  return from_govuk_json(read_file(path, "path", limits.max_bytes), division, limits);
}

Calendar Calendar::from_govuk_json(std::string_view json_text, std::string_view division,
                                   const InputLimits& limits) {
  using nlohmann::json;
  const json doc = detail::parse_json(json_text, "json", limits, detail::PathRoot::document);
  if (!doc.is_object()) {
    throw InvalidArgument("json",
                          "expected a JSON object keyed by division "
                          "(\"england-and-wales\", \"scotland\", \"northern-ireland\")");
  }
  const std::string div(division);
  auto it = doc.find(div);
  if (it == doc.end()) {
    std::string known;
    for (auto k = doc.begin(); k != doc.end(); ++k) {
      if (!known.empty()) known += ", ";
      known += k.key();
    }
    throw NotFound("division", "unknown division \"" + div + "\"; the document has: " +
                                   (known.empty() ? "no divisions" : known));
  }
  const std::string root = div;
  if (!it->is_object()) throw InvalidArgument(root, "expected an object with \"events\"");
  auto ev = it->find("events");
  const std::string events_path = join_path(root, "events");
  if (ev == it->end()) throw InvalidArgument(events_path, "missing");
  if (!ev->is_array()) throw InvalidArgument(events_path, "expected an array of events");
  if (ev->empty())
    throw InvalidArgument(events_path, "no events: cannot tell which years are covered");

  std::vector<Holiday> holidays;
  holidays.reserve(ev->size());
  int first_year = 9999, last_year = 1400;
  for (std::size_t i = 0; i < ev->size(); ++i) {
    const auto& e = (*ev)[i];
    const std::string path = index_path(events_path, i);
    if (!e.is_object()) throw InvalidArgument(path, "expected an object");
    auto date_it = e.find("date");
    if (date_it == e.end()) throw InvalidArgument(join_path(path, "date"), "missing");
    if (!date_it->is_string()) throw InvalidArgument(join_path(path, "date"), "expected a string");
    Holiday h;
    h.date = parse_date(date_it->get_ref<const std::string&>(), join_path(path, "date"));
    auto title_it = e.find("title");
    if (title_it == e.end()) throw InvalidArgument(join_path(path, "title"), "missing");
    if (!title_it->is_string())
      throw InvalidArgument(join_path(path, "title"), "expected a string");
    h.name = title_it->get<std::string>();
    auto notes_it = e.find("notes");
    if (notes_it != e.end() && !notes_it->is_null()) {
      if (!notes_it->is_string())
        throw InvalidArgument(join_path(path, "notes"), "expected a string");
      h.notes = notes_it->get<std::string>();
    }
    const int y = h.date.year();
    first_year = std::min(first_year, y);
    last_year = std::max(last_year, y);
    holidays.push_back(std::move(h));
  }
  // Duplicate dates are reported with their event path.
  std::vector<std::pair<Date, std::size_t>> order;
  order.reserve(holidays.size());
  for (std::size_t i = 0; i < holidays.size(); ++i) order.emplace_back(holidays[i].date, i);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (order[i].first == order[i - 1].first) {
      throw InvalidArgument(join_path(index_path(events_path, order[i].second), "date"),
                            format_date(order[i].first) + " is already listed at " +
                                index_path(events_path, order[i - 1].second));
    }
  }
  return Calendar(make_impl(div, first_year, last_year, kMondayToFriday, std::move(holidays)));
}

Calendar Calendar::with_closures(const std::vector<Date>& dates, std::string_view name) const {
  std::vector<Holiday> all = impl_->holidays;
  std::vector<Date> sorted;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const Date& d = dates[i];
    const std::string field = index_path("closures", i);
    if (d.is_special()) throw InvalidArgument(field, "not a date");
    impl_->offset(d, field.c_str(), false);
    sorted.push_back(d);
  }
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (const Date& d : sorted) {
    if (is_holiday(d)) continue;  // already closed: keep the existing name
    all.push_back(Holiday{d, std::string(name), "", false});
  }
  return Calendar(
      make_impl(impl_->name, impl_->first_year, impl_->last_year, impl_->weekmask, std::move(all)));
}

Calendar Calendar::with_weekmask(const WeekMask& weekmask) const {
  return Calendar(
      make_impl(impl_->name, impl_->first_year, impl_->last_year, weekmask, impl_->holidays));
}

const std::string& Calendar::name() const { return impl_->name; }
int Calendar::first_year() const { return impl_->first_year; }
int Calendar::last_year() const { return impl_->last_year; }
Date Calendar::first_date() const { return impl_->first; }
Date Calendar::last_date() const { return impl_->last; }
const WeekMask& Calendar::weekmask() const { return impl_->weekmask; }

std::vector<Holiday> Calendar::bank_holidays(int first_year, int last_year) const {
  if (first_year > last_year) {
    throw InvalidArgument("first_year", "first_year " + std::to_string(first_year) +
                                            " is after last_year " + std::to_string(last_year));
  }
  auto check = [&](int y, const char* field) {
    if (y < impl_->first_year || y > impl_->last_year) {
      throw OutOfRange(field, "year " + std::to_string(y) + " is outside the calendar's years " +
                                  std::to_string(impl_->first_year) + ".." +
                                  std::to_string(impl_->last_year) + " (" + impl_->name + ")");
    }
  };
  check(first_year, "first_year");
  check(last_year, "last_year");
  std::vector<Holiday> out;
  for (const auto& h : impl_->holidays) {
    const int y = h.date.year();
    if (h.bank_holiday && y >= first_year && y <= last_year) out.push_back(h);
  }
  return out;
}

std::vector<Date> Calendar::holiday_dates() const {
  std::vector<Date> out;
  out.reserve(impl_->holidays.size());
  for (const auto& h : impl_->holidays) out.push_back(h.date);
  return out;
}

bool Calendar::is_bank_holiday(const Date& d) const {
  return (impl_->flags[static_cast<std::size_t>(impl_->offset(d, "date", false))] & 2) != 0;
}

bool Calendar::is_holiday(const Date& d) const {
  return (impl_->flags[static_cast<std::size_t>(impl_->offset(d, "date", false))] & 6) != 0;
}

bool Calendar::is_working_day(const Date& d) const {
  return (impl_->flags[static_cast<std::size_t>(impl_->offset(d, "date", false))] & 1) != 0;
}

std::int64_t Calendar::working_days_between(const Date& a, const Date& b) const {
  const std::int64_t da = to_days(a);
  const std::int64_t db = to_days(b);
  std::int64_t out = 0;
  working_days_between(&da, &db, 1, &out);
  return out;
}

Date Calendar::add_working_days(const Date& d, std::int64_t n) const {
  const auto off = impl_->offset(d, "date", false);
  const auto r = impl_->add(off, n, "n");
  return impl_->first + bg::days(static_cast<long>(r));
}

namespace {

// NumPy's busday_count: for a <= b the working days in [a, b); for b < a,
// minus the working days in [b + 1, a + 1) (NumPy >= 1.25, gh-23197).
template <class DayT>
void between_impl(const Calendar::Impl& c, const DayT* a, const DayT* b, std::size_t count,
                  std::int64_t* out) {
  const std::int32_t* cum = c.cum.data();
  const std::int64_t base = c.base;
  const auto limit = static_cast<std::uint64_t>(c.ndays);
  for (std::size_t i = 0; i < count; ++i) {
    const std::int64_t da = static_cast<std::int64_t>(a[i]);
    const std::int64_t db = static_cast<std::int64_t>(b[i]);
    const bool backwards = db < da;
    // Unsigned arithmetic: wraps (no UB) for NaT and far-off days, which
    // then fail the range check.
    const auto shift = static_cast<std::uint64_t>(backwards ? 1 - base : -base);
    const auto lo = static_cast<std::uint64_t>(backwards ? db : da) + shift;
    const auto hi = static_cast<std::uint64_t>(backwards ? da : db) + shift;
    if (lo > limit || hi > limit || da == kNaT || db == kNaT) c.between_error(da, db, i);
    const std::int64_t n = static_cast<std::int64_t>(cum[hi]) - cum[lo];
    out[i] = backwards ? -n : n;
  }
}

template <class DayT>
void add_impl(const Calendar::Impl& c, const DayT* dates, const std::int64_t* offsets,
              std::size_t count, DayT* out) {
  const std::int32_t* cum = c.cum.data();
  const std::int32_t* work = c.workdays.data();
  const auto nwork = static_cast<std::uint64_t>(c.workdays.size());
  const std::int64_t base = c.base;
  const auto limit = static_cast<std::uint64_t>(c.ndays);
  for (std::size_t i = 0; i < count; ++i) {
    const auto off = static_cast<std::uint64_t>(static_cast<std::int64_t>(dates[i])) -
                     static_cast<std::uint64_t>(base);
    const std::int64_t n = offsets[i];
    const bool ok = off < limit && n <= std::numeric_limits<std::int32_t>::max() &&
                    n >= std::numeric_limits<std::int32_t>::min();
    const std::int64_t k = ok ? cum[off] + n : -1;
    if (static_cast<std::uint64_t>(k) >= nwork) {
      const auto o = c.offset(static_cast<std::int64_t>(dates[i]), "dates", i, false);
      c.add(o, n, index_path("offsets", i));
    }
    out[i] = static_cast<DayT>(work[static_cast<std::uint64_t>(k)] + base);
  }
}

}  // namespace

void Calendar::working_days_between(const std::int32_t* a, const std::int32_t* b, std::size_t count,
                                    std::int64_t* out) const {
  if (count == 0) return;
  between_impl(*impl_, a, b, count, out);
}

void Calendar::working_days_between(const std::int64_t* a, const std::int64_t* b, std::size_t count,
                                    std::int64_t* out) const {
  if (count == 0) return;
  between_impl(*impl_, a, b, count, out);
}

void Calendar::add_working_days(const std::int32_t* dates, const std::int64_t* offsets,
                                std::size_t count, std::int32_t* out) const {
  if (count == 0) return;
  add_impl(*impl_, dates, offsets, count, out);
}

void Calendar::add_working_days(const std::int64_t* dates, const std::int64_t* offsets,
                                std::size_t count, std::int64_t* out) const {
  if (count == 0) return;
  add_impl(*impl_, dates, offsets, count, out);
}

// ---------------------------------------------------------------------------
// The calendar's own JSON document (pickling, saving a service calendar)

namespace {

constexpr const char* kCalendarFormat = "homeward.calendar";
constexpr int kCalendarVersion = 1;

bool same_holiday(const Holiday& a, const Holiday& b) {
  return a.date == b.date && a.name == b.name && a.notes == b.notes &&
         a.bank_holiday == b.bank_holiday;
}

// The England and Wales bank holidays of first..last, or nothing when the
// years are outside the rules' range.
std::vector<Holiday> ew_rules(int first_year, int last_year) {
  std::vector<Holiday> out;
  if (first_year < kEnglandWalesFirstYear || last_year > kEnglandWalesLastYear) return out;
  for (int y = first_year; y <= last_year; ++y) {
    auto h = england_and_wales_bank_holidays(y);
    out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

const nlohmann::json& member(const nlohmann::json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) throw InvalidArgument(join_path(path, key), "missing");
  return *it;
}

std::string string_member(const nlohmann::json& obj, const char* key, const std::string& path) {
  const auto& v = member(obj, key, path);
  if (!v.is_string()) throw InvalidArgument(join_path(path, key), "expected a string");
  return v.get<std::string>();
}

int year_member(const nlohmann::json& obj, const char* key) {
  const auto& v = member(obj, key, "");
  if (!v.is_number_integer()) throw InvalidArgument(key, "expected a whole year");
  const auto y = v.get<std::int64_t>();
  if (y < 1400 || y > 9999) {
    throw InvalidArgument(key, "year " + std::to_string(y) + " is outside 1400..9999");
  }
  return static_cast<int>(y);
}

}  // namespace

std::string Calendar::to_json() const {
  nlohmann::ordered_json j;
  j["format"] = kCalendarFormat;
  j["version"] = kCalendarVersion;
  j["name"] = impl_->name;
  j["first_year"] = impl_->first_year;
  j["last_year"] = impl_->last_year;
  j["weekmask"] = format_weekmask(impl_->weekmask);
  std::vector<Holiday> bank, closures;
  for (const auto& h : impl_->holidays) (h.bank_holiday ? bank : closures).push_back(h);
  const auto rules = ew_rules(impl_->first_year, impl_->last_year);
  const bool by_rule = !rules.empty() && rules.size() == bank.size() &&
                       std::equal(rules.begin(), rules.end(), bank.begin(), same_holiday);
  if (by_rule) {
    j["rules"] = "england-and-wales";
  } else {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& h : bank) {
      nlohmann::ordered_json o;
      o["date"] = format_date(h.date);
      o["name"] = h.name;
      if (!h.notes.empty()) o["notes"] = h.notes;
      arr.push_back(std::move(o));
    }
    j["holidays"] = std::move(arr);
  }
  auto arr = nlohmann::ordered_json::array();
  for (const auto& h : closures) {
    nlohmann::ordered_json o;
    o["date"] = format_date(h.date);
    o["name"] = h.name;
    if (!h.notes.empty()) o["notes"] = h.notes;
    arr.push_back(std::move(o));
  }
  j["closures"] = std::move(arr);
  return j.dump();
}

Calendar Calendar::from_json(std::string_view json_text, const InputLimits& limits) {
  using nlohmann::json;
  const json doc = detail::parse_json(json_text, "json", limits, detail::PathRoot::document);
  if (!doc.is_object()) throw InvalidArgument("json", "expected a calendar object");
  static const char* const kKeys[] = {"format",   "version", "name",     "first_year", "last_year",
                                      "weekmask", "rules",   "holidays", "closures"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (std::find_if(std::begin(kKeys), std::end(kKeys),
                     [&](const char* k) { return it.key() == k; }) == std::end(kKeys)) {
      throw InvalidArgument(it.key(),
                            "unknown key (expected format, version, name, first_year, "
                            "last_year, weekmask, rules, holidays, closures)");
    }
  }
  const std::string format = string_member(doc, "format", "");
  if (format != kCalendarFormat) {
    throw InvalidArgument("format", "\"" + format + "\" is not \"" + kCalendarFormat + "\"");
  }
  const auto& version = member(doc, "version", "");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kCalendarVersion) {
    throw InvalidArgument("version", "calendar format version " + version.dump() +
                                         " is not supported (this homeward reads version " +
                                         std::to_string(kCalendarVersion) + ")");
  }
  std::string name = string_member(doc, "name", "");
  const int first_year = year_member(doc, "first_year");
  const int last_year = year_member(doc, "last_year");
  check_year_range(first_year, last_year);
  const WeekMask mask = parse_weekmask(string_member(doc, "weekmask", ""), "weekmask");
  const bool has_rules = doc.contains("rules"), has_list = doc.contains("holidays");
  if (has_rules == has_list) {
    throw InvalidArgument("holidays", "give exactly one of \"rules\" and \"holidays\"");
  }
  std::vector<Holiday> all;
  if (has_rules) {
    const std::string rules = string_member(doc, "rules", "");
    if (rules != "england-and-wales") {
      throw InvalidArgument("rules", "unknown rules \"" + rules + "\" (known: england-and-wales)");
    }
    all = ew_rules(first_year, last_year);
    if (all.empty()) {
      throw OutOfRange("first_year", "the england-and-wales rules cover " +
                                         std::to_string(kEnglandWalesFirstYear) + ".." +
                                         std::to_string(kEnglandWalesLastYear));
    }
  }
  auto read_list = [&](const char* key, bool bank) {
    auto it = doc.find(key);
    if (it == doc.end()) return;
    if (!it->is_array()) throw InvalidArgument(key, "expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& e = (*it)[i];
      const std::string path = index_path(key, i);
      if (!e.is_object()) throw InvalidArgument(path, "expected an object");
      for (auto k = e.begin(); k != e.end(); ++k) {
        if (k.key() != "date" && k.key() != "name" && k.key() != "notes") {
          throw InvalidArgument(join_path(path, k.key()),
                                "unknown key (expected date, name, notes)");
        }
      }
      Holiday h;
      h.date = parse_date(string_member(e, "date", path), join_path(path, "date"));
      h.name = string_member(e, "name", path);
      if (e.contains("notes")) h.notes = string_member(e, "notes", path);
      h.bank_holiday = bank;
      all.push_back(std::move(h));
    }
  };
  if (has_list) read_list("holidays", true);
  read_list("closures", false);
  return Calendar(make_impl(std::move(name), first_year, last_year, mask, std::move(all)));
}

bool Calendar::operator==(const Calendar& other) const {
  if (impl_ == other.impl_) return true;
  const Impl& a = *impl_;
  const Impl& b = *other.impl_;
  return a.name == b.name && a.first_year == b.first_year && a.last_year == b.last_year &&
         a.weekmask == b.weekmask && a.holidays.size() == b.holidays.size() &&
         std::equal(a.holidays.begin(), a.holidays.end(), b.holidays.begin(), same_holiday);
}

}  // namespace homeward
