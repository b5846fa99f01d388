// Star readings from a table: one row per reading, one column per area
// (matched by area id or display name), completed-by by name or display name.
#include "ingest_internal.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

namespace homeward {

using namespace ingest_detail;

namespace {

enum Slot : std::size_t { kPerson = 0, kDate, kCompleted, kRetro };

}  // namespace

StarReadings readings_from_table(const StarDefinition& def, const Table& t,
                                 const IngestOptions& options) {
  const auto& schema = table_schema("readings");
  Issues issues(t, "readings", options.max_errors);
  std::vector<std::vector<std::string>> area_names;
  for (const auto& a : def.areas()) area_names.push_back({a.id, a.name});
  std::vector<const Column*> areas;
  const Resolved r = resolve(t, schema, options, issues, area_names, &areas);
  std::string missing_areas;
  for (std::size_t a = 0; a < areas.size(); ++a) {
    if (!areas[a]) missing_areas += (missing_areas.empty() ? "" : ", ") + def.areas()[a].id;
  }
  if (!missing_areas.empty()) {
    issues.add_table("", "no column for area(s) " + missing_areas + " of the " + def.name() +
                             " (by id or display name; blank cells where not scored)");
  }
  for (const Column* c : r.extras) {
    issues.add_table(
        c->name,
        "not a column of Star readings (known: person_id, date, completed_by, retrospective "
        "and the " +
            def.name() + "'s areas)");
  }
  issues.throw_if_any();

  const std::size_t n = t.rows;
  const std::size_t na = areas.size();
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> days(n, 0);
  std::vector<std::uint8_t> completed(n, static_cast<std::uint8_t>(Completion::jointly));
  std::vector<std::uint8_t> retro(n, 0);
  std::vector<double> scores(n * na, std::numeric_limits<double>::quiet_NaN());
  const Column& cperson = *r.fields[kPerson];
  const Column& cdate = *r.fields[kDate];
  const Column* ccomp = r.fields[kCompleted];
  const Column* cretro = r.fields[kRetro];
  const int lo = def.scale_min(), hi = def.scale_max();
  // (person, day) -> first row, for duplicate readings.
  std::unordered_map<std::string, std::size_t> seen;

  for (std::size_t i = 0; i < n; ++i) {
    bool ok = true;
    try {
      auto v = text(cperson, i);
      if (!v) {
        issues.add_row(i, cperson.name, "missing person id");
        ok = false;
      } else if (v->size() > 256) {
        issues.add_row(i, cperson.name, "person id longer than 256 bytes");
        ok = false;
      } else {
        ids[i] = std::move(*v);
      }
    } catch (const Error& e) {
      issues.add_row(i, cperson.name, e.message());
      ok = false;
    }
    try {
      auto d = date(cdate, i);
      if (!d) {
        issues.add_row(i, cdate.name, "missing date");
        ok = false;
      } else {
        days[i] = *d;
      }
    } catch (const Error& e) {
      issues.add_row(i, cdate.name, e.message());
      ok = false;
    }
    if (ccomp && !missing(*ccomp, i)) {
      if (ccomp->kind != ColumnKind::strings) {
        issues.add_row(i, ccomp->name, "expected jointly, worker or service_user");
      } else if (const auto who = completion_from_name(ccomp->strings[i])) {
        completed[i] = static_cast<std::uint8_t>(*who);
      } else {
        issues.add_row(i, ccomp->name,
                       quote_value(ccomp->strings[i]) +
                           " is not jointly, worker or service_user (\"Worker only\" and "
                           "\"Service user only\" are read too)");
      }
    }
    if (cretro) {
      try {
        retro[i] = boolean(*cretro, i).value_or(false) ? 1 : 0;
      } catch (const Error& e) {
        issues.add_row(i, cretro->name, e.message());
      }
    }
    for (std::size_t a = 0; a < na; ++a) {
      const Column& c = *areas[a];
      try {
        auto v = number(c, i);
        if (!v) continue;
        if (*v != std::floor(*v) || *v < lo || *v > hi) {
          issues.add_row(i, c.name,
                         quote_value(number_text(*v)) + " is not a score of the " + def.name() +
                             " (a whole number " + std::to_string(lo) + ".." + std::to_string(hi) +
                             ")");
          continue;
        }
        scores[i * na + a] = *v;
      } catch (const Error& e) {
        issues.add_row(i, c.name, e.message());
      }
    }
    if (ok) {
      std::string key = ids[i];
      key.push_back('\0');
      key += std::to_string(days[i]);
      auto [it, inserted] = seen.emplace(std::move(key), i);
      if (!inserted) {
        issues.add_row(i, cdate.name,
                       "a second reading for " + quote_value(ids[i]) + " on " +
                           format_date(from_days(days[i])) + " (the first is at row " +
                           std::to_string(issues.row_number(it->second)) + ")");
      }
    }
  }
  issues.throw_if_any();

  std::vector<std::string_view> views(ids.begin(), ids.end());
  StarColumns cols;
  cols.count = n;
  cols.person_ids = views.data();
  cols.dates = days.data();
  cols.area_scores.resize(na);
  for (std::size_t a = 0; a < na; ++a) cols.area_scores[a] = scores.data() + a;
  cols.score_stride = na;
  cols.completed_by = completed.data();
  cols.retrospective = retro.data();
  cols.nan_is_missing = true;
  return StarReadings::from_columns(def, cols);
}

}  // namespace homeward
