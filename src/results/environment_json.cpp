// JSON of the test-environment record (run.json's `environment`, `sonde specs --json`).
#include <nlohmann/json.hpp>

#include "results/environment.hpp"
#include "results/json_util.hpp"

namespace sonde {
namespace {

using json_detail::optional_bytes;
using json_detail::read_optional_bytes;
using json_detail::value_or;

nlohmann::json device_json(const GpuInfo& g) {
  return {{"index", g.index},
          {"name", g.name},
          {"uuid", g.uuid},
          {"pci_bus_id", g.pci_bus_id},
          {"memory_total_bytes", optional_bytes(g.memory_total_bytes)},
          {"memory_used_bytes", optional_bytes(g.memory_used_bytes)},
          {"utilization_pct", json_detail::optional_number(g.utilization_pct)}};
}

GpuInfo device_from_json(const nlohmann::json& j) {
  GpuInfo g;
  g.index = value_or<int>(j, "index", 0);
  g.name = value_or<std::string>(j, "name", "");
  g.uuid = value_or<std::string>(j, "uuid", "");
  g.pci_bus_id = value_or<std::string>(j, "pci_bus_id", "");
  g.memory_total_bytes = read_optional_bytes(j, "memory_total_bytes");
  g.memory_used_bytes = read_optional_bytes(j, "memory_used_bytes");
  g.utilization_pct = json_detail::read_optional_number(j, "utilization_pct");
  return g;
}

const nlohmann::json& object_at(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : empty;
}

}  // namespace

void to_json(nlohmann::json& j, const Environment& e) {
  const SystemSpecs& s = e.system;
  const GpuInventory& gpus = e.gpus;
  nlohmann::json devices = nlohmann::json::array();
  for (const GpuInfo& g : gpus.gpus) devices.push_back(device_json(g));
  j = {{"cpu",
        {{"model", s.cpu_model}, {"arch", s.arch}, {"cores", s.cpu_cores}, {"threads", s.cpu_threads}}},
       {"memory_bytes", s.memory_bytes},
       {"os", {{"name", s.os_name}, {"version", s.os_version}, {"kernel", s.kernel}}},
       {"hostname", s.hostname},
       {"gpus",
        {{"source", gpus.source},
         {"driver_version", gpus.driver_version},
         {"cuda_driver_version", gpus.cuda_driver_version},
         {"count", gpus.gpus.size()},
         {"devices", std::move(devices)},
         {"note", gpus.note}}}};
  if (!e.recorded_on.empty()) j["recorded_on"] = e.recorded_on;
}

void from_json(const nlohmann::json& j, Environment& e) {
  e = Environment{};
  const nlohmann::json& cpu = object_at(j, "cpu");
  e.system.cpu_model = value_or<std::string>(cpu, "model", "");
  e.system.arch = value_or<std::string>(cpu, "arch", "");
  e.system.cpu_cores = value_or<int>(cpu, "cores", 0);
  e.system.cpu_threads = value_or<int>(cpu, "threads", 0);
  e.system.memory_bytes = value_or<uint64_t>(j, "memory_bytes", 0);
  const nlohmann::json& os = object_at(j, "os");
  e.system.os_name = value_or<std::string>(os, "name", "");
  e.system.os_version = value_or<std::string>(os, "version", "");
  e.system.kernel = value_or<std::string>(os, "kernel", "");
  e.system.hostname = value_or<std::string>(j, "hostname", "");
  const nlohmann::json& g = object_at(j, "gpus");
  e.gpus.source = value_or<std::string>(g, "source", "none");
  e.gpus.driver_version = value_or<std::string>(g, "driver_version", "");
  e.gpus.cuda_driver_version = value_or<std::string>(g, "cuda_driver_version", "");
  e.gpus.note = value_or<std::string>(g, "note", "");
  auto devices = g.find("devices");
  if (devices != g.end() && devices->is_array()) {
    for (const nlohmann::json& d : *devices) e.gpus.gpus.push_back(device_from_json(d));
  }
  e.recorded_on = value_or<std::string>(j, "recorded_on", "");
}

}  // namespace sonde
