// --goodput: vLLM's spelling (`ttft:500 tpot:50 e2el:8000`, milliseconds), parsed once for the
// flag, the sweep file's `run:` block and run.json.
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "config/run_options.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

constexpr const char* kAllowed = "ttft, tpot, e2el (milliseconds), e.g. ttft:500 tpot:50 e2el:8000";

std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::optional<double>* slot(GoodputSlos& s, const std::string& key) {
  if (key == "ttft") return &s.ttft_ms;
  if (key == "tpot") return &s.tpot_ms;
  if (key == "e2el") return &s.e2el_ms;
  return nullptr;
}

}  // namespace

GoodputSlos parse_goodput(const std::string& text, const std::string& where) {
  GoodputSlos slos;
  const auto list = tokens(text);
  if (list.empty())
    throw UsageError(fmt::format("{}: give at least one KEY:MS; keys: {}", where, kAllowed));
  for (const auto& token : list) {
    const std::size_t colon = token.find(':');
    if (colon == std::string::npos) {
      throw UsageError(fmt::format("{}: '{}' is not KEY:MS; keys: {}", where, token, kAllowed));
    }
    const std::string key = token.substr(0, colon);
    const std::string value = token.substr(colon + 1);
    std::optional<double>* target = slot(slos, key);
    if (target == nullptr) {
      throw UsageError(
          fmt::format("{}: '{}': unknown metric '{}'; keys: {}", where, token, key, kAllowed));
    }
    if (target->has_value()) {
      throw UsageError(
          fmt::format("{}: '{}': {} is given twice; keys: {}", where, token, key, kAllowed));
    }
    char* end = nullptr;
    errno = 0;
    const double ms = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(ms) || ms < 0) {
      throw UsageError(fmt::format("{}: '{}': '{}' is not a number of milliseconds >= 0; keys: {}",
                                   where, token, value, kAllowed));
    }
    *target = ms;
  }
  return slos;
}

std::string to_string(const GoodputSlos& slos) {
  std::string out;
  const auto add = [&out](const char* key, const std::optional<double>& v) {
    if (v) out += fmt::format("{}{}:{}", out.empty() ? "" : " ", key, *v);
  };
  add("ttft", slos.ttft_ms);
  add("tpot", slos.tpot_ms);
  add("e2el", slos.e2el_ms);
  return out;
}

}  // namespace sonde
