#include "json_util.hpp"

#include "homeward/error.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_set>
#include <vector>

namespace homeward::detail {
namespace {

// A key as it compares: JSON escapes decoded (\u escapes to UTF-8 per code
// unit, which is enough to compare two keys).
std::string decode_key(std::string_view raw) {
  if (raw.find('\\') == std::string_view::npos) return std::string(raw);
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    c = raw[++i];
    switch (c) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (i + 4 >= raw.size()) {
          out += raw.substr(i);
          i = raw.size();
          break;
        }
        const std::string hex(raw.substr(i + 1, 4));
        const unsigned long cp = std::strtoul(hex.c_str(), nullptr, 16);
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        i += 4;
        break;
      }
      default: out += c; break;  // \" \\ \/
    }
  }
  return out;
}

struct Frame {
  bool is_array = false;
  bool expect_key = false;               // objects: the next string is a key
  std::size_t index = 0;                 // arrays: the element's index
  std::string_view key;                  // objects: the current member's raw key
  std::vector<std::string> keys;         // first keys, compared linearly
  std::unordered_set<std::string> many;  // keys past the first 16
  void reset(bool array) {
    is_array = array;
    expect_key = !array;
    index = 0;
    key = {};
    keys.clear();
    many.clear();
  }
  // False if `k` was already seen.
  bool add_key(std::string k) {
    for (const std::string& s : keys) {
      if (s == k) return false;
    }
    if (keys.size() < 16) {
      keys.push_back(std::move(k));
      return true;
    }
    return many.insert(std::move(k)).second;
  }
};

class Scanner {
 public:
  Scanner(std::string_view text, std::string_view field, const InputLimits& limits, PathRoot root)
      : t_(text), field_(field), limits_(limits), root_(root) {}

  void run() {
    const std::size_t n = t_.size();
    std::size_t i = 0;
    while (i < n) {
      const char c = t_[i];
      switch (c) {
        case '"': i = string_at(i); continue;
        case '{':
        case '[': push(c == '['); break;
        case '}':
        case ']':
          if (depth_ > 0) --depth_;
          break;
        case ',':
          if (depth_ > 0) {
            Frame& f = frames_[depth_ - 1];
            if (f.is_array) {
              ++f.index;
            } else {
              f.expect_key = true;
            }
          }
          break;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            i = number_at(i);
            continue;
          }
          break;
      }
      ++i;
    }
  }

 private:
  // The JSON path of the value being read, joined to field_.
  std::string path(std::size_t upto) const {
    std::string p(root_ == PathRoot::field ? field_ : std::string_view());
    for (std::size_t d = 0; d < upto; ++d) {
      const Frame& f = frames_[d];
      if (f.is_array) {
        p = index_path(p, f.index);
      } else if (!f.key.empty() || !f.expect_key) {
        std::string k;
        const std::string decoded = decode_key(f.key);
        for (char ch : std::string_view(decoded).substr(0, 60)) {
          const auto u = static_cast<unsigned char>(ch);
          k += (u < 0x20 || u == 0x7f) ? '?' : ch;
        }
        if (decoded.size() > 60) k += "...";
        p = join_path(p, k);
      }
    }
    if (p.empty()) p = std::string(field_);
    if (p.size() > 240) p = p.substr(0, 110) + "..." + p.substr(p.size() - 110);
    return p;
  }

  void push(bool array) {
    if (depth_ + 1 > limits_.max_depth) {
      throw OutOfRange(path(depth_), "JSON nested deeper than the limit of " +
                                         std::to_string(limits_.max_depth) + " levels (max_depth)");
    }
    if (frames_.size() <= depth_) frames_.emplace_back();
    frames_[depth_].reset(array);
    ++depth_;
  }

  std::size_t string_at(std::size_t i) {
    const std::size_t n = t_.size();
    std::size_t j = i + 1;
    while (j < n && t_[j] != '"') j += (t_[j] == '\\') ? std::size_t{2} : std::size_t{1};
    const std::string_view raw = t_.substr(i + 1, (j < n ? j : n) - (i + 1));
    if (depth_ > 0) {
      Frame& f = frames_[depth_ - 1];
      if (!f.is_array && f.expect_key) {
        f.key = raw;
        f.expect_key = false;
        if (!f.add_key(decode_key(raw))) {
          throw InvalidArgument(path(depth_), "duplicate key " + quote_value(raw) +
                                                  " (each key may appear once in an object)");
        }
      }
    }
    return j + 1;
  }

  std::size_t number_at(std::size_t i) {
    const std::size_t n = t_.size();
    std::size_t j = i;
    bool is_float = false;
    while (j < n) {
      const char c = t_[j];
      if (c == '.' || c == 'e' || c == 'E') {
        is_float = true;
      } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
        break;
      }
      ++j;
    }
    const std::string_view tok = t_.substr(i, j - i);
    if (is_float) {
      const std::string s(tok);
      errno = 0;
      const double v = std::strtod(s.c_str(), nullptr);
      if (std::isinf(v)) {
        throw InvalidArgument(path(depth_), "number " + quote_value(tok, 40) +
                                                " is too large for a double (overflow)");
      }
    } else {
      std::string_view digits = tok;
      const bool negative = !digits.empty() && digits.front() == '-';
      if (negative) digits.remove_prefix(1);
      while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
      // -9223372036854775808 .. 18446744073709551615
      const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
      if (digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit)) {
        throw InvalidArgument(path(depth_),
                              "integer " + quote_value(tok, 40) + " does not fit in 64 bits");
      }
    }
    return j;
  }

  std::string_view t_;
  std::string_view field_;
  const InputLimits& limits_;
  PathRoot root_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
};

