#include "homeward/error.hpp"

#include "utf8.hpp"

#include <cstdio>

namespace homeward {
namespace {
// Messages quote input; a message must be valid UTF-8 whatever the input was
// (Python, Go, Java and JavaScript strings refuse anything else), so when it is
// not, every byte above 0x7F is written as \xNN. Control characters other than
// tab and newline are always written as \xNN: a NUL would cut the message (and
// the field) short for C callers, and the others should not reach a terminal
// or a log raw.
bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F; }

std::string valid_text(std::string s) {
  const bool utf8 = detail::is_valid_utf8(s);
  bool controls = false;
  for (char ch : s) controls = controls || is_control(static_cast<unsigned char>(ch));
  if (utf8 && !controls) return s;
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + 16);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x80 && !is_control(c)) || (c >= 0x80 && utf8)) {
      out += ch;
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0x0F];
    }
  }
  return out;
}

std::string compose(const std::string& field, const std::string& message) {
  if (field.empty()) return message;
  return field + ": " + message;
}
}  // namespace

Error::Error(ErrorCode code, std::string field, const std::string& message)
    : std::runtime_error(compose(valid_text(field), valid_text(message))),
      code_(code),
      field_(valid_text(std::move(field))),
      message_(valid_text(message)) {}

std::string join_path(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  std::string out(parent);
  out += '.';
  out += child;
  return out;
}

std::string index_path(std::string_view parent, std::size_t index) {
  std::string out(parent);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

std::string quote_value(std::string_view text, std::size_t max_chars) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max_chars) out += "...";
  out += '"';
  return out;
}

}  // namespace homeward
