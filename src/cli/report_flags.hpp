#pragma once
// The flags that steer the report's conclusions, shared by `sonde report` and `sonde sweep`:
// --goal, --slo (repeatable), --gpu-bandwidth-gbs, --model-params.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "report/findings.hpp"

namespace sonde {

struct ConclusionFlags {
  std::string goal = "balanced";
  std::vector<std::string> slos;
  double gpu_bandwidth_gbs = 0;
  double model_params_b = 0;
  CLI::Option* bandwidth_opt = nullptr;
  CLI::Option* params_opt = nullptr;
};

void add_conclusion_flags(CLI::App* cmd, ConclusionFlags& f);

// Throws UsageError naming the flag when a value is not acceptable.
report::ConclusionOptions conclusion_options(const ConclusionFlags& f);

}  // namespace sonde