template <class Json>
Json parse_as(std::string_view text, std::string_view field, const InputLimits& limits,
              PathRoot root) {
  check_json(text, field, limits, root);
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw ParseError(std::string(field), parse_error_message(text, e.byte, e.what()));
  } catch (const nlohmann::json::exception& e) {
    // Backstop: check_json refuses what nlohmann would (number overflow), so
    // this is not expected; still a homeward::Error, never nlohmann's.
    std::string what = e.what();
    const auto pos = what.find("] ");
    if (pos != std::string::npos) what = what.substr(pos + 2);
    throw InvalidArgument(std::string(field), quote_value(what, 120));
  }
}

}  // namespace

void check_limits(const InputLimits& limits, std::string_view field) {
  if (limits.max_depth == 0 || limits.max_depth > kMaxDepthCeiling) {
    throw InvalidArgument(
        join_path(field, "max_depth"),
        std::to_string(limits.max_depth) + " is outside 1.." + std::to_string(kMaxDepthCeiling));
  }
}

void check_json(std::string_view text, std::string_view field, const InputLimits& limits,
                PathRoot root) {
  check_limits(limits, "limits");
  check_text_size(text, field, limits.max_bytes);
  Scanner(text, field, limits, root).run();
}

nlohmann::json parse_json(std::string_view text, std::string_view field, const InputLimits& limits,
                          PathRoot root) {
  return parse_as<nlohmann::json>(text, field, limits, root);
}

nlohmann::ordered_json parse_ordered_json(std::string_view text, std::string_view field,
                                          const InputLimits& limits, PathRoot root) {
  return parse_as<nlohmann::ordered_json>(text, field, limits, root);
}

std::string parse_error_message(std::string_view text, std::size_t position,
                                const std::string& nlohmann_what) {
  std::string what = nlohmann_what;
  // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax
  // error while parsing value - invalid literal; last read: '/e'"
  if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
  if (const auto pos = what.find("; last read:"); pos != std::string::npos) what.resize(pos);
  if (const auto pos = what.find(": syntax error"); pos != std::string::npos) {
    what = what.substr(pos + 2);
  } else if (const auto pos2 = what.find("parse error at line"); pos2 != std::string::npos) {
    if (const auto c = what.find(": ", pos2); c != std::string::npos) what = what.substr(c + 2);
  }
  if (what.size() > 160) what = what.substr(0, 160) + "...";
  std::string out = "malformed JSON at byte " + std::to_string(position);
  if (text.empty()) return out + ": the text is empty";
  out += ": " + what;
  // A short excerpt (at most 20 bytes before the offset), escaped.
  const std::size_t end = position < text.size() ? position : text.size();
  const std::size_t begin = end > 20 ? end - 20 : 0;
  if (end > begin) out += " (near " + quote_value(text.substr(begin, end - begin), 20) + ")";
  return out;
}

}  // namespace homeward::detail
