// `sonde sim`: the vLLM-compatible simulator as a standalone server, flags named as `vllm serve`.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/human_int.hpp"
#include "sim/sim_server.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct SimFlags {
  SimOptions options;
  std::string model_positional;
  std::string max_model_len;
};

int sim_action(SimFlags& f) {
  SimOptions o = f.options;
  if (!f.model_positional.empty()) o.model = f.model_positional;
  if (!f.max_model_len.empty()) o.max_model_len = parse_human_int(f.max_model_len, "--max-model-len");
  if (o.served_model_name.empty()) o.served_model_name = o.model;
  if (!(o.speed > 0)) throw UsageError("--speed: must be > 0");
  if (o.max_num_seqs < 1) throw UsageError("--max-num-seqs: must be >= 1");
  if (o.max_model_len < 16) throw UsageError("--max-model-len: must be >= 16 tokens");

  // Block the stop signals in every thread; this one waits for them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  SimServer server(o);
  server.start();
  fmt::print(stderr, "{}", sim_startup_banner(o, server.port()));
  std::fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  fmt::print(stderr, "INFO:     Shutting down\n");
  server.stop();
  return 0;
}

}  // namespace

Action add_sim_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sim", "Serve the built-in vLLM simulator (OpenAI API, vLLM's formats) until SIGINT/SIGTERM");
  auto f = std::make_shared<SimFlags>();
  SimOptions& o = f->options;
  cmd->add_option("model", f->model_positional, "Model name, as `vllm serve MODEL`");
  cmd->add_option("--host", o.host, "Address to bind")->capture_default_str();
  cmd->add_option("--port", o.port, "Port to bind (0 = any free port)")->capture_default_str();
  cmd->add_option("--speed", o.speed, "Simulated time runs this many times faster than real time")
      ->capture_default_str();
  cmd->add_option("--model", o.model, "Model name (also /v1/models root)")->capture_default_str();
  cmd->add_option("--served-model-name", o.served_model_name, "Name clients use (default: --model)");
  cmd->add_option("--max-model-len", f->max_model_len, "Context length, e.g. 32768 or 32k");
  cmd->add_option("--max-num-seqs", o.max_num_seqs, "Most requests running at once")
      ->capture_default_str();
  cmd->add_option("--max-num-batched-tokens", o.max_num_batched_tokens, "Token budget per engine step")
      ->capture_default_str();
  return [f] { return sim_action(*f); };
}

}  // namespace sonde
