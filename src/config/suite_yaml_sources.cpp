#include "config/suite_yaml_sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

#include "util/error.hpp"

namespace sonde {
namespace {

template <typename T>
T number(const NodePlace& at, const YAML::Node& node, const std::string& key, const char* expected) {
  if (!node.IsScalar())
    throw UsageError(fmt::format("{}: {}: expected {}", at(node), key, expected));
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw UsageError(
        fmt::format("{}: {}: expected {}, got '{}'", at(node), key, expected, node.Scalar()));
  }
}

// Checks `node` is a mapping with only the keys `allowed` and every one of them but `optional`.
void check_keys(const NodePlace& at, const YAML::Node& node, const std::string& key,
                const std::vector<std::string>& allowed, const char* example,
                const std::vector<std::string>& optional = {}) {
  std::string required;
  for (const auto& name : allowed) required += (required.empty() ? "" : ", ") + name;
  std::string list = required;
  for (const auto& name : optional) list += ", " + name;
  if (!node.IsMap()) {
    throw UsageError(
        fmt::format("{}: {}: expected a mapping of {}, e.g. {}", at(node), key, list, example));
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const auto name = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end() &&
        std::find(optional.begin(), optional.end(), name) == optional.end()) {
      throw UsageError(
          fmt::format("{}: {}.{}: unknown key; allowed: {}", at(kv.first), key, name, list));
    }
    seen.insert(name);
  }
  for (const auto& name : allowed) {
    if (seen.count(name) == 0) {
      throw UsageError(fmt::format("{}: {}.{}: missing; {} needs all of {}", at(node), key, name,
                                   key, required));
    }
  }
}

}  // namespace

SharedPrefixSource parse_shared_prefix(const YAML::Node& node, const std::string& key,
                                       const NodePlace& at) {
  check_keys(at, node, key,
             {"groups", "requests_per_group", "prefix_len", "suffix_len", "output_len"},
             "{groups: 4, requests_per_group: 8, prefix_len: 1024, suffix_len: 64, output_len: 8}");
  SharedPrefixSource s;
  const auto positive = [&](const char* name, const char* what) {
    const std::string k = key + "." + name;
    const auto v = number<int64_t>(at, node[name], k, what);
    if (v < 1) throw UsageError(fmt::format("{}: {}: must be >= 1, got {}", at(node[name]), k, v));
    return v;
  };
  constexpr int64_t kMaxCount = 1'000'000;  // requests in one scenario: more is a typo
  s.groups =
      static_cast<int>(std::min(positive("groups", "an integer number of groups"), kMaxCount + 1));
  s.requests_per_group = static_cast<int>(
      std::min(positive("requests_per_group", "an integer number of requests"), kMaxCount + 1));
  if (int64_t{s.groups} * s.requests_per_group > kMaxCount) {
    throw UsageError(fmt::format("{}: {}: groups × requests_per_group is more than {} requests",
                                 at(node), key, kMaxCount));
  }
  s.prefix_len = positive("prefix_len", "an integer token count");
  s.suffix_len = positive("suffix_len", "an integer token count");
  s.output_len = positive("output_len", "an integer token count");
  return s;
}

