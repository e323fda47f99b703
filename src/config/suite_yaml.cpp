// YAML suite files: every key checked, every error names file, line and key.
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <fstream>
#include <set>

#include "config/suite.hpp"
#include "config/suite_yaml_files.hpp"
#include "config/suite_yaml_sources.hpp"
#include "config/yaml_guard.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct Where {
  const std::string& path;
  std::string at(const YAML::Node& node) const {
    const auto mark = node.Mark();
    return mark.line >= 0 ? fmt::format("{}:{}", path, mark.line + 1) : path;
  }
};

template <typename T>
T scalar(const Where& w, const YAML::Node& node, const std::string& key, const char* expected) {
  if (!node.IsScalar()) {
    throw UsageError(fmt::format("{}: {}: expected {}", w.at(node), key, expected));
  }
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw UsageError(
        fmt::format("{}: {}: expected {}, got '{}'", w.at(node), key, expected, node.Scalar()));
  }
}

void apply_key(const Where& w, const std::string& key, const YAML::Node& v, ScenarioSpec& s,
               const std::string& prefix) {
  const std::string k = prefix + key;
  const bool source_key =
      key == "dataset" || key == "trace" || key == "shared_prefix" || key == "conversation";
  if (source_key && !std::holds_alternative<SyntheticSource>(s.source)) {
    throw UsageError(fmt::format(
        "{}: {}: a scenario takes one source; keep one of dataset, trace, shared_prefix and "
        "conversation and "
        "make another scenario for the other",
        w.at(v), k));
  }
  if (key == "dataset" || key == "trace") {
    s.source = parse_source_key(key, v, w.path, prefix);
  } else if (key == "name") {
    s.name = scalar<std::string>(w, v, k, "a string");
  } else if (key == "input_len") {
    s.input_len = scalar<int64_t>(w, v, k, "an integer token count");
  } else if (key == "output_len") {
    s.output_len = scalar<int64_t>(w, v, k, "an integer token count");
  } else if (key == "load") {
    const auto text = scalar<std::string>(w, v, k, "burst, closed or rate");
    const auto shape = parse_load_shape(text);
    if (!shape) {
      throw UsageError(fmt::format("{}: {}: '{}' is not a load shape; use burst, closed or rate",
                                   w.at(v), k, text));
    }
    s.load = *shape;
  } else if (key == "concurrency") {
    s.concurrency = scalar<int>(w, v, k, "an integer");
  } else if (key == "request_rate") {
    s.request_rate = scalar<double>(w, v, k, "a number of requests per second");
  } else if (key == "max_concurrency") {
    s.max_concurrency = scalar<int>(w, v, k, "an integer (0 = no cap)");
  } else if (key == "requests") {
    s.requests = scalar<int>(w, v, k, "an integer");
  } else if (key == "repeat_prompt") {
    s.repeat_prompt = scalar<bool>(w, v, k, "true or false");
  } else if (key == "shared_prefix") {
    s.source = parse_shared_prefix(v, k, [&](const YAML::Node& n) { return w.at(n); });
  } else if (key == "conversation") {
    s.source = parse_conversation(v, k, [&](const YAML::Node& n) { return w.at(n); });
  } else if (key == "ramp") {
    s.ramp = parse_ramp(v, k, [&](const YAML::Node& n) { return w.at(n); });
  } else {
    throw UsageError(
        fmt::format("{}: {}: unknown key; allowed: name, input_len, output_len, load, concurrency, "
                    "request_rate, ramp, max_concurrency, requests, repeat_prompt, shared_prefix, "
                    "conversation, dataset, trace",
                    w.at(v), k));
  }
}

void apply_map(const Where& w, const YAML::Node& map, ScenarioSpec& s, const std::string& prefix) {
  if (!map.IsMap()) {
    throw UsageError(fmt::format("{}: {}: expected a mapping of scenario keys", w.at(map),
                                 prefix.empty() ? "scenario" : prefix.substr(0, prefix.size() - 1)));
  }
  for (const auto& kv : map) apply_key(w, kv.first.as<std::string>(), kv.second, s, prefix);
}

