// Tables in: the core's column rules (codes, dates, names, lists, row order,
// per-person attributes, errors listing every bad row, nothing half-loaded).
#include <catch2/catch.hpp>

#include "homeward/ingest.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace homeward;

namespace {

// A table built from string cells ("" is blank), one vector per column.
struct TextTable {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> cells;  // per column
  std::vector<std::vector<std::string_view>> views;
  Table table;

  TextTable(std::string source, std::vector<std::string> n,
            const std::vector<std::vector<std::string>>& rows)
      : names(std::move(n)) {
    cells.assign(names.size(), {});
    for (const auto& r : rows) {
      REQUIRE(r.size() == names.size());
      for (std::size_t c = 0; c < r.size(); ++c) cells[c].push_back(r[c]);
    }
    views.resize(names.size());
    table.source = std::move(source);
    table.rows = rows.size();
    for (std::size_t c = 0; c < names.size(); ++c) {
      for (const auto& s : cells[c]) views[c].emplace_back(s);
      Column col;
      col.name = names[c];
      col.kind = ColumnKind::strings;
      col.strings = views[c].data();
      table.columns.push_back(col);
    }
  }
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("codes: numbers read as 18.0 become \"18\", leading zeros kept, fractions refused") {
  CHECK(normalise_code("18", "delay reason code") == "18");
  CHECK(normalise_code(" 18.0 ", "delay reason code") == "18");
  CHECK(normalise_code("05", "delay reason code") == "05");
  CHECK(normalise_code("05.00", "delay reason code") == "05");
  CHECK(normalise_code(18.0, "delay reason code") == "18");
  CHECK(normalise_code("permanent_home", "destination code") == "permanent_home");
  CHECK(error_of([] { normalise_code("18.5", "delay reason code"); }) ==
        "\"18.5\" is not a delay reason code");
  CHECK(error_of([] { normalise_code(18.5, "delay reason code"); }) ==
        "\"18.5\" is not a delay reason code");
  CHECK_THROWS_AS(normalise_code(std::nan(""), "code"), InvalidArgument);
  CHECK_THROWS_AS(normalise_code("", "code"), InvalidArgument);
}

TEST_CASE("dates: ISO, midnight timestamps and Excel serials; others refused by name") {
  CHECK(date_text_to_days("1970-01-01") == 0);
  CHECK(date_text_to_days("2025-01-06") == to_days(Date(2025, 1, 6)));
  CHECK(date_text_to_days("2025-01-06 00:00:00") == to_days(Date(2025, 1, 6)));
  CHECK(date_text_to_days("2025-01-06T00:00:00.000") == to_days(Date(2025, 1, 6)));
  CHECK(date_text_to_days("2024-02-29") == to_days(Date(2024, 2, 29)));
  CHECK_THROWS_WITH(date_text_to_days("2025-01-06 10:30:00", "date"),
                    Catch::Contains("time of day"));
  CHECK_THROWS_WITH(date_text_to_days("06/01/2025", "date"),
                    Catch::Contains("day/month order is ambiguous"));
  CHECK_THROWS_WITH(date_text_to_days("2025-02-30", "date"),
                    Catch::Contains("not a calendar date"));
  CHECK_THROWS_WITH(date_text_to_days("soon", "date"), Catch::Contains("\"soon\" is not a date"));
  // Excel: 45663 is 2025-01-06; 61 is 1900-03-01; 1 is 1900-01-01.
  CHECK(excel_serial_to_days(45663) == to_days(Date(2025, 1, 6)));
  CHECK(excel_serial_to_days(61) == to_days(Date(1900, 3, 1)));
  CHECK(excel_serial_to_days(1) == to_days(Date(1900, 1, 1)));
  CHECK(excel_serial_to_days(59) == to_days(Date(1900, 2, 28)));
  CHECK_THROWS_AS(excel_serial_to_days(60), InvalidArgument);
  CHECK_THROWS_WITH(excel_serial_to_days(45663.5), Catch::Contains("date and time"));
  CHECK_THROWS_AS(excel_serial_to_days(0), InvalidArgument);
}

TEST_CASE("names and lists") {
  CHECK(name_key("Worker only") == "worker_only");
  CHECK(name_key("  Managing mental health ") == "managing_mental_health");
  CHECK(name_key("step-free access") == "step_free_access");
  CHECK(split_list("SD-01, SD-02;SD-03 ,") == std::vector<std::string>{"SD-01", "SD-02", "SD-03"});
  CHECK(split_list("  ").empty());
}

TEST_CASE("events: rows in any order load like the grouped, sorted table") {
  const std::vector<std::string> cols = {"person_id",         "type",     "date",
                                         "planned_discharge", "end_date", "delay_reason"};
  // P2's rows first, P1's rows shuffled; same-day CRFD and discharge reversed.
  TextTable t("events.csv", cols,
              {{"P2", "Referral received", "2025-01-10", "2025-06-01", "", ""},
               {"P1", "discharged", "2025-03-01", "", "", ""},
               {"P1", "accepted", "2025-01-08", "", "", ""},
               {"P1", "clinically_ready_for_discharge", "2025-03-01", "", "", "18.0"},
               {"P1", "referral_received", "2025-01-06", "2025-07-14", "", ""},
               {"P1", "initial_visit", "2025-01-07", "", "", ""},
               {"P2", "initial_visit", "2025-01-11", "", "", ""}});
  const Caseload c = caseload_from_table(t.table);
  REQUIRE(c.size() == 2);
  CHECK(c.person_ids() == std::vector<std::string>{"P2", "P1"});
  const Pathway p1 = c.pathway("P1");
  REQUIRE(p1.events.size() == 5);
  CHECK(p1.events[0].type == EventType::referral_received);
  CHECK(p1.events[0].planned_discharge == Date(2025, 7, 14));
  CHECK(p1.events[3].type == EventType::clinically_ready_for_discharge);
  CHECK(p1.events[3].delay_reason == "18");
  CHECK(p1.events[4].type == EventType::discharged);
  // Round trip through JSON gives the same caseload.
  CHECK(Caseload::from_json(c.to_json()).to_json() == c.to_json());
}

TEST_CASE("events: a same-day order that precedence breaks keeps the rows' own order") {
  // Closed and re-referred on the same day: valid only in the rows' order.
  TextTable t("events.csv", {"person_id", "type", "date"},
              {{"P1", "referral_received", "2025-01-06"},
               {"P1", "closed", "2025-02-01"},
               {"P1", "referral_received", "2025-02-01"}});
  const Caseload c = caseload_from_table(t.table);
  const Pathway p = c.pathway("P1");
  REQUIRE(p.events.size() == 3);
  CHECK(p.events[1].type == EventType::closed);
  CHECK(p.events[2].type == EventType::referral_received);
}

TEST_CASE("events: extra columns are per-person attributes; measures group by them") {
  TextTable t("events.csv", {"person_id", "type", "date", "Ward", "team"},
              {{"P1", "referral_received", "2025-01-06", "Oak", "North"},
               {"P1", "initial_visit", "2025-01-08", "Oak", ""},
               {"P2", "referral_received", "2025-01-07", "Elm", "South"},
               {"P3", "referral_received", "2025-01-07", "", ""}});
  const Caseload c = caseload_from_table(t.table);
  CHECK(c.pathway("P1").attributes == R"({"ward":"Oak","team":"North"})");
  CHECK(c.pathway("P3").attributes.empty());
  const GroupedMeasures g = measures_by(c, "ward", Date(2025, 1, 1), Date(2025, 3, 31));
  REQUIRE(g.groups.size() == 3);
  CHECK(g.groups[0].value == "Elm");
  CHECK(g.groups[0].people == 1);
  CHECK(g.groups[1].value == "Oak");
  CHECK_FALSE(g.groups[2].has_value);
  CHECK(g.groups[2].people == 1);
  CHECK(grouped_measures_to_json(g).find(R"("value":null)") != std::string::npos);
  CHECK_THROWS_AS(measures_by(c, "", Date(2025, 1, 1), Date(2025, 3, 31)), InvalidArgument);

  TextTable clash("events.csv", {"person_id", "type", "date", "ward"},
                  {{"P1", "referral_received", "2025-01-06", "Oak"},
                   {"P1", "initial_visit", "2025-01-08", "Elm"}});
  CHECK_THROWS_WITH(
      caseload_from_table(clash.table),
      Catch::Contains("events.csv: row 3, column ward: \"Elm\" differs from \"Oak\" at row 2"));
}

TEST_CASE("events: every bad row is reported at once, with file, row and column") {
  TextTable t("events.csv", {"person_id", "type", "date", "delay_reason"},
              {{"P1", "referral_received", "2025-01-06", ""},
               {"P1", "clinically_ready_for_discharge", "2025-02-01", "18.5"},
               {"P1", "visit", "2025-02-02", ""},
               {"", "referral_received", "2025-02-30", ""},
               {"P2", "clinically_ready_for_discharge", "2025-01-01", "1234"}});
  try {
    caseload_from_table(t.table);
    FAIL("no error");
  } catch (const TableError& e) {
    CHECK(e.field() == "events.csv: row 3, column delay_reason");
    CHECK(e.message().rfind("\"18.5\" is not a delay reason code", 0) == 0);
    const std::string w = e.what();
    CHECK(w.find("events.csv: row 4, column type: \"visit\" is not an event type") !=
          std::string::npos);
    CHECK(w.find("events.csv: row 5, column person_id: missing person id") != std::string::npos);
    CHECK(w.find("events.csv: row 5, column date:") != std::string::npos);
    CHECK(w.find("events.csv: row 6, column delay_reason: \"1234\" is not a valid "
                 "ClinReadyforDischDelayReason code") != std::string::npos);
    CHECK(e.issues().size() == e.total());
    CHECK(e.total() == 5);
  }
  IngestOptions two;
  two.max_errors = 2;
  try {
    caseload_from_table(t.table, two);
    FAIL("no error");
  } catch (const TableError& e) {
    CHECK(e.issues().size() == 2);
    CHECK(e.total() == 5);
    CHECK(std::string(e.what()).find("and 3 more problems") != std::string::npos);
  }
}

TEST_CASE("events: sequence errors name the person and rows") {
  TextTable t(
      "events.csv", {"person_id", "type", "date"},
      {{"P1", "referral_received", "2025-01-06"}, {"P1", "step_down_admitted", "2025-01-09"}});
  CHECK_THROWS_WITH(
      caseload_from_table(t.table),
      Catch::Contains("events.csv: row 3, column type: person \"P1\": step_down_admitted while the "
                      "person is in hospital"));
}

TEST_CASE("events: MHSDS aliases, a user mapping, missing columns") {
  TextTable t("extract.csv",
              {"Patient", "Event", "Event date", "ClinReadyforDischDelayReason",
               "EndDateClinReadyforDisch"},
              {{"P1", "referral_received", "2025-01-06", "", ""},
               {"P1", "clinically_ready_for_discharge", "2025-02-01", "5", "2025-02-10"}});
  IngestOptions o;
  o.mapping = {{"Patient", "person_id"}, {"Event date", "date"}};
  const Caseload c = caseload_from_table(t.table, o);
  const Pathway p = c.pathway("P1");
  CHECK(p.events[1].delay_reason == "05");
  CHECK(p.events[1].end_date == Date(2025, 2, 10));
  CHECK_THROWS_WITH(caseload_from_table(t.table), Catch::Contains("no person_id column"));
  IngestOptions bad;
  bad.mapping = {{"Patient", "nobody"}};
  CHECK_THROWS_AS(caseload_from_table(t.table, bad), NotFound);
}

TEST_CASE("events: numbers, timestamps and day columns") {
  const std::vector<std::string_view> ids = {"P1", "P1"};
  const std::vector<std::string_view> types = {"referral_received",
                                               "clinically_ready_for_discharge"};
  const std::vector<double> serial = {45663, 45689};  // 2025-01-06, 2025-02-01
  const std::vector<double> reason = {std::nan(""), 18.0};
  const std::int64_t day_ns = 86400LL * 1000000000LL;
  const std::vector<std::int64_t> planned = {to_days(Date(2025, 7, 14)) * day_ns, kNaT};
  Table t;
  t.rows = 2;
  t.first_row = 0;
  t.columns = {
      Column{"person_id", ColumnKind::strings, ids.data(), nullptr, nullptr, nullptr},
      Column{"type", ColumnKind::strings, types.data(), nullptr, nullptr, nullptr},
      Column{"date", ColumnKind::numbers, nullptr, serial.data(), nullptr, nullptr},
      Column{"planned_discharge", ColumnKind::timestamps, nullptr, nullptr, planned.data(),
             nullptr},
      Column{"delay_reason", ColumnKind::numbers, nullptr, reason.data(), nullptr, nullptr}};
  const Caseload c = caseload_from_table(t);
  const Pathway p = c.pathway("P1");
  CHECK(p.events[0].date == Date(2025, 1, 6));
  CHECK(p.events[0].planned_discharge == Date(2025, 7, 14));
  CHECK(p.events[1].delay_reason == "18");
  std::vector<std::int64_t> noon = {to_days(Date(2025, 1, 6)) * day_ns + day_ns / 2, kNaT};
  t.columns[3].timestamps = noon.data();
  CHECK_THROWS_WITH(
      caseload_from_table(t),
      Catch::Contains(
          "events: row 0, column planned_discharge: \"2025-01-06 12:00:00\" is not a date"));
}

TEST_CASE("readings: display-name headers, completed-by names, duplicates") {
  const StarDefinition def = StarDefinition::recovery_star();
  std::vector<std::string> names = {"Person_ID", "Date", "Completed by"};
  for (const auto& a : def.areas()) names.push_back(a.name);
  auto row = [&](std::string id, std::string date, std::string by, std::string first) {
    std::vector<std::string> r = {std::move(id), std::move(date), std::move(by), std::move(first)};
    for (std::size_t a = 1; a < def.area_count(); ++a) r.push_back(a == 4 ? "" : "5");
    return r;
  };
  TextTable t(
      "readings.csv", names,
      {row("P1", "2025-03-01", "Worker only", "4"), row("P1", "2025-01-01", "Jointly", "3.0")});
  const StarReadings r = readings_from_table(def, t.table);
  REQUIRE(r.size() == 2);
  CHECK(r.date(0) == Date(2025, 1, 1));
  CHECK(r.completed_by(0) == Completion::jointly);
  CHECK(r.completed_by(1) == Completion::worker);
  CHECK(r.score(0, 0) == 3);
  CHECK_FALSE(r.score(0, 4).has_value());

  TextTable bad(
      "readings.csv", names,
      {row("P1", "2025-03-01", "someone", "4"), row("P1", "2025-03-01", "jointly", "11")});
  const std::string w = error_of([&] { readings_from_table(def, bad.table); });
  CHECK(w.find("readings.csv: row 2, column Completed by: \"someone\" is not jointly") !=
        std::string::npos);
  CHECK(w.find("row 3, column Managing mental health: \"11\" is not a score") != std::string::npos);
  CHECK(w.find("row 3, column Date: a second reading for \"P1\" on 2025-03-01 (the first is at row "
               "2)") != std::string::npos);
}

TEST_CASE("places, workers and people: lists, names, row errors") {
  TextTable places("places.csv",
                   {"id", "area", "beds", "max_risk", "free_date", "Step free", "gender"},
                   {{"SD-01", "Derbyshire", "2", "High", "2025-03-01", "yes", "Mixed"},
                    {"SD-02", "Derbyshire", "1.0", "low", "2025-03-05", "", ""}});
  const auto ps = places_from_table(places.table);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].max_risk == RiskLevel::high);
  CHECK(ps[0].step_free);
  CHECK(ps[1].beds == 1);
  CHECK(places_from_json(places_to_json(ps)).size() == 2);

