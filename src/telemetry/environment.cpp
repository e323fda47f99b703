#include "telemetry/environment.hpp"

#include "telemetry/gpu_probe.hpp"
#include "telemetry/system_specs.hpp"

namespace sonde {

Environment read_local_environment() {
  return {read_system_specs(), gpu_inventory(GpuProbeOptions{}), ""};
}

}  // namespace sonde
