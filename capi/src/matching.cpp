// C ABI: placement matching and worker allocation (thin; logic in src/matching*.cpp).
#include "capi_common.hpp"

#include "homeward/hw_matching.h"
#include "homeward/matching.hpp"

using homeward::capi::json_file_arg;
using homeward::capi::json_text_arg;
using homeward::capi::str_arg;
using homeward::capi::text_buf;
using homeward::capi::text_out;

namespace {

std::string options_arg(const char* options_json) {
  return options_json == nullptr ? std::string() : std::string(options_json);
}

std::string placements(const std::string& input, const char* options_json) {
  return homeward::match_placements_json(input, options_arg(options_json));
}

std::string workers(const std::string& input, const char* options_json) {
  return homeward::allocate_workers_json(input, options_arg(options_json));
}

std::string rules_arg(const char* rules_json) { return json_text_arg(rules_json, "rules_json"); }

std::string explain(const char* result_json, const char* person_id) {
  const std::string result = json_text_arg(result_json, "result_json");
  const std::string person = str_arg(person_id, "person_id");
  return homeward::explain_match(homeward::match_result_from_json(result), person);
}

std::string report(const char* result_json) {
  const std::string result = json_text_arg(result_json, "result_json");
  return homeward::match_report(homeward::match_result_from_json(result));
}

}  // namespace

extern "C" {

int hw_matching_placements(char** out_json, const char* input_json, const char* options_json,
                           hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return placements(json_text_arg(input_json, "input_json"), options_json);
  });
}

int hw_matching_placements_buf(char* buf, size_t capacity, size_t* needed, const char* input_json,
                               const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return placements(json_text_arg(input_json, "input_json"), options_json);
  });
}

int hw_matching_placements_file(char** out_json, const char* input_path, const char* options_json,
                                hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return placements(json_file_arg(input_path, "input_path"), options_json);
  });
}

int hw_matching_placements_file_buf(char* buf, size_t capacity, size_t* needed,
                                    const char* input_path, const char* options_json,
                                    hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return placements(json_file_arg(input_path, "input_path"), options_json);
  });
}

int hw_matching_workers(char** out_json, const char* input_json, const char* options_json,
                        hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return workers(json_text_arg(input_json, "input_json"), options_json); });
}

int hw_matching_workers_buf(char* buf, size_t capacity, size_t* needed, const char* input_json,
                            const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return workers(json_text_arg(input_json, "input_json"), options_json); });
}

int hw_matching_workers_file(char** out_json, const char* input_path, const char* options_json,
                             hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return workers(json_file_arg(input_path, "input_path"), options_json); });
}

int hw_matching_workers_file_buf(char* buf, size_t capacity, size_t* needed, const char* input_path,
                                 const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return workers(json_file_arg(input_path, "input_path"), options_json); });
}

int hw_matching_placements_ranked(char** out_json, const char* input_json, size_t k,
                                  const char* options_json, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return homeward::match_placements_ranked_json(json_text_arg(input_json, "input_json"), k,
                                                  options_arg(options_json));
  });
}

int hw_matching_placements_ranked_buf(char* buf, size_t capacity, size_t* needed,
                                      const char* input_json, size_t k, const char* options_json,
                                      hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return homeward::match_placements_ranked_json(json_text_arg(input_json, "input_json"), k,
                                                  options_arg(options_json));
  });
}

int hw_matching_workers_ranked(char** out_json, const char* input_json, size_t k,
                               const char* options_json, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return homeward::allocate_workers_ranked_json(json_text_arg(input_json, "input_json"), k,
                                                  options_arg(options_json));
  });
}

int hw_matching_workers_ranked_buf(char* buf, size_t capacity, size_t* needed,
                                   const char* input_json, size_t k, const char* options_json,
                                   hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return homeward::allocate_workers_ranked_json(json_text_arg(input_json, "input_json"), k,
                                                  options_arg(options_json));
  });
}

int hw_matching_placements_with(char** out_json, const char* input_json, const char* rules_json,
                                const char* options_json, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return homeward::match_placements_with_json(json_text_arg(input_json, "input_json"),
                                                rules_arg(rules_json), options_arg(options_json));
  });
}

int hw_matching_placements_with_buf(char* buf, size_t capacity, size_t* needed,
                                    const char* input_json, const char* rules_json,
                                    const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return homeward::match_placements_with_json(json_text_arg(input_json, "input_json"),
                                                rules_arg(rules_json), options_arg(options_json));
  });
}

int hw_matching_workers_with(char** out_json, const char* input_json, const char* rules_json,
                             const char* options_json, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return homeward::allocate_workers_with_json(json_text_arg(input_json, "input_json"),
                                                rules_arg(rules_json), options_arg(options_json));
  });
}

int hw_matching_workers_with_buf(char* buf, size_t capacity, size_t* needed, const char* input_json,
                                 const char* rules_json, const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return homeward::allocate_workers_with_json(json_text_arg(input_json, "input_json"),
                                                rules_arg(rules_json), options_arg(options_json));
  });
}

int hw_matching_explain(char** out_text, const char* result_json, const char* person_id,
                        hw_error* err) {
  return text_out(err, out_text, "out_text", [&] { return explain(result_json, person_id); });
}

int hw_matching_explain_buf(char* buf, size_t capacity, size_t* needed, const char* result_json,
                            const char* person_id, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return explain(result_json, person_id); });
}

int hw_matching_report(char** out_text, const char* result_json, hw_error* err) {
  return text_out(err, out_text, "out_text", [&] { return report(result_json); });
}

int hw_matching_report_buf(char* buf, size_t capacity, size_t* needed, const char* result_json,
                           hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return report(result_json); });
}

}  // extern "C"
