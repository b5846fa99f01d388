// homeward: reading inputs, and the limits every loader enforces.
//
// Data and paths are separate: every loader has a function taking JSON text
// (`..._from_json`) and one taking a file path (`..._from_file`); nothing
// guesses whether a string is text or a path. Every loader applies the same
// InputLimits (docs/limits.md): a byte limit that holds for every kind of file
// (regular files, FIFOs, character devices, /proc) because files are read with
// a bounded loop, and a nesting-depth limit checked before any JSON is parsed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace homeward {

// Default limits (docs/limits.md).
inline constexpr std::size_t kDefaultMaxBytes = std::size_t{128} << 20;  // 128 MiB
inline constexpr std::size_t kDefaultMaxDepth = 64;  // nested JSON objects/arrays

struct InputLimits {
  // Largest accepted input in bytes, text or file (0: no limit).
  std::size_t max_bytes = kDefaultMaxBytes;
  // Deepest accepted nesting of JSON objects and arrays; the document's own
  // top-level object counts as 1. 0 is not allowed (a limit always applies).
  std::size_t max_depth = kDefaultMaxDepth;
};

// Read a whole file with a bounded read loop: at most max_bytes bytes are
// read (0: no limit) whatever the kind of file, and a file larger than that
// is refused with OutOfRange naming `field` and the limit. Throws IoError
// naming `field` and the path when the file cannot be opened or read (a
// directory, a missing file).
std::string read_file(const std::string& path, std::string_view field = "path",
                      std::size_t max_bytes = kDefaultMaxBytes);

// Refuse text longer than max_bytes (0: no limit) with OutOfRange naming
// `field` and the limit.
void check_text_size(std::string_view text, std::string_view field, std::size_t max_bytes);

}  // namespace homeward
