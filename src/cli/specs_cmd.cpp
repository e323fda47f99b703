// `sonde specs`: the test-environment record (CPU, RAM, OS, GPUs, driver, CUDA, vLLM, model).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "runner/credentials.hpp"
#include "runner/target.hpp"
#include "telemetry/environment.hpp"
#include "telemetry/gpu_probe.hpp"
#include "telemetry/specs_text.hpp"
#include "telemetry/system_specs.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {
namespace {

struct SpecsFlags {
  std::string base_url;         // a server to ask for its version and model ("" = none)
  std::string gpu_metrics_url;  // DCGM exporter instead of this host's GPUs
  std::string api_key_env = "OPENAI_API_KEY";
  std::string api_key_file;  // instead of api_key_env
  bool json = false;
};

int specs_action(const SpecsFlags& f) {
  const SystemSpecs system = read_system_specs();
  GpuProbeOptions options;
  options.metrics_url = f.gpu_metrics_url;
  const GpuInventory gpus = gpu_inventory(options);
  std::optional<ServerFacts> facts;
  if (!f.base_url.empty()) {
    Endpoint ep;
    ep.base_url = f.base_url;
    while (!ep.base_url.empty() && ep.base_url.back() == '/') ep.base_url.pop_back();
    ep.api_key = read_api_key(f.api_key_env, f.api_key_file);
    if (ep.api_key) add_secret(*ep.api_key);
    const Discovery d = discover(ep, "");
    facts = ServerFacts{redact(ep.base_url), d.server.version, d.model, d.server.model_root,
                        d.server.max_model_len};
  }
  if (f.json) {
    nlohmann::json j = Environment{system, gpus, ""};
    if (facts) {
      j["server"] = {{"base_url", facts->base_url},
                     {"vllm_version", facts->vllm_version},
                     {"model", facts->model_id},
                     {"model_root", facts->model_root},
                     {"max_model_len", facts->max_model_len}};
    } else if (const auto v = local_vllm_version()) {
      j["vllm_version_local"] = *v;
    }
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  if (!facts) {
    if (const auto v = local_vllm_version()) facts = ServerFacts{"", *v, "", "", 0};
  }
  fmt::print("{}", format_specs_text(system, gpus, facts));
  return 0;
}

}  // namespace

Action add_specs_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "specs", "Print the test environment: CPU, RAM, OS, GPUs, driver, CUDA, vLLM, model");
  auto f = std::make_shared<SpecsFlags>();
  cmd->add_option("--base-url", f->base_url, "Also ask this server for its vLLM version and model");
  cmd->add_option("--gpu-metrics-url", f->gpu_metrics_url,
                  "Read GPUs from a DCGM exporter (remote server)");
  cmd->add_option("--api-key-env", f->api_key_env, "Environment variable holding the API key")
      ->capture_default_str();
  cmd->add_option("--api-key-file", f->api_key_file,
                  "File holding the API key (instead of --api-key-env)");
  cmd->add_flag("--json", f->json, "Print the record as JSON (run.json's `environment`)");
  return [f] { return specs_action(*f); };
}

}  // namespace sonde
