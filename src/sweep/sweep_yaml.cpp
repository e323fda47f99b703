// Sweep files: every key checked; errors name FILE:LINE and the key.
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "config/capacity_block.hpp"
#include "config/suite.hpp"
#include "config/yaml_guard.hpp"
#include "sweep/sweep_file.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::string at(const std::string& path, const YAML::Node& n) {
  return n.Mark().line >= 0 ? fmt::format("{}:{}", path, n.Mark().line + 1) : path;
}

[[noreturn]] void fail(const std::string& path, const YAML::Node& n, const std::string& key,
                       const std::string& what) {
  throw UsageError(fmt::format("{}: {}: {}", at(path, n), key, what));
}

std::string flag_name(const std::string& path, const YAML::Node& key) {
  try {
    std::string name = normalize_flag(key.as<std::string>());  // "--max-num-seqs"
    return name.substr(name.find_first_not_of('-'));           // stored without dashes
  } catch (const UsageError& e) {
    fail(path, key, key.as<std::string>(), e.what());
  }
}

FlagValue flag_value(const std::string& path, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(path, n, key, "expected a scalar (true/false, a number or a string)");
  const std::string text = n.Scalar();
  if (n.Tag() == "!") return text;  // quoted: always a string
  if (text == "true" || text == "false") return text == "true";
  char* end = nullptr;
  const long long i = std::strtoll(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0') return static_cast<int64_t>(i);
  const double d = std::strtod(text.c_str(), &end);
  if (!text.empty() && *end == '\0') return d;
  return text;
}

FlagSet flag_map(const std::string& path, const YAML::Node& n, const std::string& key) {
  if (!n.IsMap()) fail(path, n, key, "expected a mapping of serve flags to values");
  FlagSet out;
  for (const auto& kv : n) {
    const std::string flag = flag_name(path, kv.first);
    out.emplace_back(flag, flag_value(path, kv.second, key + "." + flag));
  }
  return out;
}

std::vector<std::string> split_command(const std::string& path, const YAML::Node& n) {
  std::vector<std::string> argv;
  if (n.IsSequence()) {
    for (const auto& item : n) argv.push_back(item.as<std::string>());
  } else if (n.IsScalar()) {
    std::istringstream in(n.Scalar());
    for (std::string word; in >> word;) argv.push_back(word);
  }
  if (argv.empty())
    fail(path, n, "server.command", "expected a command, e.g. 'vllm serve MODEL' or [sonde, sim]");
  return argv;
}

template <typename T>
T number(const std::string& path, const YAML::Node& n, const std::string& key, const char* what) {
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    fail(path, n, key, fmt::format("expected {}", what));
  }
}

void load_server(const std::string& path, const YAML::Node& n, SweepSpec& s) {
  if (!n.IsMap())
    fail(path, n, "server", "expected a mapping (command, args, env, gpus, startup_timeout_s)");
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    const auto& v = kv.second;
    if (key == "command")
      s.command = split_command(path, v);
    else if (key == "args")
      s.fixed_args = flag_map(path, v, "server.args");
    else if (key == "env") {
      if (!v.IsMap()) fail(path, v, "server.env", "expected a mapping of variable names to values");
      for (const auto& e : v) s.env[e.first.as<std::string>()] = e.second.as<std::string>();
    } else if (key == "gpus")
      s.gpus = number<int>(path, v, "server.gpus", "an integer");
    else if (key == "startup_timeout_s")
      s.startup_timeout_s = number<double>(path, v, "server.startup_timeout_s", "seconds");
    else if (key == "sim_speed")
      s.sim_speed = number<double>(path, v, "server.sim_speed", "a speed-up factor");
    else
      fail(path, kv.first, "server." + key,
           "unknown key; allowed: command, args, env, gpus, startup_timeout_s, sim_speed");
  }
}

