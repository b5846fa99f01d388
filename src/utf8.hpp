// Internal to src/: UTF-8 validation for text that arrives outside JSON
// (C and Python columns) and is later written into JSON documents.
#pragma once

#include <string_view>

namespace homeward::detail {

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF).
bool is_valid_utf8(std::string_view s);

}  // namespace homeward::detail
