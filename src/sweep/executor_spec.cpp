// The sweep file's `executor:` block: every key checked, errors name FILE:LINE and the key.
#include "sweep/executor_spec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "util/error.hpp"

namespace sonde {
namespace {

[[noreturn]] void fail(const std::string& path, const YAML::Node& n, const std::string& key,
                       const std::string& what) {
  const std::string at = n.Mark().line >= 0 ? fmt::format("{}:{}", path, n.Mark().line + 1) : path;
  throw UsageError(fmt::format("{}: {}: {}", at, key, what));
}

std::string text(const std::string& path, const YAML::Node& n, const std::string& key,
                 const char* example) {
  if (!n.IsScalar() || n.Scalar().empty())
    fail(path, n, key, fmt::format("expected a non-empty string, e.g. {}", example));
  return n.Scalar();
}

// Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
bool slurm_time(const std::string& t) {
  if (t.empty() || t.front() == ':' || t.back() == ':' || t.back() == '-') return false;
  int dashes = 0;
  int colons = 0;
  for (char c : t) {
    if (c == '-')
      ++dashes;
    else if (c == ':')
      ++colons;
    else if (c < '0' || c > '9')
      return false;
  }
  return dashes <= 1 && colons <= 2;
}

std::vector<std::string> words(const std::string& path, const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsSequence()) {
    for (const auto& item : n) {
      if (!item.IsScalar()) fail(path, item, "executor.extra_args", "expected a list of strings");
      out.push_back(item.Scalar());
    }
  } else if (n.IsScalar()) {
    std::istringstream in(n.Scalar());
    for (std::string w; in >> w;) out.push_back(w);
  } else {
    fail(path, n, "executor.extra_args",
         "expected a list of sbatch arguments, e.g. [--qos=high, --exclusive]");
  }
  return out;
}

}  // namespace

void check_executor_kind(const std::string& kind, const std::string& where) {
  if (kind == "local" || kind == "slurm") return;
  throw UsageError(
      fmt::format("{}: unknown executor \"{}\"; allowed: {}", where, kind, kExecutorKinds));
}

ExecutorSpec load_executor_block(const std::string& path, const YAML::Node& n) {
  if (!n.IsMap()) {
    fail(path, n, "executor",
         "expected a mapping (kind, partition, gres, time, account, extra_args, output)");
  }
  ExecutorSpec e;
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    const auto& v = kv.second;
    const std::string k = "executor." + key;
    if (key == "kind") {
      e.kind = text(path, v, k, "slurm");
      if (e.kind != "local" && e.kind != "slurm")
        fail(path, v, k, fmt::format("unknown executor \"{}\"; allowed: {}", e.kind, kExecutorKinds));
    } else if (key == "partition") {
      e.partition = text(path, v, k, "gpu");
    } else if (key == "gres") {
      e.gres = text(path, v, k, "gpu:2");
    } else if (key == "time") {
      e.time = text(path, v, k, "\"01:00:00\"");
      if (!slurm_time(e.time)) {
        fail(path, v, k,
             fmt::format("\"{}\" is not a Slurm time limit; write minutes (30), HH:MM:SS "
                         "(\"01:30:00\") or D-HH:MM:SS",
                         e.time));
      }
    } else if (key == "account") {
      e.account = text(path, v, k, "my-lab");
    } else if (key == "extra_args") {
      e.extra_args = words(path, v);
    } else if (key == "output") {
      e.output = text(path, v, k, "/shared/sonde-results");
    } else {
      fail(path, kv.first, k,
           "unknown key; allowed: kind, partition, gres, time, account, extra_args, output");
    }
  }
  return e;
}

}  // namespace sonde
