#pragma once
// The test-environment record: run.json's `environment` key and `sonde specs --json`.
#include <nlohmann/json.hpp>

#include "telemetry/gpu_info.hpp"
#include "telemetry/system_specs.hpp"

namespace sonde {

struct Environment {
  SystemSpecs system;  // host CPU, RAM, OS
  GpuInventory gpus;   // GPUs and driver
};

// {cpu{model, arch, cores, threads}, memory_bytes, os{name, version, kernel}, hostname,
//  gpus{source, driver_version, cuda_driver_version, count, devices[{index, name, uuid,
//  pci_bus_id, memory_total_bytes, memory_used_bytes, utilization_pct}], note}}
nlohmann::json environment_json(const SystemSpecs& system, const GpuInventory& gpus);

// The inverse, tolerant of missing keys (older files); throws nlohmann::json errors only on
// keys present with the wrong type.
Environment environment_from_json(const nlohmann::json& j);

// Reads this host: read_system_specs() plus gpu_inventory() with default options.
Environment read_local_environment();

}  // namespace sonde
