// Report: periods (month, quarter, financial year, custom), targets and
// settings from JSON, and delay-reason groups.
#include "json_util.hpp"

#include "homeward/error.hpp"
#include "homeward/report.hpp"
#include "homeward/timeline_codes.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

namespace homeward {
namespace {

using json = nlohmann::json;
namespace bg = boost::gregorian;

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

std::string month_name(int m) { return kMonthNames[(m - 1) % 12]; }

Date last_of_month(int y, int m) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), 1).end_of_month();
}

std::string fy_label(int start_year) {
  const int next = (start_year + 1) % 100;
  return std::to_string(start_year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

std::string short_date(const Date& d) {
  return std::to_string(static_cast<int>(d.day())) + " " + month_name(d.month()).substr(0, 3) +
         " " + std::to_string(static_cast<int>(d.year()));
}

// Fill start/end/label for a period of `kind` that ends with month (y, m).
ReportPeriod period_ending(ReportPeriodKind kind, int y, int m) {
  ReportPeriod p;
  p.kind = kind;
  p.end = last_of_month(y, m);
  switch (kind) {
    case ReportPeriodKind::month:
      p.start = Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), 1);
      p.label = month_name(m) + " " + std::to_string(y);
      break;
    case ReportPeriodKind::quarter: {
      p.start = (bg::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), 1) -
                 bg::months(2));
      const int sm = p.start.month();
      const int fy =
          sm >= 4 ? static_cast<int>(p.start.year()) : static_cast<int>(p.start.year()) - 1;
      const int q = sm >= 4 ? (sm - 4) / 3 + 1 : 4;
      p.label = "Q" + std::to_string(q) + " " + fy_label(fy) + " (" + month_name(sm) + " to " +
                month_name(m) + " " + std::to_string(y) + ")";
      break;
    }
    case ReportPeriodKind::financial_year:
      p.start = Date(static_cast<unsigned short>(y - 1), 4, 1);
      p.label = "Financial year " + fy_label(y - 1) + " (April " + std::to_string(y - 1) +
                " to March " + std::to_string(y) + ")";
      break;
    case ReportPeriodKind::custom: break;
  }
  return p;
}

std::string type_name(const json& j) { return j.type_name(); }

ReportTarget target_from_json(const json& j, ReportTarget t, const std::string& field) {
  if (!j.is_object()) throw InvalidArgument(field, "expected an object, got " + type_name(j));
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string f = join_path(field, it.key());
    if (it.key() == "higher_is_better") {
      if (!it->is_boolean())
        throw InvalidArgument(f, "expected true or false, got " + type_name(*it));
      t.higher_is_better = it->get<bool>();
    } else if (it.key() == "green" || it.key() == "amber") {
      std::optional<double> v;
      if (!it->is_null()) {
        if (!it->is_number())
          throw InvalidArgument(f, "expected a number or null, got " + type_name(*it));
        v = it->get<double>();
        if (!std::isfinite(*v)) throw InvalidArgument(f, "must be finite");
      }
      (it.key() == "green" ? t.green : t.amber) = v;
    } else {
      throw InvalidArgument(f, "unknown target field " + quote_value(it.key()) +
                                   " (known: green, amber, higher_is_better)");
    }
  }
  if (t.amber && !t.green)
    throw InvalidArgument(join_path(field, "amber"), "an amber threshold needs a green one");
  if (t.amber && t.green) {
    const bool ok = t.higher_is_better ? *t.amber <= *t.green : *t.amber >= *t.green;
    if (!ok) {
      throw InvalidArgument(join_path(field, "amber"),
                            std::string("must be ") +
                                (t.higher_is_better ? "at most" : "at least") + " green when " +
                                (t.higher_is_better ? "higher" : "lower") + " is better");
    }
  }
  return t;
}

}  // namespace

std::string_view report_period_kind_name(ReportPeriodKind k) {
  switch (k) {
    case ReportPeriodKind::custom: return "custom";
    case ReportPeriodKind::month: return "month";
    case ReportPeriodKind::quarter: return "quarter";
    case ReportPeriodKind::financial_year: return "financial_year";
  }
  return "custom";
}

ReportPeriodKind parse_report_period_kind(std::string_view text, std::string_view field) {
  if (text == "custom") return ReportPeriodKind::custom;
  if (text == "month") return ReportPeriodKind::month;
  if (text == "quarter") return ReportPeriodKind::quarter;
  if (text == "financial_year" || text == "financial-year") return ReportPeriodKind::financial_year;
  throw InvalidArgument(
      std::string(field),
      quote_value(text) + " is not a period (known: month, quarter, financial_year, custom)");
}

