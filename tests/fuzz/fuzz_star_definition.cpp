// Star definition JSON (hw_star_from_json): a loaded definition reloads from
// its own JSON, and every score of its scale has a stage.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  hw_star* star = nullptr;
  if (!fuzz::ok(hw_star_from_json(&star, text.c_str(), fuzz::E()), "hw_star_from_json")) {
    FUZZ_CHECK(star == nullptr, "the out handle was written although loading failed");
    return 0;
  }
  fuzz::Str doc;
  fuzz::must(hw_star_to_json(doc.out(), star, fuzz::E()), "hw_star_to_json");
  hw_star* again = nullptr;
  if (hw_star_from_json(&again, doc.p, fuzz::E()) != HW_OK) {
    fuzz::fail("a definition's own JSON does not reload", doc.str().substr(0, 400));
  }
  fuzz::Str doc2;
  fuzz::must(hw_star_to_json(doc2.out(), again, fuzz::E()), "hw_star_to_json (reloaded)");
  FUZZ_CHECK(doc.str() == doc2.str(), "definition JSON round trip changed the document");
  size_t areas = 0;
  fuzz::must(hw_star_area_count(&areas, star, fuzz::E()), "hw_star_area_count");
  FUZZ_CHECK(areas > 0);
  // Stages are contiguous: a run of scores with a stage has no gaps.
  int found = 0, gaps = 0;
  for (int score = -3; score <= 40; ++score) {
    size_t stage = 0;
    const int st = hw_star_stage_of(&stage, star, score, fuzz::E());
    if (st == HW_OK) {
      if (found && gaps) fuzz::fail("the scale has a gap");
      found = 1;
    } else {
      FUZZ_CHECK(st == HW_ERR_OUT_OF_RANGE, "stage_of outside the scale is not out of range");
      if (found) gaps = 1;
    }
  }
  hw_star_free(again);
  hw_star_free(star);
  return 0;
}
