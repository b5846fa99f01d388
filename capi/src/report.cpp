// C ABI: the service report (thin; logic in src/report_*.cpp).
#include "capi_common.hpp"

#include "homeward/hw_report.h"
#include "homeward/report.hpp"

using homeward::capi::dup_string;
using homeward::capi::guard;
using homeward::capi::require;
using homeward::capi::str_arg;

extern "C" {

int hw_report_json(char** out_json, const char* input_json) {
  return guard([&] {
    require(out_json, "out_json");
    const std::string input = str_arg(input_json, "input_json");
    const std::string result = homeward::report_json(input);
    *out_json = dup_string(result);
  });
}

}  // extern "C"