ConversationSource parse_conversation(const YAML::Node& node, const std::string& key,
                                      const NodePlace& at) {
  check_keys(at, node, key, {"users", "turns", "user_len", "output_len"},
             "{users: 4, turns: 4, user_len: 128, output_len: 64, think_time_s: 1}",
             {"think_time_s", "think"});
  ConversationSource c;
  const auto positive = [&](const char* name, const char* what, int64_t max) {
    const std::string k = key + "." + name;
    const auto v = number<int64_t>(at, node[name], k, what);
    if (v < 1) throw UsageError(fmt::format("{}: {}: must be >= 1, got {}", at(node[name]), k, v));
    if (v > max) {
      throw UsageError(fmt::format("{}: {}: at most {}, got {}", at(node[name]), k, max, v));
    }
    return v;
  };
  constexpr int64_t kMaxUsers = 100'000;  // sessions at once: more is a typo
  constexpr int64_t kMaxTurns = 10'000;
  c.users = static_cast<int>(positive("users", "an integer number of chat sessions", kMaxUsers));
  c.turns = static_cast<int>(positive("turns", "an integer number of turns per session", kMaxTurns));
  if (int64_t{c.users} * c.turns > 1'000'000) {
    throw UsageError(
        fmt::format("{}: {}: users × turns is more than 1000000 requests; make the "
                    "scenario smaller",
                    at(node), key));
  }
  c.user_len = positive("user_len", "an integer token count", 1 << 24);
  c.output_len = positive("output_len", "an integer token count", 1 << 24);
  if (node["think_time_s"]) {
    const std::string k = key + ".think_time_s";
    c.think_time_s = number<double>(at, node["think_time_s"], k, "a number of seconds");
    if (!(c.think_time_s >= 0) || c.think_time_s > 86'400) {
      throw UsageError(fmt::format("{}: {}: must be between 0 and 86400 seconds, got {}",
                                   at(node["think_time_s"]), k, node["think_time_s"].Scalar()));
    }
  }
  if (node["think"]) {
    const std::string k = key + ".think";
    const auto text = number<std::string>(at, node["think"], k, "fixed or exponential");
    if (text == "fixed") {
      c.think = ThinkTime::fixed;
    } else if (text == "exponential") {
      c.think = ThinkTime::exponential;
    } else {
      throw UsageError(fmt::format("{}: {}: '{}' is not a think-time law; use fixed or exponential",
                                   at(node["think"]), k, text));
    }
  }
  return c;
}

RateRamp parse_ramp(const YAML::Node& node, const std::string& key, const NodePlace& at) {
  check_keys(at, node, key, {"from_rate", "to_rate", "duration_s"},
             "{from_rate: 1, to_rate: 20, duration_s: 60}");
  RateRamp r;
  r.from_rate =
      number<double>(at, node["from_rate"], key + ".from_rate", "a number of requests per second");
  r.to_rate =
      number<double>(at, node["to_rate"], key + ".to_rate", "a number of requests per second");
  r.duration_s = number<double>(at, node["duration_s"], key + ".duration_s", "a number of seconds");
  return r;  // ranges: validate_scenario
}

namespace {

// A conversation scenario: requests = users × turns, input_len = user_len (each new message),
// output_len from the source; a closed loop of `users` sessions.
void derive_from_conversation(const YAML::Node& scenario, ScenarioSpec& s,
                              const ConversationSource& c, const std::string& where) {
  for (const char* key : {"input_len", "output_len", "requests", "load", "concurrency",
                          "request_rate", "ramp", "max_concurrency", "repeat_prompt"}) {
    if (scenario.IsMap() && scenario[key]) {
      throw UsageError(fmt::format(
          "{}.{}: not allowed with conversation, which sets the load itself (users sessions at "
          "once, each turns requests long; input_len = user_len, output_len from conversation); "
          "remove it",
          where, key));
    }
  }
  s.input_len = c.user_len;
  s.output_len = c.output_len;
  s.requests = c.users * c.turns;
  s.load = LoadShape::closed;
  s.concurrency = c.users;
  s.request_rate = 0;
  s.ramp.reset();
  s.max_concurrency = 0;
  s.repeat_prompt = false;
}

}  // namespace

void derive_from_source(const YAML::Node& scenario, ScenarioSpec& s, const std::string& where) {
  if (const auto* c = std::get_if<ConversationSource>(&s.source)) {
    derive_from_conversation(scenario, s, *c, where);
    return;
  }
  const auto* sp = std::get_if<SharedPrefixSource>(&s.source);
  if (sp == nullptr) return;
  for (const char* key : {"input_len", "output_len", "requests"}) {
    if (scenario.IsMap() && scenario[key]) {
      throw UsageError(fmt::format(
          "{}.{}: not allowed with shared_prefix, which sets it (input_len = prefix_len + "
          "suffix_len, requests = groups × requests_per_group, output_len from shared_prefix); "
          "remove it",
          where, key));
    }
  }
  if (s.repeat_prompt) {
    throw UsageError(
        fmt::format("{}.repeat_prompt: not allowed with shared_prefix, whose "
                    "prompts share their group's prefix only; remove it",
                    where));
  }
  s.input_len = sp->prefix_len + sp->suffix_len;
  s.output_len = sp->output_len;
  s.requests = sp->groups * sp->requests_per_group;
}

}  // namespace sonde
