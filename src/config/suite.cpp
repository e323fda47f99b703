#include "config/suite.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "util/error.hpp"

namespace sonde {

std::string input_scenario_name(int64_t input_len) {
  switch (input_len) {
    case 1000:
      return "short_1k";
    case 3000:
      return "mid_3k";
    case 6000:
      return "long_6k";
    case 10000:
      return "verylong_10k";
    default:
      return fmt::format("input_{}", input_len);
  }
}

static std::string rate_name(double rate) {
  std::string text = fmt::format("{:g}", rate);
  for (char& c : text) {
    if (c == '.') c = 'p';
  }
  return "rate_" + text;
}

std::vector<ScenarioSpec> seed_suite(const SeedSuiteParams& p) {
  std::vector<ScenarioSpec> out;
  for (int64_t len : p.input_lens) {
    ScenarioSpec s;
    s.name = input_scenario_name(len);
    s.input_len = len;
    s.output_len = p.output_len;
    s.load = LoadShape::closed;
    s.concurrency = 1;
    s.requests = p.requests_per_level;
    out.push_back(s);
  }
  if (p.load == LoadShape::rate) {
    int widest = 1;
    for (int c : p.concurrency) widest = std::max(widest, c);
    for (double rate : p.request_rates) {
      ScenarioSpec s;
      s.name = rate_name(rate);
      s.input_len = p.concurrency_input_len;
      s.output_len = p.concurrency_output_len;
      s.load = LoadShape::rate;
      s.request_rate = rate;
      s.max_concurrency = p.max_concurrency;
      s.concurrency = p.max_concurrency;
      // As many requests as the widest burst stage would send, so stages are comparable.
      s.requests = p.requests_per_level * widest;
      out.push_back(s);
    }
    return out;
  }
  for (int c : p.concurrency) {
    ScenarioSpec s;
    s.name = fmt::format("concurrency_{}", c);
    s.input_len = p.concurrency_input_len;
    s.output_len = p.concurrency_output_len;
    s.load = p.load;
    s.concurrency = c;
    s.requests = p.requests_per_level * c;  // requests_per_level rounds of c
    out.push_back(s);
  }
  return out;
}

void validate_scenario(const ScenarioSpec& s, const std::string& where) {
  auto fail = [&](const std::string& key, const std::string& what) {
    throw UsageError(fmt::format("{}: {}: {}", where, key, what));
  };
  if (std::holds_alternative<DatasetSource>(s.source) ||
      std::holds_alternative<TraceSource>(s.source)) {
    validate_file_scenario(s, where);
    return;
  }
  if (s.name.empty()) fail("name", "must be a non-empty string");
  if (s.input_len < 1) fail("input_len", fmt::format("must be >= 1 token, got {}", s.input_len));
  if (s.output_len < 1) fail("output_len", fmt::format("must be >= 1 token, got {}", s.output_len));
  if (s.requests < 1) fail("requests", fmt::format("must be >= 1, got {}", s.requests));
  if (s.load != LoadShape::rate && s.concurrency < 1)
    fail("concurrency", fmt::format("must be >= 1, got {}", s.concurrency));
  if (s.load == LoadShape::rate && !s.ramp && !(s.request_rate > 0 && std::isfinite(s.request_rate)))
    fail("request_rate", "load 'rate' needs request_rate > 0 (requests per second), or a ramp");
  validate_ramp(s, where);
  if (s.max_concurrency < 0) fail("max_concurrency", "must be >= 0 (0 = no cap)");
}

}  // namespace sonde