ReportPeriod report_period(ReportPeriodKind kind, const Date& as_of, std::string source) {
  if (kind == ReportPeriodKind::custom) {
    throw InvalidArgument("period", "a custom period needs start and end dates");
  }
  if (as_of.is_special()) throw InvalidArgument("as_of", "not a date");
  int y = as_of.year();
  int m = as_of.month();
  // The last month that is complete on as_of.
  if (as_of != as_of.end_of_month()) {
    if (--m == 0) {
      m = 12;
      --y;
    }
  }
  if (kind == ReportPeriodKind::quarter) {
    // Quarters end in March, June, September, December.
    while (m % 3 != 0) {
      if (--m == 0) {
        m = 12;
        --y;
      }
    }
  } else if (kind == ReportPeriodKind::financial_year) {
    if (m < 3) --y;
    m = 3;
  }
  ReportPeriod p = period_ending(kind, y, m);
  p.as_of = as_of;
  p.source = source.empty() ? "the latest complete " +
                                  std::string(kind == ReportPeriodKind::financial_year
                                                  ? "financial year"
                                                  : report_period_kind_name(kind)) +
                                  " on or before the report date " + format_date(as_of)
                            : std::move(source);
  return p;
}

ReportPeriod report_period(const Date& start, const Date& end, const Date& as_of,
                           std::string source) {
  if (start.is_special()) throw InvalidArgument("start", "not a date");
  if (end.is_special()) throw InvalidArgument("end", "not a date");
  if (as_of.is_special()) throw InvalidArgument("as_of", "not a date");
  if (end < start)
    throw InvalidArgument("end", format_date(end) + " is before start " + format_date(start));
  if (as_of < end) {
    throw InvalidArgument("as_of", "the report date " + format_date(as_of) +
                                       " is before the period end " + format_date(end));
  }
  ReportPeriod p;
  p.kind = ReportPeriodKind::custom;
  p.start = start;
  p.end = end;
  p.as_of = as_of;
  p.label = short_date(start) + " to " + short_date(end);
  p.source = source.empty() ? "start and end dates given" : std::move(source);
  return p;
}

ReportPeriod previous_report_period(const ReportPeriod& p) {
  ReportPeriod q;
  if (p.kind == ReportPeriodKind::custom) {
    if (p.start.day() == 1 && p.end == p.end.end_of_month()) {
      // Whole calendar months: the same number of months just before.
      const int months = (p.end.year() - p.start.year()) * 12 + p.end.month() - p.start.month() + 1;
      q = report_period(p.start - bg::months(months), p.start - bg::days(1), p.as_of,
                        "the same number of calendar months before");
      return q;
    }
    const auto len = (p.end - p.start).days() + 1;
    q = report_period(p.start - bg::days(len), p.start - bg::days(1), p.as_of,
                      "the same number of days before");
    return q;
  }
  const Date before = p.start - bg::days(1);
  q = period_ending(p.kind, before.year(), before.month());
  q.as_of = p.as_of;
  q.source =
      "the " +
      std::string(p.kind == ReportPeriodKind::financial_year ? "financial year"
                                                             : report_period_kind_name(p.kind)) +
      " before";
  return q;
}

