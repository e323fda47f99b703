#include "analysis/prefix_cache.hpp"

#include <algorithm>
#include <cmath>

#include "stats/distribution.hpp"

namespace sonde::analysis {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return percentile_sorted(v, 50);
}

}  // namespace

PrefixCacheView prefix_cache_view(const ScenarioResult& scenario,
                                  const std::vector<RequestRecord>& records) {
  PrefixCacheView v;
  if (scenario.shared_prefix) {
    v.expected_rate = scenario.shared_prefix->expected_prefix_hit_rate;
  } else if (scenario.source && scenario.source->expected_prefix_hit_rate) {
    v.expected_rate = *scenario.source->expected_prefix_hit_rate;
  }
  if (const auto& d = scenario.server_metrics) {
    v.server_hits = d->prefix_cache_hits;
    v.server_queries = d->prefix_cache_queries;
    v.server_rate = d->prefix_cache_hit_rate;
  }
  for (const RequestRecord& r : records) {
    if (!r.cached_tokens) continue;
    ++v.reporting;
    v.cached_tokens += *r.cached_tokens;
    v.reporting_prompt_tokens += r.input_tokens;
  }
  if (v.reporting_prompt_tokens > 0) {
    v.per_request_rate = double(v.cached_tokens) / double(v.reporting_prompt_tokens);
  }
  return v;
}

HitSplit hit_split(const std::vector<RequestRecord>& records) {
  HitSplit s;
  std::vector<double> ttft_with, ttft_without, in_with, in_without, cached_with;
  for (const RequestRecord& r : records) {
    if (!r.ok || !r.ttft_ms) continue;
    if (!r.cached_tokens) {
      ++s.unknown;
    } else if (*r.cached_tokens > 0) {
      ttft_with.push_back(*r.ttft_ms);
      in_with.push_back(double(r.input_tokens));
      cached_with.push_back(double(*r.cached_tokens));
    } else {
      ttft_without.push_back(*r.ttft_ms);
      in_without.push_back(double(r.input_tokens));
    }
  }
  s.with_hits = static_cast<int>(ttft_with.size());
  s.without_hits = static_cast<int>(ttft_without.size());
  s.ttft_p50_with = median(std::move(ttft_with));
  s.ttft_p50_without = median(std::move(ttft_without));
  s.input_p50_with = median(std::move(in_with));
  s.input_p50_without = median(std::move(in_without));
  s.cached_p50_with = median(std::move(cached_with));
  return s;
}

std::optional<double> ttft_change_with_hits(const HitSplit& s, int min_group) {
  if (s.with_hits < min_group || s.without_hits < min_group) return std::nullopt;
  if (!std::isfinite(s.ttft_p50_with) || !std::isfinite(s.ttft_p50_without)) return std::nullopt;
  if (s.ttft_p50_without <= 0) return std::nullopt;
  return (s.ttft_p50_with - s.ttft_p50_without) / s.ttft_p50_without;
}

}  // namespace sonde::analysis
