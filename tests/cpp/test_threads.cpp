// Threads share calendars and caseloads: every concurrent answer equals the
// one computed on one thread, and errors stay with the thread that caused
// them. Run under ThreadSanitizer by the tsan preset (scripts/ci.d/40-tsan.sh).
#include <catch2/catch.hpp>

#include "homeward/calendar.hpp"
#include "homeward/error.hpp"
#include "homeward/timeline.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace homeward;

namespace {

const std::string kFixture = std::string(HOMEWARD_TEST_DATA_DIR) + "/timeline_caseload.json";
const std::string kGovuk =
    std::string(HOMEWARD_TEST_DATA_DIR) + "/govuk_bank_holidays_2024_2025.json";
constexpr int kThreads = 4;

// Run f(t) on kThreads threads at once; failures are collected, not thrown
// across threads.
template <class F>
std::vector<std::string> on_threads(F f) {
  std::vector<std::string> errors(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      try {
        errors[static_cast<std::size_t>(t)] = f(t);
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(t)] = std::string("unexpected exception: ") + e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  return errors;
}

TimelinePolicy policy_for(int t) {
  TimelinePolicy p;
  p.first_visit_working_days = 5 + 5 * t;
  return p;
}

}  // namespace

TEST_CASE("threads: the England and Wales calendar is built once, safely, on first use") {
  // The first calls race on whatever the library caches.
  std::vector<std::int64_t> got(kThreads);
  const auto errors = on_threads([&](int t) {
    const Calendar c = Calendar::england_and_wales();
    got[static_cast<std::size_t>(t)] =
        c.working_days_between(parse_date("2025-01-01"), parse_date("2026-01-01"));
    return std::string();
  });
  for (const auto& e : errors) CHECK(e.empty());
  // 2025: 261 weekdays less 8 bank holidays.
  for (auto v : got) CHECK(v == 253);
}

TEST_CASE("threads: shared calendars give the same answers on every thread") {
  const Calendar england = Calendar::england_and_wales();
  const Calendar scotland =
      Calendar::from_govuk_json(std::string(R"({"scotland": {"division": "scotland", "events": [
        {"title": "New Year", "date": "2025-01-01", "notes": "", "bunting": true},
        {"title": "2nd January", "date": "2025-01-02", "notes": "", "bunting": true},
        {"title": "Christmas Day", "date": "2025-12-25", "notes": "", "bunting": true}]}})"),
                                "scotland")
          .with_closures({parse_date("2025-06-02")});
  std::vector<std::int32_t> a, b;
  std::vector<std::int64_t> off;
  for (int i = 0; i < 200; ++i) {
    a.push_back(to_days(parse_date("2025-01-01")) + i);
    b.push_back(to_days(parse_date("2025-01-01")) + (i * 7) % 360);
    off.push_back(i % 9);
  }
  auto compute = [&](const Calendar& c) {
    std::vector<std::int64_t> between(a.size());
    std::vector<std::int32_t> added(a.size());
    c.working_days_between(a.data(), b.data(), a.size(), between.data());
    c.add_working_days(a.data(), off.data(), a.size(), added.data());
    return std::make_pair(between, added);
  };
  const auto want_e = compute(england);
  const auto want_s = compute(scotland);
  REQUIRE(want_e.first != want_s.first);
  const auto errors = on_threads([&](int t) -> std::string {
    for (int round = 0; round < 20; ++round) {
      const Calendar& c = (t + round) % 2 ? england : scotland;
      const auto& want = (t + round) % 2 ? want_e : want_s;
      if (compute(c) != want) return "different answer on round " + std::to_string(round);
      // Copies made concurrently from a shared calendar are independent.
      const Calendar closed = c.with_closures({parse_date("2025-03-03")});
      if (!closed.is_holiday(parse_date("2025-03-03")) || c.is_holiday(parse_date("2025-03-03"))) {
        return "closures leaked between copies";
      }
    }
    return {};
  });
  for (const auto& e : errors) CHECK(e.empty());
}

TEST_CASE("threads: one caseload evaluated, snapshotted and measured concurrently") {
  const Caseload caseload = Caseload::from_json(kFixture);
  const Date as_of = parse_date("2025-05-31");
  std::vector<std::string> want_eval, want_snap, want_meas;
  for (int t = 0; t < kThreads; ++t) {
    const auto p = policy_for(t);
    want_eval.push_back(evaluation_to_json(evaluate(caseload, as_of, p), caseload));
    want_snap.push_back(snapshot_to_json(snapshot(caseload, as_of, p)));
    want_meas.push_back(measures_to_json(
        measures(caseload, parse_date("2025-01-01"), parse_date("2025-03-31"), p)));
  }
  REQUIRE(want_eval[0] != want_eval[3]);  // the policies matter, so comparisons mean something
  const auto errors = on_threads([&](int t) -> std::string {
    const auto p = policy_for(t);
    for (int round = 0; round < 10; ++round) {
      if (evaluation_to_json(evaluate(caseload, as_of, p), caseload) !=
          want_eval[static_cast<std::size_t>(t)])
        return "evaluate differs";
      if (snapshot_to_json(snapshot(caseload, as_of, p)) != want_snap[static_cast<std::size_t>(t)])
        return "snapshot differs";
      if (measures_to_json(measures(caseload, parse_date("2025-01-01"), parse_date("2025-03-31"),
                                    p)) != want_meas[static_cast<std::size_t>(t)]) {
        return "measures differ";
      }
      if (caseload.to_json(false).empty()) return "empty document";
    }
    return {};
  });
  for (const auto& e : errors) CHECK(e.empty());
}

TEST_CASE("threads: each thread's errors name its own input") {
  const Calendar england = Calendar::england_and_wales();
  const auto errors = on_threads([&](int t) -> std::string {
    for (int round = 0; round < 50; ++round) {
      const std::string bad = "2025-02-3" + std::to_string(t);
      const std::string field = "dates[" + std::to_string(t) + "]";
      try {
        (void)parse_date(bad, field);
        return "no error for " + bad;
      } catch (const Error& e) {
        if (e.field() != field) return "field " + e.field() + " instead of " + field;
        if (std::string(e.what()).find(bad) == std::string::npos) {
          return std::string("message without its own input: ") + e.what();
        }
      }
      std::vector<std::int32_t> a(4, to_days(parse_date("2025-01-06")));
      std::vector<std::int32_t> b(a);
      b[static_cast<std::size_t>(t)] = to_days(parse_date("2400-01-01"));
      std::vector<std::int64_t> out(4);
      try {
        england.working_days_between(a.data(), b.data(), 4, out.data());
        return "no error for an out-of-range date";
      } catch (const OutOfRange& e) {
        if (e.field() != "b[" + std::to_string(t) + "]") return "array error names " + e.field();
      }
    }
    return {};
  });
  for (const auto& e : errors) CHECK(e.empty());
}