ReportSettings report_settings_from_json(std::string_view json_text, std::string_view field_view) {
  const std::string field(field_view);
  const json j = detail::parse_json(json_text, field);
  if (!j.is_object()) throw InvalidArgument(field, "expected an object, got " + type_name(j));
  ReportSettings s;
  std::optional<Date> start, end, as_of;
  std::optional<ReportPeriodKind> kind;
  std::optional<std::string> source;
  auto date_of = [&](const json& v, const std::string& f) {
    if (!v.is_string()) throw InvalidArgument(f, "expected a date string, got " + type_name(v));
    return parse_date(v.get<std::string>(), f);
  };
  auto int_of = [&](const json& v, const std::string& f, std::int64_t lo, std::int64_t hi) {
    if (!v.is_number_integer())
      throw InvalidArgument(f, "expected an integer, got " + type_name(v));
    const auto x = v.get<std::int64_t>();
    if (x < lo || x > hi) {
      throw InvalidArgument(
          f, std::to_string(x) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    return x;
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const std::string f = join_path(field, k);
    const json& v = *it;
    if (k == "start") {
      start = date_of(v, f);
    } else if (k == "end") {
      end = date_of(v, f);
    } else if (k == "as_of") {
      as_of = date_of(v, f);
    } else if (k == "period") {
      if (!v.is_string()) throw InvalidArgument(f, "expected a string, got " + type_name(v));
      kind = parse_report_period_kind(v.get<std::string>(), f);
    } else if (k == "policy") {
      s.policy = timeline_policy_from_json(v.dump(), f);
    } else if (k == "costs") {
      s.costs = cost_model_from_json(v.dump(), f);
    } else if (k == "match_options") {
      try {
        s.match_options = match_options_from_json(v.dump());
      } catch (const Error& e) {
        throw Error(e.code(), join_path(f, e.field()), e.message());
      }
    } else if (k == "targets") {
      if (!v.is_object()) throw InvalidArgument(f, "expected an object, got " + type_name(v));
      for (auto t = v.begin(); t != v.end(); ++t) {
        const std::string tf = join_path(f, t.key());
        ReportTarget* target = nullptr;
        if (t.key() == "caseload")
          target = &s.targets.caseload;
        else if (t.key() == "follow_up")
          target = &s.targets.follow_up;
        else if (t.key() == "readmission")
          target = &s.targets.readmission;
        else if (t.key() == "crfd_days")
          target = &s.targets.crfd_days;
        else if (t.key() == "step_down_occupancy")
          target = &s.targets.step_down_occupancy;
        else if (t.key() == "bed_days_avoided")
          target = &s.targets.bed_days_avoided;
        else if (t.key() == "savings")
          target = &s.targets.savings;
        else {
          throw InvalidArgument(tf, "unknown figure " + quote_value(t.key()) +
                                        " (known: caseload, follow_up, readmission, crfd_days, "
                                        "step_down_occupancy, bed_days_avoided, savings)");
        }
        *target = target_from_json(*t, *target, tf);
      }
    } else if (k == "step_down_beds") {
      s.step_down_beds =
          v.is_null() ? std::nullopt : std::optional<std::int64_t>(int_of(v, f, 1, 1000000));
    } else if (k == "trend_months") {
      s.trend_months = static_cast<int>(int_of(v, f, 1, 120));
    } else if (k == "star_people") {
      s.star_people = static_cast<int>(int_of(v, f, 0, 50));
    } else if (k == "list_limit") {
      s.list_limit = static_cast<std::size_t>(int_of(v, f, 1, 100000));
    } else if (k == "source") {
      if (!v.is_string()) throw InvalidArgument(f, "expected a string, got " + type_name(v));
      source = v.get<std::string>();
    } else if (k == "title") {
      if (!v.is_string()) throw InvalidArgument(f, "expected a string, got " + type_name(v));
      s.title = v.get<std::string>();
      if (s.title.empty()) throw InvalidArgument(f, "must not be empty");
    } else {
      throw InvalidArgument(
          f, "unknown setting " + quote_value(k) +
                 " (known: start, end, as_of, period, policy, costs, targets, step_down_beds, "
                 "trend_months, star_people, list_limit, match_options, title, source)");
    }
  }
  if (!as_of) throw InvalidArgument(join_path(field, "as_of"), "the report date is required");
  if (kind && *kind != ReportPeriodKind::custom) {
    if (start || end) {
      throw InvalidArgument(join_path(field, start ? "start" : "end"),
                            "give either a period or start and end dates, not both");
    }
    s.period = report_period(*kind, *as_of);
  } else {
    if (!start) throw InvalidArgument(join_path(field, "start"), "required (or give a period)");
    if (!end) throw InvalidArgument(join_path(field, "end"), "required (or give a period)");
    try {
      s.period = report_period(*start, *end, *as_of);
    } catch (const Error& e) {
      throw Error(e.code(), join_path(field, e.field()), e.message());
    }
  }
  if (source && !source->empty()) s.period.source = *source;
  return s;
}

// ---------------------------------------------------------------------------
// Delay reasons

namespace {
const ReportReasonGroup kHousing{"housing", "Housing"};
const ReportReasonGroup kSocialCare{"social_care", "Social care"};
const ReportReasonGroup kHospital{"hospital", "Hospital"};
const ReportReasonGroup kCommunity{"community", "Community and other"};

// The code as a number when it is one ("03" -> 3), else -1.
int code_number(std::string_view code) {
  if (code.empty() || code.size() > 3) return -1;
  int v = 0;
  for (char c : code) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}
}  // namespace

// Codes are normalised to the table's two-digit form ("3" -> "03").
std::string normal_code(std::string_view code) {
  const int n = code_number(code);
  if (n < 0) return std::string(code);
  return (n < 10 ? "0" : "") + std::to_string(n);
}

const ReportReasonGroup& crfd_reason_group(std::string_view code) {
  // The groups of NHS England's dashboard, from the core's code table
  // (timeline_codes.hpp); codes outside the table fall back to the rule
  // hospital {11, 35, 36}, social care {03, 07, 20, 21, 34}, housing
  // {14-19, 32}, all others community.
  const std::string_view g = code_group(CodeTable::delay_reason, normal_code(code));
  if (g == "housing") return kHousing;
  if (g == "social_care") return kSocialCare;
  if (g == "hospital") return kHospital;
  if (!g.empty()) return kCommunity;
  switch (code_number(code)) {
    case 11:
    case 35:
    case 36: return kHospital;
    case 3:
    case 7:
    case 20:
    case 21:
    case 34: return kSocialCare;
    case 14:
    case 15:
    case 16:
    case 17:
    case 18:
    case 19:
    case 32: return kHousing;
    default: return kCommunity;
  }
}

std::string crfd_reason_name(std::string_view code) {
  return std::string(code_name(CodeTable::delay_reason, normal_code(code)));
}

}  // namespace homeward
