// Capacity planning (hw_plan.h): hw_plan_simulate (model JSON), hw_plan_sweep
// (sweep JSON, as JSON and as the text table), hw_plan_fit and hw_plan_capacity
// (caseload JSON and a base model / options JSON), with the progress callback,
// which sometimes cancels.
// Input: a mode byte (bits 0-1: simulate, sweep, fit, capacity; bit 2: with
// runs / the table), a cancel byte (>= 0xE0: cancel at call 1..8), the first
// document, a NUL byte, the second document (fit and capacity).
//
// The model limits are generous (10M replications, 200-year horizons), so a
// document that parses as a JSON object is bounded here before it is passed on
// (replications <= 3, horizon <= 400 days, numeric warm-up <= 100 days, arrival
// rates <= 3 a day, stays <= 200 days, beds <= 60, sweep lists <= 4 entries,
// one thread); other text goes to the library unchanged (its parser and
// validation). Checks: outputs untouched on error; a cancelled run gives
// HW_ERR_INVALID_ARGUMENT naming "progress"; the same model twice gives the
// same text (determinism).
#include "fuzz_common.hpp"
#include "fuzz_json.hpp"

#include <algorithm>

namespace {

using nlohmann::json;

void bound_distribution(json& d) {
  if (!d.is_object()) return;
  fuzz::clamp_member(d, "mean", 200);
  fuzz::clamp_member(d, "value", 200);
  fuzz::clamp_numbers(d, "samples", 400);
  fuzz::cut_array(d, "samples", 64);
}

void bound_model(json& m) {
  if (!m.is_object()) return;
  fuzz::clamp_member(m, "replications", 3);
  if (!m.contains("replications")) m["replications"] = 2;  // the default is 100
  fuzz::clamp_member(m, "horizon_days", 400);
  fuzz::clamp_member(m, "warmup_days", 100);  // a number; "auto" stays
  fuzz::clamp_member(m, "beds", 60);
  fuzz::clamp_member(m, "readmission", 0.5);
  m["threads"] = 1;
  if (auto a = m.find("arrivals"); a != m.end() && a->is_object()) {
    fuzz::clamp_member(*a, "rate_per_day", 3);
    fuzz::clamp_numbers(*a, "rates_per_day", 3);
    fuzz::cut_array(*a, "dates", 400);
  }
  if (auto d = m.find("length_of_stay"); d != m.end()) bound_distribution(*d);
  if (auto d = m.find("readmission_delay"); d != m.end()) bound_distribution(*d);
  if (auto w = m.find("workers"); w != m.end() && w->is_array()) {
    for (auto& r : *w) {
      if (r.is_object() && r.contains("support")) bound_distribution(r["support"]);
    }
  }
}

void bound_sweep(json& s) {
  if (!s.contains("model")) s["model"] = json::object();
  bound_model(s["model"]);
  if (auto b = s.find("beds"); b != s.end()) {
    if (b->is_array()) {
      fuzz::cut_array(s, "beds", 4);
      fuzz::clamp_numbers(s, "beds", 60);
    } else if (b->is_object()) {
      fuzz::clamp_member(*b, "from", 60);
      auto from = b->find("from"), to = b->find("to");
      if (from != b->end() && to != b->end() && from->is_number_integer() &&
          to->is_number_integer()) {
        const std::int64_t a = from->get<std::int64_t>();
        if (to->is_number_unsigned() || to->get<std::int64_t>() > a + 3) *to = a + 3;
      }
    }
  }
  fuzz::cut_array(s, "arrival_rates", 4);
  fuzz::clamp_numbers(s, "arrival_rates", 3);
  fuzz::cut_array(s, "los_means", 4);
  fuzz::clamp_numbers(s, "los_means", 200);
}

void bound_capacity_options(json& o) {
  fuzz::clamp_member(o, "replications", 3);
  fuzz::clamp_member(o, "max_beds", 4);
  fuzz::clamp_member(o, "growth", 1);
  if (!o.contains("replications")) o["replications"] = 2;  // the default is 200
  if (!o.contains("max_beds")) o["max_beds"] = 3;          // the default is 40
  o["threads"] = 1;
  if (auto w = o.find("workers"); w != o.end() && w->is_array()) {
    for (auto& r : *w) {
      if (r.is_object() && r.contains("support")) bound_distribution(r["support"]);
    }
  }
}

// The text as given, or (when it is a JSON object) bounded by `bound`.
template <class F>
std::string bounded(const std::string& text, F bound) {
  auto j = fuzz::parse_object(text);
  if (!j) return text;
  bound(*j);
  return fuzz::dump(*j);
}

struct Progress {
  int cancel_at = 0;  // 0: never
  int calls = 0;
  bool cancelled = false;
  std::int64_t last_done = -1;
};

int on_progress(std::int64_t done, std::int64_t total, void* user) {
  auto* p = static_cast<Progress*>(user);
  ++p->calls;
  FUZZ_CHECK(done >= 0 && total >= 0 && done <= total, "progress (done, total) out of range");
  p->last_done = done;
  if (p->cancel_at > 0 && p->calls >= p->cancel_at) {
    p->cancelled = true;
    return 0;
  }
  return 1;
}

// After a call that used the progress callback: a cancelled call must fail
// naming "progress"; a call that succeeded was not cancelled.
void check_cancel(int st, const Progress& p, const char* call) {
  if (!p.cancelled) return;
  if (st != HW_ERR_INVALID_ARGUMENT || std::strcmp(hw_last_error_field(), "progress") != 0) {
    fuzz::fail("a cancelled call did not give HW_ERR_INVALID_ARGUMENT naming \"progress\"", call);
  }
}

// Small enough to fit and simulate: objects (events, pathways) bound the
// arrivals a fitted model can have.
bool small_caseload(const std::string& text) {
  return std::count(text.begin(), text.end(), '{') <= 48;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  fuzz::Input in(data, size);
  const std::uint8_t mode = in.byte();
  const std::uint8_t cancel = in.byte();
  Progress progress;
  if (cancel >= 0xE0) progress.cancel_at = 1 + (cancel & 7);
  const std::string first = in.until_nul();
  const std::string second = in.rest();
  const char* second_or_null = second.empty() ? nullptr : second.c_str();

  switch (mode & 3) {
    case 0: {
      const std::string model = bounded(first, bound_model);
      const auto runs = (mode & 4) ? HW_PLAN_WITH_RUNS : HW_PLAN_SUMMARY;
      fuzz::Str out;
      const int st =
          hw_plan_simulate(out.out(), model.c_str(), runs, on_progress, &progress, fuzz::E());
      check_cancel(st, progress, "hw_plan_simulate");
      if (!fuzz::ok(st, "hw_plan_simulate")) {
        FUZZ_CHECK(out.p == nullptr, "a result was written although the call failed");
        return 0;
      }
      // Determinism: the same model again (no callback) gives the same text.
      fuzz::Str again;
      fuzz::must(hw_plan_simulate(again.out(), model.c_str(), runs, nullptr, nullptr, fuzz::E()),
                 "hw_plan_simulate again");
      if (out.str() != again.str()) fuzz::fail("the same model gave two results", model);
      return 0;
    }
    case 1: {
      const std::string sweep = bounded(first, bound_sweep);
      const auto output = (mode & 4) ? HW_PLAN_SWEEP_TABLE : HW_PLAN_SWEEP_JSON;
      fuzz::Str out;
      const int st =
          hw_plan_sweep(out.out(), sweep.c_str(), output, on_progress, &progress, fuzz::E());
      check_cancel(st, progress, "hw_plan_sweep");
      if (!fuzz::ok(st, "hw_plan_sweep")) {
        FUZZ_CHECK(out.p == nullptr, "a result was written although the call failed");
        return 0;
      }
      // The other output of the same sweep also succeeds; JSON output is JSON.
      const auto other = output == HW_PLAN_SWEEP_JSON ? HW_PLAN_SWEEP_TABLE : HW_PLAN_SWEEP_JSON;
      fuzz::Str out2;
      fuzz::must(hw_plan_sweep(out2.out(), sweep.c_str(), other, nullptr, nullptr, fuzz::E()),
                 "hw_plan_sweep (other output)");
      const std::string& js = output == HW_PLAN_SWEEP_JSON ? out.str() : out2.str();
      FUZZ_CHECK(json::accept(js), "the sweep's JSON output is not JSON");
      return 0;
    }
    case 2: {
      std::string base;
      if (second_or_null != nullptr) base = bounded(second, bound_model);
      fuzz::Str out;
      const int st =
          hw_plan_fit(out.out(), first.c_str(), second_or_null ? base.c_str() : nullptr, fuzz::E());
      if (!fuzz::ok(st, "hw_plan_fit")) {
        FUZZ_CHECK(out.p == nullptr, "a result was written although the call failed");
        return 0;
      }
      FUZZ_CHECK(json::accept(out.str()), "hw_plan_fit's output is not JSON");
      return 0;
    }
    default: {
      if (!small_caseload(first)) return 0;
      // Text that does not parse here does not parse in the library either.
      const std::string options = bounded(second.empty() ? "{}" : second, bound_capacity_options);
      fuzz::Str out;
      const int st = hw_plan_capacity(out.out(), first.c_str(), options.c_str(), on_progress,
                                      &progress, fuzz::E());
      check_cancel(st, progress, "hw_plan_capacity");
      if (!fuzz::ok(st, "hw_plan_capacity")) {
        FUZZ_CHECK(out.p == nullptr, "a result was written although the call failed");
        return 0;
      }
      FUZZ_CHECK(json::accept(out.str()), "hw_plan_capacity's output is not JSON");
      return 0;
    }
  }
}
