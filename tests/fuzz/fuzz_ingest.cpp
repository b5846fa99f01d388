// The table API of hw_ingest.h: hw_ingest_table_new, columns of text, numbers,
// days and timestamps (names and values from the fuzz bytes: NaN, infinities,
// HW_NO_DAY, INT64_MIN, any text including invalid UTF-8 and blank cells,
// duplicate names, mismatched lengths), then one of hw_ingest_events,
// hw_ingest_readings (Recovery Star), hw_ingest_places, hw_ingest_workers,
// hw_ingest_people with an options JSON.
// Input: loader byte, first-row byte, rows byte (0..7), the options JSON (empty:
// NULL), a NUL byte, then columns: kind byte (text, numbers, days,
// timestamps), name byte (a known column name, or >= the count of known names:
// the name follows, NUL-terminated), count byte (bit 7: count = low 3 bits,
// else rows), then the values: text cells are a marker byte (0: NULL cell) and
// text up to a NUL; numbers, days and timestamps a selector byte (and bytes).
// Checks: outputs untouched on error; on success the caseload's JSON and the
// readings' JSON reload, and places / workers / people are a JSON array.
#include "fuzz_common.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <deque>
#include <limits>

namespace {

const char* const kNames[] = {"person_id",
                              "type",
                              "date",
                              "planned_discharge",
                              "end_date",
                              "delay_reason",
                              "destination",
                              "admitted",
                              "out_of_area_reason",
                              "discharge_method",
                              "bed_type",
                              "ward_security_level",
                              "attend_status",
                              "consultation_mechanism",
                              "attributable_to",
                              "ward",
                              "team",
                              "county",
                              "service",
                              "completed_by",
                              "retrospective",
                              "Managing mental health",
                              "Physical health and self-care",
                              "Living skills",
                              "Social networks",
                              "Work",
                              "Relationships",
                              "Addictive behaviour",
                              "Responsibilities",
                              "Identity and self-esteem",
                              "Trust and hope",
                              "id",
                              "area",
                              "beds",
                              "gender",
                              "step_free",
                              "substance_use_support",
                              "max_risk",
                              "free_date",
                              "max_stay_days",
                              "role",
                              "areas",
                              "caseload_limit",
                              "current_load",
                              "risk",
                              "needs",
                              "ready_date",
                              "preferences",
                              "acceptable_areas",
                              "expected_stay_days",
                              "roles",
                              "LocalPatientId",
                              "PERSON_ID",
                              "Patient",
                              "event_type",
                              "reading_date",
                              "place_id",
                              "worker_id",
                              ""};
constexpr std::size_t kNameCount = sizeof kNames / sizeof kNames[0];

const hw_star* recovery_star() {
  static hw_star* s = [] {
    hw_star* x = nullptr;
    fuzz::must(hw_star_recovery_star(&x, fuzz::E()), "hw_star_recovery_star");
    return x;
  }();
  return s;
}

std::uint64_t u64(fuzz::Input& in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in.byte();
  return v;
}

double number(fuzz::Input& in) {
  switch (in.byte() % 8) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return -0.0;
    case 4: return static_cast<double>(static_cast<std::int8_t>(in.byte()));
    case 5: return 40000.0 + static_cast<double>(in.byte() << 8 | in.byte());  // Excel serial
    case 6: {
      const std::uint64_t bits = u64(in);
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return d;
    }
    default: return static_cast<double>(in.byte()) / 4.0;
  }
}

std::int32_t day(fuzz::Input& in) {
  switch (in.byte() % 4) {
    case 0: return HW_NO_DAY;
    case 1: return fuzz::day_in_range(in);
    case 2: return in.i32();
    default: return static_cast<std::int32_t>(in.byte());
  }
}

std::int64_t timestamp(fuzz::Input& in) {
  constexpr std::int64_t kDay = 86400LL * 1000000000LL;
  switch (in.byte() % 4) {
    case 0: return std::numeric_limits<std::int64_t>::min();
    case 1: return fuzz::day_in_range(in) * kDay;
    case 2: return static_cast<std::int64_t>(u64(in));
    default: return fuzz::day_in_range(in) * kDay + in.byte() * 1000000000LL;
  }
}