void load_axes(const std::string& path, const YAML::Node& n, SweepSpec& s) {
  if (!n.IsMap()) fail(path, n, "axes", "expected a mapping of serve flags to lists of values");
  for (const auto& kv : n) {
    const std::string flag = flag_name(path, kv.first);
    if (!kv.second.IsSequence() || kv.second.size() == 0) {
      fail(path, kv.second, "axes." + flag, "expected a non-empty list of values");
    }
    std::vector<FlagValue> values;
    for (const auto& v : kv.second) values.push_back(flag_value(path, v, "axes." + flag));
    s.axes.emplace_back(flag, std::move(values));
  }
}

std::vector<FlagSet> flag_maps(const std::string& path, const YAML::Node& n, const std::string& key) {
  if (!n.IsSequence()) fail(path, n, key, "expected a list of mappings");
  std::vector<FlagSet> out;
  for (std::size_t i = 0; i < n.size(); ++i)
    out.push_back(flag_map(path, n[i], fmt::format("{}[{}]", key, i)));
  return out;
}

SeedSuiteParams seed_params(const std::string& path, const YAML::Node& n) {
  SeedSuiteParams p;
  if (!n.IsMap()) fail(path, n, "suite_params", "expected a mapping");
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    const auto& v = kv.second;
    const std::string k = "suite_params." + key;
    if (key == "input_lens")
      p.input_lens = number<std::vector<int64_t>>(path, v, k, "a list of token counts");
    else if (key == "output_len")
      p.output_len = number<int64_t>(path, v, k, "a token count");
    else if (key == "concurrency")
      p.concurrency = number<std::vector<int>>(path, v, k, "a list of integers");
    else if (key == "concurrency_input_len")
      p.concurrency_input_len = number<int64_t>(path, v, k, "a token count");
    else if (key == "concurrency_output_len")
      p.concurrency_output_len = number<int64_t>(path, v, k, "a token count");
    else if (key == "requests_per_level")
      p.requests_per_level = number<int>(path, v, k, "an integer");
    else if (key == "load") {
      const auto shape = parse_load_shape(v.as<std::string>());
      if (!shape || *shape == LoadShape::rate) fail(path, v, k, "use burst or closed");
      p.load = *shape;
    } else {
      fail(path, kv.first, k,
           "unknown key; allowed: input_lens, output_len, concurrency, "
           "concurrency_input_len, concurrency_output_len, requests_per_level, load");
    }
  }
  return p;
}

// A file option's path as the sweep file means it: relative to the file's directory.
std::string option_path(const std::string& path, const std::string& key, const std::string& value) {
  if (value.empty() || (key == "corpus" && (value == "ko" || value == "en"))) return value;
  if (std::filesystem::path(value).is_absolute()) return value;
  return (std::filesystem::path(path).parent_path() / value).string();
}

// `run:` — the measurement flags of `sonde run`, by key (timeout_s: 30, insecure: true, ...).
void load_run(const std::string& path, const YAML::Node& n, SweepSpec& s) {
  if (!n.IsMap()) {
    fail(path, n, "run",
         "expected a mapping of run options to values, e.g. {timeout_s: 30, seed: 7}");
  }
  std::vector<RunOptionValue> given;
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    const RunOptionInfo* info = find_run_option(key);
    if (info == nullptr) {
      std::string spelled = key.substr(std::min(key.find_first_not_of('-'), key.size()));
      for (char& c : spelled) c = c == '-' ? '_' : c;
      const std::string hint = spelled != key && find_run_option(spelled) != nullptr
                                   ? fmt::format("write it as {}; ", spelled)
                                   : "";
      fail(path, kv.first, "run." + key,
           fmt::format("unknown key; {}allowed: {}", hint, run_option_keys()));
    }
    if (!kv.second.IsScalar()) fail(path, kv.second, "run." + key, "expected a single value");
    std::string value = kv.second.Scalar();
    if (info->is_path) value = option_path(path, key, value);
    given.push_back(RunOptionValue{key, value, fmt::format("{}: run.{}", at(path, kv.first), key)});
  }
  apply_run_options(s.run, given);
  try {
    validate(s.run);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("{}: run: {}", at(path, n), e.what()));
  }
}

}  // namespace

