// C ABI: the service report (thin; logic in src/report_*.cpp).
#include "capi_common.hpp"

#include "homeward/hw_report.h"
#include "homeward/report.hpp"

using homeward::capi::json_file_arg;
using homeward::capi::json_text_arg;
using homeward::capi::text_buf;
using homeward::capi::text_out;

extern "C" {

int hw_report_json(char** out_json, const char* input_json, hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return homeward::report_json(json_text_arg(input_json, "input_json")); });
}

int hw_report_json_buf(char* buf, size_t capacity, size_t* needed, const char* input_json,
                       hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return homeward::report_json(json_text_arg(input_json, "input_json")); });
}

int hw_report_json_file(char** out_json, const char* input_path, hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return homeward::report_json(json_file_arg(input_path, "input_path")); });
}

int hw_report_json_file_buf(char* buf, size_t capacity, size_t* needed, const char* input_path,
                            hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return homeward::report_json(json_file_arg(input_path, "input_path")); });
}

}  // extern "C"