struct Table {
  hw_ingest_table* t = nullptr;
  ~Table() { hw_ingest_table_free(t); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  fuzz::Input in(data, size);
  const int loader = static_cast<int>(in.byte() % 5);
  const std::size_t first_row = in.byte() % 3;
  const std::size_t rows = in.byte() % 8;
  const std::string options = in.until_nul();
  const char* opt = options.empty() ? nullptr : options.c_str();

  Table table;
  const char* source = (first_row == 1) ? nullptr : "table.csv";
  if (!fuzz::ok(hw_ingest_table_new(&table.t, source, first_row, fuzz::E()),
                "hw_ingest_table_new")) {
    FUZZ_CHECK(table.t == nullptr);
    return 0;
  }

  // The table copies nothing: every buffer lives until the load returns.
  std::deque<std::string> names;
  std::deque<std::vector<std::string>> texts;
  std::deque<std::vector<const char*>> cells;
  std::deque<std::vector<double>> numbers;
  std::deque<std::vector<std::int32_t>> days;
  std::deque<std::vector<std::int64_t>> stamps;
  for (int col = 0; col < 24 && !in.empty(); ++col) {
    const std::uint8_t kind = in.byte() % 4;
    const std::uint8_t nsel = in.byte();
    names.push_back(nsel < kNameCount ? std::string(kNames[nsel]) : in.until_nul());
    const char* name = names.back().c_str();
    const std::uint8_t lenb = in.byte();
    const std::size_t count = (lenb & 0x80) ? (lenb & 7) : rows;
    int st = HW_OK;
    switch (kind) {
      case 0: {
        std::vector<std::string> t(count);
        std::vector<bool> null(count);
        for (std::size_t i = 0; i < count; ++i) {
          null[i] = in.byte() == 0;
          if (!null[i]) t[i] = in.until_nul();
        }
        texts.push_back(std::move(t));
        std::vector<const char*> p(count);
        for (std::size_t i = 0; i < count; ++i) p[i] = null[i] ? nullptr : texts.back()[i].c_str();
        cells.push_back(std::move(p));
        st = hw_ingest_table_add_text(table.t, name, cells.back().data(), count, fuzz::E());
        break;
      }
      case 1: {
        std::vector<double> v(count);
        for (auto& x : v) x = number(in);
        numbers.push_back(std::move(v));
        st = hw_ingest_table_add_numbers(table.t, name, numbers.back().data(), count, fuzz::E());
        break;
      }
      case 2: {
        std::vector<std::int32_t> v(count);
        for (auto& x : v) x = day(in);
        days.push_back(std::move(v));
        st = hw_ingest_table_add_days(table.t, name, days.back().data(), count, fuzz::E());
        break;
      }
      default: {
        std::vector<std::int64_t> v(count);
        for (auto& x : v) x = timestamp(in);
        stamps.push_back(std::move(v));
        st = hw_ingest_table_add_timestamps(table.t, name, stamps.back().data(), count, fuzz::E());
        break;
      }
    }
    fuzz::ok(st, "hw_ingest_table_add_*");
  }

  switch (loader) {
    case 0: {
      hw_caseload* c = nullptr;
      if (!fuzz::ok(hw_ingest_events(&c, table.t, opt, fuzz::E()), "hw_ingest_events")) {
        FUZZ_CHECK(c == nullptr, "a caseload was written although the load failed");
        return 0;
      }
      fuzz::Str doc;
      fuzz::must(hw_caseload_to_json(doc.out(), c, HW_JSON_COMPACT, fuzz::E()),
                 "hw_caseload_to_json");
      hw_caseload* again = nullptr;
      if (hw_caseload_from_json(&again, doc.p, nullptr, fuzz::E()) != HW_OK) {
        fuzz::fail("the ingested caseload's own JSON does not reload", doc.str().substr(0, 400));
      }
      hw_caseload_free(again);
      hw_caseload_free(c);
      return 0;
    }
    case 1: {
      hw_star_readings* r = nullptr;
      if (!fuzz::ok(hw_ingest_readings(&r, recovery_star(), table.t, opt, fuzz::E()),
                    "hw_ingest_readings")) {
        FUZZ_CHECK(r == nullptr, "readings were written although the load failed");
        return 0;
      }
      fuzz::Str doc;
      fuzz::must(hw_star_readings_to_json(doc.out(), r, fuzz::E()), "hw_star_readings_to_json");
      hw_star_readings* again = nullptr;
      if (hw_star_readings_from_json(&again, recovery_star(), doc.p, fuzz::E()) != HW_OK) {
        fuzz::fail("the ingested readings' own JSON does not reload", doc.str().substr(0, 400));
      }
      hw_star_readings_free(again);
      hw_star_readings_free(r);
      return 0;
    }
    default: {
      fuzz::Str out;
      const char* call = loader == 2   ? "hw_ingest_places"
                         : loader == 3 ? "hw_ingest_workers"
                                       : "hw_ingest_people";
      const int st = loader == 2   ? hw_ingest_places(out.out(), table.t, opt, fuzz::E())
                     : loader == 3 ? hw_ingest_workers(out.out(), table.t, opt, fuzz::E())
                                   : hw_ingest_people(out.out(), table.t, opt, fuzz::E());
      if (!fuzz::ok(st, call)) {
        FUZZ_CHECK(out.p == nullptr, "records were written although the load failed");
        return 0;
      }
      FUZZ_CHECK(nlohmann::json::accept(out.str()), "the records are not JSON");
      const auto j = nlohmann::json::parse(out.str());
      FUZZ_CHECK(j.is_array(), "the records are not an array");
      return 0;
    }
  }
}