static SweepSpec load_sweep_checked(const std::string& path);

// Any yaml-cpp error the checks did not anticipate (a non-string key, a list where a name
// belongs) is still the user's file: report it with its line, never let it escape.
SweepSpec load_sweep_file(const std::string& path) {
  try {
    return load_sweep_checked(path);
  } catch (const YAML::Exception& e) {
    throw UsageError(fmt::format("{}:{}: invalid sweep file: {}", path, e.mark.line + 1, e.msg));
  }
}

static SweepSpec load_sweep_checked(const std::string& path) {
  const std::string text = read_yaml_text(path, "sweep");
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw UsageError(fmt::format("{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.msg));
  }
  if (!root.IsMap())
    throw UsageError(fmt::format("{}: a sweep file is a mapping (server, axes, suite, ...)", path));
  SweepSpec s;
  s.source_path = path;
  s.command = {"vllm", "serve"};
  std::string suite = "seed";
  SeedSuiteParams params;
  bool suite_given = false;  // `suite:` or `suite_params:` in the file
  GoodputSlos capacity_goodput;
  for (const auto& kv : root) {
    const auto key = kv.first.as<std::string>();
    const auto& v = kv.second;
    if (key == "server")
      load_server(path, v, s);
    else if (key == "axes")
      load_axes(path, v, s);
    else if (key == "exclude")
      s.excludes = flag_maps(path, v, "exclude");
    else if (key == "points")
      s.extra_points = flag_maps(path, v, "points");
    else if (key == "runs")
      s.runs = number<int>(path, v, "runs", "an integer >= 1");
    else if (key == "model")
      s.model = v.as<std::string>();
    else if (key == "suite")
      suite = v.as<std::string>(), suite_given = true;
    else if (key == "suite_params")
      params = seed_params(path, v), suite_given = true;
    else if (key == "capacity") {
      const CapacityBlock block = read_capacity_block(path, v);
      capacity_goodput = block.goodput;
      s.capacity = block;
    } else if (key == "run")
      load_run(path, v, s);
    else if (key == "executor")
      s.executor = load_executor_block(path, v);
    else
      fail(path, kv.first, key,
           "unknown key; allowed: server, axes, exclude, points, runs, model, suite, suite_params, "
           "run, executor, capacity");
  }
  if (s.runs < 1) throw UsageError(fmt::format("{}: runs: must be >= 1", path));
  if (s.axes.empty() && s.extra_points.empty()) {
    throw UsageError(fmt::format(
        "{}: axes: missing; name at least one serve flag to vary (or list points)", path));
  }
  if (capacity_goodput.any()) {
    if (s.run.goodput.any() && !(s.run.goodput == capacity_goodput)) {
      throw UsageError(fmt::format(
          "{}: capacity.goodput and run.goodput differ; give the SLOs once (capacity.goodput)", path));
    }
    s.run.goodput = capacity_goodput;  // the suite's goodput column uses the same SLOs
  }
  if (s.capacity && !suite_given) return s;  // capacity alone: no suite runs
  if (suite == "seed") {
    s.scenarios = seed_suite(params);
  } else {
    const auto base = std::filesystem::path(path).parent_path();
    const auto file =
        std::filesystem::path(suite).is_absolute() ? std::filesystem::path(suite) : base / suite;
    SuiteFile loaded = load_suite(file.string());
    s.scenarios = std::move(loaded.scenarios);
    // The suite's SLOs, unless the sweep's own `run:` block gives some.
    if (!s.run.goodput.any()) s.run.goodput = loaded.goodput;
    // The suite's capacity search, unless the sweep file has its own.
    if (!s.capacity && loaded.capacity) {
      s.capacity = *loaded.capacity;
      if (loaded.capacity->goodput.any() && !s.run.goodput.any())
        s.run.goodput = loaded.capacity->goodput;
    }
  }
  return s;
}

}  // namespace sonde
