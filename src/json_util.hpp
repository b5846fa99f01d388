// Internal to src/: the one place JSON text becomes a nlohmann document.
//
// Every loader (calendar, star, readings, matching, policy, costs, options,
// attributes and the caseload's streaming loader) passes its text through
// check_json() first, so one mechanism enforces, before anything is parsed:
//  - the byte limit (InputLimits::max_bytes),
//  - the nesting-depth limit (InputLimits::max_depth), so no later recursion
//    (dump(), conversion of attribute values) can run deeper than it,
//  - numbers: a float that overflows a double (1e309) or an integer beyond
//    64 bits is refused naming its JSON path,
//  - duplicate keys in an object are refused naming their path.
// Parse errors echo at most a short, escaped excerpt of the input.
#pragma once

#include "homeward/io.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace homeward {
struct Measures;
}

namespace homeward::detail {

// measures_to_json() as a document (the report embeds it without a round trip
// through text).
nlohmann::ordered_json measures_json(const Measures& m);

// The hard ceiling on InputLimits::max_depth (docs/limits.md).
inline constexpr std::size_t kMaxDepthCeiling = 1000;

// Validate limits themselves (max_depth in 1..kMaxDepthCeiling); `field`
// names the option.
void check_limits(const InputLimits& limits, std::string_view field);

// How error paths inside the document are written.
enum class PathRoot {
  field,     // "options.weights.wait_day": the field name, then the path
  document,  // "people[3].id": the path alone (the loader's own convention);
             // the field name only for the document itself
};

// Check JSON text against the limits and rules above. Errors name the JSON
// path of the offending value (see PathRoot); size errors name `field`.
void check_json(std::string_view text, std::string_view field, const InputLimits& limits,
                PathRoot root = PathRoot::field);

// check_json, then parse. Malformed, truncated or empty text becomes a
// ParseError naming `field`, the byte offset, nlohmann's reason and a short
// escaped excerpt around the offset.
nlohmann::json parse_json(std::string_view text, std::string_view field,
                          const InputLimits& limits = {}, PathRoot root = PathRoot::field);
nlohmann::ordered_json parse_ordered_json(std::string_view text, std::string_view field,
                                          const InputLimits& limits = {},
                                          PathRoot root = PathRoot::field);

// The message for a nlohmann parse error at byte `position` of `text`,
// without nlohmann's "last read: '...'" echo of the input.
std::string parse_error_message(std::string_view text, std::size_t position,
                                const std::string& nlohmann_what);

}  // namespace homeward::detail