YAML::Node parse(const std::string& path) {
  const std::string text = read_yaml_text(path, "suite");
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw UsageError(fmt::format("{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.msg));
  }
}

}  // namespace

std::vector<ScenarioSpec> load_suite_file(const std::string& path) {
  return load_suite(path).scenarios;
}

static SuiteFile load_suite_checked(const std::string& path);

// Any yaml-cpp error the checks above did not anticipate (a non-string key, say) is still the
// user's file: report it as such, never let it escape.
SuiteFile load_suite(const std::string& path) {
  try {
    return load_suite_checked(path);
  } catch (const YAML::Exception& e) {
    throw UsageError(fmt::format("{}:{}: invalid suite file: {}", path, e.mark.line + 1, e.msg));
  }
}

static SuiteFile load_suite_checked(const std::string& path) {
  const Where w{path};
  SuiteFile file;
  const YAML::Node root = parse(path);
  if (!root.IsMap() || !root["scenarios"]) {
    throw UsageError(
        fmt::format("{}: scenarios: missing; a suite file is a mapping with a "
                    "'scenarios' list (and optional 'defaults')",
                    w.at(root)));
  }
  ScenarioSpec defaults;
  for (const auto& kv : root) {
    const auto key = kv.first.as<std::string>();
    if (key == "defaults") {
      apply_map(w, kv.second, defaults, "defaults.");
    } else if (key == "server") {
      if (!kv.second.IsMap()) {
        throw UsageError(
            fmt::format("{}: server: expected a mapping of vLLM flags to values, "
                        "e.g. tensor-parallel-size: 2",
                        w.at(kv.second)));
      }
      for (const auto& flag : kv.second) {
        std::string name = flag.first.as<std::string>();
        while (!name.empty() && name.front() == '-') name.erase(name.begin());
        for (char& c : name) c = c == '_' ? '-' : c;
        file.server_settings.emplace_back(
            name, scalar<std::string>(w, flag.second, "server." + name, "a scalar"));
      }
    } else if (key == "goodput") {
      file.goodput = parse_goodput(
          scalar<std::string>(w, kv.second, "goodput", "a string like \"ttft:500 tpot:50\""),
          w.at(kv.second) + ": goodput");
    } else if (key == "capacity") {
      file.capacity = read_capacity_block(path, kv.second);
    } else if (key != "scenarios") {
      throw UsageError(fmt::format(
          "{}: {}: unknown key; allowed: scenarios, defaults, server, goodput, capacity",
          w.at(kv.first), key));
    }
  }
  const YAML::Node list = root["scenarios"];
  if (!list.IsSequence() || list.size() == 0) {
    throw UsageError(fmt::format("{}: scenarios: expected a non-empty list", w.at(list)));
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string prefix = fmt::format("scenarios[{}].", i);
    ScenarioSpec s = defaults;
    s.name.clear();
    apply_map(w, list[i], s, prefix);
    const std::string where = w.at(list[i]) + ": " + prefix.substr(0, prefix.size() - 1);
    derive_from_source(list[i], s, where);
    if (s.load == LoadShape::rate && s.max_concurrency > 0) s.concurrency = s.max_concurrency;
    if (std::holds_alternative<DatasetSource>(s.source) ||
        std::holds_alternative<TraceSource>(s.source)) {
      const YAML::Node defaults_node = root["defaults"];
      const bool requests_given = list[i]["requests"] || (defaults_node && defaults_node.IsMap() &&
                                                          defaults_node["requests"]);
      settle_source_scenario(s, list[i], requests_given, where);
    } else {
      validate_scenario(s, where);
    }
    if (!names.insert(s.name).second) {
      throw UsageError(fmt::format("{}: {}name: duplicate scenario name '{}'; names must be unique",
                                   w.at(list[i]), prefix, s.name));
    }
    file.scenarios.push_back(s);
  }
  return file;
}

}  // namespace sonde
