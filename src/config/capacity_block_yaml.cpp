// A `capacity:` block from YAML: its keys as written, then parse_capacity_block.
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "config/capacity_block.hpp"
#include "util/error.hpp"

namespace sonde {

CapacityBlock read_capacity_block(const std::string& path, const YAML::Node& node) {
  const auto at = [&](const YAML::Node& n) {
    return n.Mark().line >= 0 ? fmt::format("{}:{}", path, n.Mark().line + 1) : path;
  };
  if (!node.IsMap()) {
    throw UsageError(fmt::format(
        "{}: capacity: expected a mapping, e.g. {{input_len: 1024, output_len: 128, goodput: "
        "\"ttft:500 tpot:50\"}}",
        at(node)));
  }
  std::vector<CapacityKey> keys;
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (!kv.second.IsScalar())
      throw UsageError(fmt::format("{}: capacity.{}: expected a single value", at(kv.second), key));
    keys.push_back({key, kv.second.Scalar(), at(kv.second)});
  }
  return parse_capacity_block(keys, at(node));
}

}  // namespace sonde
