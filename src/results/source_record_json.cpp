// JSON of SourceRecord (run.json scenario "source").
#include <algorithm>

#include "results/json.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::value_or;
using nlohmann::json;

LengthRange length_range(std::vector<int64_t> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  return {values.front(), values[(values.size() - 1) / 2], values.back()};
}

void to_json(json& j, const LengthRange& r) {
  j = json{{"min", r.min}, {"p50", r.p50}, {"max", r.max}};
}

void from_json(const json& j, LengthRange& r) {
  r.min = value_or<int64_t>(j, "min", 0);
  r.p50 = value_or<int64_t>(j, "p50", 0);
  r.max = value_or<int64_t>(j, "max", 0);
}

namespace {

template <typename T>
void put_optional(json& j, const char* key, const std::optional<T>& v) {
  j[key] = v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> get_optional(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

void to_json(json& j, const SourceRecord& s) {
  j = json{{"kind", s.kind},
           {"path", s.path},
           {"sha256", s.sha256},
           {"rows_used", s.rows_used},
           {"rows_skipped", s.rows_skipped},
           {"skipped", s.skipped},
           {"input_tokens_target", s.input_tokens_target},
           {"input_tokens_prepared", s.input_tokens_prepared},
           {"output_tokens_target", s.output_tokens_target}};
  put_optional(j, "seed", s.seed);
  put_optional(j, "sample", s.sample);
  put_optional(j, "max_input_len", s.max_input_len);
  put_optional(j, "output_len", s.output_len);
  put_optional(j, "speedup", s.speedup);
  put_optional(j, "max_requests", s.max_requests);
  put_optional(j, "block_tokens", s.block_tokens);
  if (s.cacheable_tokens) {  // Mooncake only: other sources' records stay as they were
    j["cacheable_tokens"] = *s.cacheable_tokens;
    put_optional(j, "prompt_tokens", s.prompt_tokens);
    put_optional(j, "block_size", s.block_size);
    put_optional(j, "expected_prefix_hit_rate", s.expected_prefix_hit_rate);
  }
}

void from_json(const json& j, SourceRecord& s) {
  s.kind = j.at("kind").get<std::string>();
  s.path = j.at("path").get<std::string>();
  s.sha256 = value_or(j, "sha256", std::string());
  s.rows_used = value_or<uint64_t>(j, "rows_used", 0);
  s.rows_skipped = value_or<uint64_t>(j, "rows_skipped", 0);
  s.skipped = value_or(j, "skipped", std::map<std::string, uint64_t>());
  s.seed = get_optional<uint64_t>(j, "seed");
  s.sample = get_optional<uint64_t>(j, "sample");
  s.max_input_len = get_optional<int64_t>(j, "max_input_len");
  s.output_len = get_optional<int64_t>(j, "output_len");
  s.speedup = get_optional<double>(j, "speedup");
  s.max_requests = get_optional<uint64_t>(j, "max_requests");
  s.block_tokens = get_optional<int64_t>(j, "block_tokens");
  s.cacheable_tokens = get_optional<int64_t>(j, "cacheable_tokens");
  s.prompt_tokens = get_optional<int64_t>(j, "prompt_tokens");
  s.block_size = get_optional<int>(j, "block_size");
  s.expected_prefix_hit_rate = get_optional<double>(j, "expected_prefix_hit_rate");
  if (auto it = j.find("input_tokens_target"); it != j.end())
    s.input_tokens_target = it->get<LengthRange>();
  if (auto it = j.find("input_tokens_prepared"); it != j.end())
    s.input_tokens_prepared = it->get<LengthRange>();
  if (auto it = j.find("output_tokens_target"); it != j.end())
    s.output_tokens_target = it->get<LengthRange>();
}

// The scenario's source as a suite would have named it, rebuilt from its record.
ScenarioSource scenario_source(const SourceRecord& s) {
  if (s.kind == "sharegpt" || s.kind == "jsonl") {
    DatasetSource d;
    d.kind = s.kind == "sharegpt" ? DatasetKind::sharegpt : DatasetKind::jsonl;
    d.path = s.path;
    if (s.sample) d.sample = static_cast<std::size_t>(*s.sample);
    d.seed = s.seed.value_or(0);
    d.max_input_len = s.max_input_len;
    d.output_len = s.output_len;
    return d;
  }
  TraceSource t;
  t.kind = s.kind == "azure" ? TraceKind::azure : TraceKind::mooncake;
  t.path = s.path;
  t.speedup = s.speedup.value_or(1);
  if (s.max_requests) t.max_requests = static_cast<std::size_t>(*s.max_requests);
  t.block_tokens = s.block_tokens.value_or(t.block_tokens);
  return t;
}

}  // namespace sonde
