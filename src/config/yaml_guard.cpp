#include "config/yaml_guard.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "util/error.hpp"

namespace sonde {

std::string read_yaml_text(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("{}: cannot open {} file; check the path", path, what));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  constexpr int kMaxDepth = 64;
  int depth = 0;
  int line = 1;
  for (char c : text) {
    if (c == '\n') ++line;
    if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        throw UsageError(fmt::format("{}:{}: nested more than {} levels deep; not a {} file", path,
                                     line, kMaxDepth, what));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return text;
}

}  // namespace sonde
