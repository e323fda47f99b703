#pragma once
// The suite keys that shape where requests come from and when: `shared_prefix`,
// `conversation` and `ramp`.
// Internal to the config module (used by suite_yaml.cpp); errors in its style:
// "FILE:LINE: KEY: problem; what to do".
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>

#include "config/scenario.hpp"

namespace sonde {

// "FILE:LINE" of a node.
using NodePlace = std::function<std::string(const YAML::Node&)>;

// `shared_prefix: {groups, requests_per_group, prefix_len, suffix_len, output_len}`, every
// key required. `key` is the key's full name for messages ("scenarios[2].shared_prefix").
SharedPrefixSource parse_shared_prefix(const YAML::Node& node, const std::string& key,
                                       const NodePlace& at);

// `conversation: {users, turns, user_len, output_len, think_time_s, think}`; the first four
// required, think_time_s defaults to 0 and think to fixed.
ConversationSource parse_conversation(const YAML::Node& node, const std::string& key,
                                      const NodePlace& at);

// `ramp: {from_rate, to_rate, duration_s}`, every key required.
RateRamp parse_ramp(const YAML::Node& node, const std::string& key, const NodePlace& at);

// With a shared_prefix source, the scenario's input_len, output_len and requests follow from
// it (prefix_len + suffix_len, output_len, groups × requests_per_group); setting them in the
// scenario itself (`scenario`, its own mapping) or repeat_prompt is an error. Values inherited
// from `defaults` are replaced. A conversation source sets them too, and the load (closed,
// concurrency = users): setting any load key is an error as well. `where` prefixes messages ("FILE:LINE: scenarios[2]").
void derive_from_source(const YAML::Node& scenario, ScenarioSpec& s, const std::string& where);

}  // namespace sonde
