#include "homeward/io.hpp"

#include "homeward/error.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace homeward {
namespace {

[[noreturn]] void too_big(std::string_view field, std::string_view what, std::size_t max_bytes) {
  throw OutOfRange(std::string(field), std::string(what) + " is larger than the limit of " +
                                           std::to_string(max_bytes) +
                                           " bytes (max_bytes; 0: no limit)");
}

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

void check_text_size(std::string_view text, std::string_view field, std::size_t max_bytes) {
  if (max_bytes != 0 && text.size() > max_bytes) {
    too_big(field, "the text (" + std::to_string(text.size()) + " bytes)", max_bytes);
  }
}

std::string read_file(const std::string& path, std::string_view field, std::size_t max_bytes) {
  if (path.empty()) throw IoError(std::string(field), "empty file path");
  if (path.find('\0') != std::string::npos) {
    throw IoError(std::string(field), "file path contains a NUL byte");
  }
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    const int err = errno;
    throw IoError(std::string(field), "cannot open " + quote_value(path, 4096) + ": " +
                                          (err ? std::strerror(err) : "unknown error"));
  }
  // Fast path: a regular file already known to be too large is refused
  // before anything is read.
  {
    struct stat st {};
    if (::fstat(::fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode) && max_bytes != 0 &&
        static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
      too_big(field,
              "the file " + quote_value(path, 200) + " (" + std::to_string(st.st_size) + " bytes)",
              max_bytes);
    }
    if (::fstat(::fileno(f.get()), &st) == 0 && S_ISDIR(st.st_mode)) {
      throw IoError(std::string(field), quote_value(path, 200) + " is a directory");
    }
  }
  // A bounded loop: never trust a size reported in advance (FIFOs, /proc and
  // character devices report 0 or nothing), stop one byte past the limit.
  std::string out;
  char buf[1 << 16];
  for (;;) {
    std::size_t want = sizeof buf;
    if (max_bytes != 0) {
      const std::size_t room = max_bytes + 1 - out.size();  // out.size() <= max_bytes here
      if (room < want) want = room;
    }
    const std::size_t got = std::fread(buf, 1, want, f.get());
    out.append(buf, got);
    if (max_bytes != 0 && out.size() > max_bytes) {
      too_big(field, "the file " + quote_value(path, 200), max_bytes);
    }
    if (got < want) {
      if (std::ferror(f.get())) {
        const int err = errno;
        throw IoError(std::string(field), "error reading " + quote_value(path, 200) + ": " +
                                              (err ? std::strerror(err) : "read failed"));
      }
      break;  // end of file
    }
  }
  return out;
}

}  // namespace homeward
