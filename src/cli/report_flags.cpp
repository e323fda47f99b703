#include "cli/report_flags.hpp"

#include <fmt/format.h>

#include <cmath>

#include "util/error.hpp"

namespace sonde {

void add_conclusion_flags(CLI::App* cmd, ConclusionFlags& f) {
  cmd->add_option("--goal", f.goal,
                  "What the recommended settings optimise: throughput, latency or balanced")
      ->capture_default_str();
  cmd->add_option("--slo", f.slos,
                  "Service-level objective the recommendation must meet, e.g. ttft_p99_ms<=2000 "
                  "(repeatable)")
      ->allow_extra_args(false);  // one objective per --slo, so a positional after it stays one
  f.bandwidth_opt = cmd->add_option("--gpu-bandwidth-gbs", f.gpu_bandwidth_gbs,
                                    "GPU memory bandwidth in GB/s for the bandwidth bound "
                                    "(default: from the GPU profile)");
  f.params_opt = cmd->add_option("--model-params", f.model_params_b,
                                 "Model parameter count in billions for the bandwidth bound "
                                 "(default: from the model profile)");
}

report::ConclusionOptions conclusion_options(const ConclusionFlags& f) {
  report::ConclusionOptions o;
  const auto goal = report::parse_goal(f.goal);
  if (!goal) {
    throw UsageError(
        fmt::format("--goal: '{}' is not a goal; use throughput, latency or balanced", f.goal));
  }
  o.goal = *goal;
  for (const std::string& text : f.slos) {
    std::string error;
    const auto slo = report::parse_slo(text, error);
    if (!slo) {
      throw UsageError(
          error.empty()
              ? fmt::format("--slo: '{}': write METRIC<=VALUE, e.g. ttft_p99_ms<=2000", text)
              : "--slo: " + error);
    }
    o.slos.push_back(*slo);
  }
  if (f.bandwidth_opt && f.bandwidth_opt->count() > 0) {
    if (!(std::isfinite(f.gpu_bandwidth_gbs) && f.gpu_bandwidth_gbs > 0)) {
      throw UsageError(
          fmt::format("--gpu-bandwidth-gbs: {} must be a positive number of GB/s, e.g. 3350",
                      f.gpu_bandwidth_gbs));
    }
    o.gpu_bandwidth_gbs = f.gpu_bandwidth_gbs;
  }
  if (f.params_opt && f.params_opt->count() > 0) {
    if (!(std::isfinite(f.model_params_b) && f.model_params_b > 0)) {
      throw UsageError(fmt::format(
          "--model-params: {} must be a positive number of billions, e.g. 8", f.model_params_b));
    }
    o.model_params_b = f.model_params_b;
  }
  return o;
}

}  // namespace sonde
