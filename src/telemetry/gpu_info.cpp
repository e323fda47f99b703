#include "telemetry/gpu_info.hpp"

namespace sonde {

std::string cuda_version_string(int v) {
  if (v <= 0) return {};
  // NVML encodes major * 1000 + minor * 10 (12040 is 12.4).
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

}  // namespace sonde
