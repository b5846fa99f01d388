// Caseload JSON (hw_caseload_from_json) and everything downstream of a loaded
// caseload: evaluation columns, snapshot, measures, FHIR and the JSON round trip.
#include "fuzz_common.hpp"

namespace {

// Reload the caseload's own JSON (with the same options: unknown fields kept
// by strict=false are written back): it must load and give the same document.
void check_round_trip(const hw_caseload* c, const char* options) {
  fuzz::Str doc;
  fuzz::must(hw_caseload_to_json(doc.out(), c, HW_JSON_COMPACT, fuzz::E()), "hw_caseload_to_json");
  hw_caseload* again = nullptr;
  int st = hw_caseload_from_json(&again, doc.p, options, fuzz::E());
  if (st != HW_OK) fuzz::fail("a caseload's own JSON does not reload", doc.str().substr(0, 400));
  fuzz::Str doc2;
  fuzz::must(hw_caseload_to_json(doc2.out(), again, HW_JSON_COMPACT, fuzz::E()),
             "hw_caseload_to_json (reloaded)");
  hw_caseload_free(again);
  if (doc.str() != doc2.str()) fuzz::fail("caseload JSON round trip changed the document");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  fuzz::Input in(data, size);
  const bool strict = in.flag();
  const std::string text = in.rest();

  hw_caseload* c = nullptr;
  const char* options = strict ? "{\"strict\": true}" : "{\"strict\": false}";
  if (!fuzz::ok(hw_caseload_from_json(&c, text.c_str(), options, fuzz::E()),
                "hw_caseload_from_json")) {
    FUZZ_CHECK(c == nullptr, "the out handle was written although loading failed");
    return 0;
  }
  size_t pathways = 0, events = 0;
  fuzz::must(hw_caseload_size(&pathways, &events, c, fuzz::E()), "hw_caseload_size");
  check_round_trip(c, options);

  const std::int32_t as_of = 20240;  // 2025-05-31
  hw_evaluation* ev = nullptr;
  if (fuzz::ok(hw_caseload_evaluate(&ev, c, as_of, nullptr, fuzz::E()), "hw_caseload_evaluate")) {
    size_t np = 0, nm = 0;
    fuzz::must(hw_evaluation_size(&np, &nm, ev, fuzz::E()), "hw_evaluation_size");
    FUZZ_CHECK(np == pathways);
    std::vector<std::int64_t> counts(HW_STAGE_COUNT);
    fuzz::must(hw_evaluation_stage_counts(counts.data(), counts.size(), ev, fuzz::E()),
               "stage_counts");
    std::int64_t total = 0;
    for (auto v : counts) total += v;
    FUZZ_CHECK(static_cast<size_t>(total) == pathways, "stage counts do not add up to pathways");
    std::vector<std::int32_t> stage(np), since(np);
    fuzz::must(hw_evaluation_stages(stage.data(), since.data(), np, ev, fuzz::E()), "stages");
    for (auto s : stage) FUZZ_CHECK(s >= 0 && s < HW_STAGE_COUNT);
    std::vector<std::int32_t> pw(nm), ms(nm), status(nm), start(nm), due(nm), date(nm), days(nm),
        wdays(nm);
    fuzz::must(
        hw_evaluation_milestones(pw.data(), ms.data(), status.data(), start.data(), due.data(),
                                 date.data(), days.data(), wdays.data(), nm, ev, fuzz::E()),
        "milestones");
    for (size_t i = 0; i < nm; ++i) {
      FUZZ_CHECK(pw[i] >= 0 && static_cast<size_t>(pw[i]) < np);
      FUZZ_CHECK(ms[i] >= 0 && ms[i] < HW_MILESTONE_COUNT);
      FUZZ_CHECK(status[i] >= 0 && status[i] < HW_STATUS_COUNT);
    }
    fuzz::Str j;
    fuzz::must(hw_evaluation_to_json(j.out(), ev, fuzz::E()), "hw_evaluation_to_json");
    hw_evaluation_free(ev);
  }
  fuzz::Str snap, meas, fhir;
  fuzz::ok(hw_caseload_snapshot(snap.out(), c, as_of, nullptr, fuzz::E()), "hw_caseload_snapshot");
  fuzz::ok(
      hw_caseload_measures(meas.out(), c, 20089, 20179, HW_NO_DAY, nullptr, nullptr, fuzz::E()),
      "hw_caseload_measures");
  if (pathways > 0) {
    fuzz::Str id;
    fuzz::must(hw_caseload_person_id(id.out(), c, 0, fuzz::E()), "hw_caseload_person_id");
    fuzz::ok(hw_caseload_fhir(fhir.out(), c, id.p, HW_NO_DAY, fuzz::E()), "hw_caseload_fhir");
  }
  hw_caseload_free(c);
  return 0;
}
