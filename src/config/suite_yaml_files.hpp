#pragma once
// The `dataset:` and `trace:` keys of a suite scenario (docs/traffic.md): parsed strictly, with
// relative paths resolved against the suite file's directory. Internal to the config module.
#include <string>

#include <yaml-cpp/yaml.h>

#include "config/scenario.hpp"

namespace sonde {

// The source named by `key` ("dataset" or "trace") from `node`. `suite_path` names the file in
// errors ("FILE:LINE: KEY.FIELD: problem; what is allowed") and anchors relative paths.
// `prefix` is the key's path so far ("scenarios[2]."). Throws UsageError.
ScenarioSource parse_source_key(const std::string& key, const YAML::Node& node,
                                const std::string& suite_path, const std::string& prefix);

// Settles the scenario keys around a dataset or trace source, given the scenario's own mapping
// (keys that only make sense for generated prompts are errors when the scenario itself sets
// them; inherited defaults are overridden) and whether `requests` was set there or in defaults.
// Then validates it. Throws UsageError prefixed by `where`.
void settle_source_scenario(ScenarioSpec& s, const YAML::Node& own, bool requests_given,
                            const std::string& where);

}  // namespace sonde