  TextTable workers("workers.csv", {"id", "role", "areas", "caseload_limit"},
                    {{"W1", "Substance use clinical specialist", "Derbyshire, Lincolnshire", "10"},
                     {"W2", "Pathway navigator", "Derbyshire", "8"}});
  const auto ws = workers_from_table(workers.table);
  REQUIRE(ws.size() == 2);
  CHECK(ws[0].role == Role::substance_use_specialist);
  CHECK(ws[0].areas == std::vector<std::string>{"Derbyshire", "Lincolnshire"});

  TextTable people("people.csv",
                   {"id", "area", "risk", "ready_date", "needs", "preferences", "roles"},
                   {{"P1", "Derbyshire", "Medium", "2025-03-01", "Step-free access", "SD-01, SD-02",
                     "Pathway navigator, peer support worker"}});
  const auto pp = people_from_table(people.table);
  REQUIRE(pp.size() == 1);
  CHECK(pp[0].needs_step_free);
  CHECK(pp[0].preferences == std::vector<std::string>{"SD-01", "SD-02"});
  CHECK(pp[0].roles.size() == 2);

  TextTable bad("places.csv", {"id", "area", "beds", "max_risk", "free_date"},
                {{"SD-01", "Derbyshire", "2.5", "high", "2025-03-01"},
                 {"SD-02", "Derbyshire", "1", "extreme", "2025-03-01"},
                 {"SD-02", "Derbyshire", "1", "low", "2025-03-01"}});
  const std::string w = error_of([&] { places_from_table(bad.table); });
  CHECK(w.find("places.csv: row 2, column beds: \"2.5\" is not a whole number") !=
        std::string::npos);
  CHECK(w.find("places.csv: row 3, column max_risk:") != std::string::npos);
  CHECK(w.find("row 4, column id: duplicate id \"SD-02\"") ==
        std::string::npos);  // row 3 failed, so row 4 is the first SD-02
}

TEST_CASE("schemas and options") {
  CHECK(table_schema("events").front().name == "person_id");
  CHECK_THROWS_AS(table_schema("nope"), NotFound);
  CHECK(table_schemas_to_json().find("ClinReadyforDischDelayReason") != std::string::npos);
  Table t;
  const IngestOptions o =
      ingest_options_from_json(R"({"mapping": {"Patient": "person_id"}, "max_errors": 5,
      "source": "x.csv", "first_row": 0})",
                               &t);
  CHECK(o.mapping.at("Patient") == "person_id");
  CHECK(o.max_errors == 5);
  CHECK(t.source == "x.csv");
  CHECK(t.first_row == 0);
  CHECK_THROWS_AS(ingest_options_from_json(R"({"nope": 1})"), InvalidArgument);
  CHECK(event_type_precedence(EventType::discharged) <
        event_type_precedence(EventType::follow_up_contact));
}
