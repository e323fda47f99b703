// JSON of a scenario's `source` object for shared_prefix: the suite's keys, then what was built.
#include <nlohmann/json.hpp>

#include "config/scenario_source.hpp"
#include "results/json_util.hpp"
#include "results/shared_prefix_facts.hpp"

namespace sonde {

using json_detail::number;
using json_detail::read_number;
using json_detail::value_or;
using nlohmann::json;

void to_json(json& j, const SharedPrefixSource& s) {
  j = json{{"kind", "shared_prefix"},
           {"groups", s.groups},
           {"requests_per_group", s.requests_per_group},
           {"prefix_len", s.prefix_len},
           {"suffix_len", s.suffix_len},
           {"output_len", s.output_len}};
}

void from_json(const json& j, SharedPrefixSource& s) {
  s.groups = j.at("groups").get<int>();
  s.requests_per_group = j.at("requests_per_group").get<int>();
  s.prefix_len = j.at("prefix_len").get<int64_t>();
  s.suffix_len = j.at("suffix_len").get<int64_t>();
  s.output_len = j.at("output_len").get<int64_t>();
}

void to_json(json& j, const SharedPrefixFacts& f) {
  j = json{{"prefix_tokens_min", f.prefix_tokens_min},
           {"prefix_tokens_max", f.prefix_tokens_max},
           {"cacheable_tokens", f.cacheable_tokens},
           {"prompt_tokens", f.prompt_tokens},
           {"block_size", f.block_size},
           {"block_size_source", f.block_size_source},
           {"expected_prefix_hit_rate", number(f.expected_prefix_hit_rate)}};
}

void from_json(const json& j, SharedPrefixFacts& f) {
  f.prefix_tokens_min = j.at("prefix_tokens_min").get<int64_t>();
  f.prefix_tokens_max = j.at("prefix_tokens_max").get<int64_t>();
  f.cacheable_tokens = j.at("cacheable_tokens").get<int64_t>();
  f.prompt_tokens = j.at("prompt_tokens").get<int64_t>();
  f.block_size = value_or(j, "block_size", 16);
  f.block_size_source = value_or(j, "block_size_source", std::string());
  f.expected_prefix_hit_rate = read_number(j, "expected_prefix_hit_rate");
}

}  // namespace sonde
