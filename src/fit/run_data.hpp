#pragma once
// What `sonde fit` reads from result directories (run.json + requests.jsonl): per run, the GPU,
// model and server settings it ran with; per scenario, the requests as they were sent and the
// figures the fit matches (prefill time and time per output token, from the server's own
// histograms when run.json has them, else from the client's records).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/sim_server.hpp"

namespace sonde::fit {

// One request to replay: what it asked for and when it was sent.
struct ReplayRequest {
  int64_t input_tokens = 1;   // prompt tokens the server counted
  int64_t output_tokens = 1;  // tokens it generated
  double arrival_s = 0;       // sent, seconds after the scenario's first request (simulated-GPU
                              // time for simulator runs)
};

// One scenario of one run, as the fit sees it.
struct Observation {
  std::size_t run = 0;                  // index into FitInput::runs
  std::string scenario;                 // scenario name
  int concurrency = 1;                  // requests in flight (burst size / closed-loop workers)
  int64_t input_len = 0;                // the scenario's prompt length (tokens)
  std::vector<ReplayRequest> requests;  // its successful requests, in the order they were sent
  bool server_side = false;             // figures from the server's histograms (else the client's)
  // Server: mean of vllm:request_prefill_time_seconds; client: mean TTFT (ms).
  double prefill_ms = std::numeric_limits<double>::quiet_NaN();
  // Server: decode time / (generated tokens - requests); client: mean TPOT (ms).
  double tpot_ms = std::numeric_limits<double>::quiet_NaN();
};

// One run directory.
struct RunData {
  std::string dir;            // the directory given
  std::string run_id;         // run.json run_id
  std::string vllm_version;   // GET /version ("" when unknown)
  bool simulated = false;     // measured a `sonde sim`
  std::string sim_profile;    // its profile label ("" for a real server)
  std::string model;          // the model name requested
  std::string gpu;            // built-in GPU profile it ran on, e.g. "h100"
  std::string model_profile;  // built-in model profile, e.g. "llama-3.1-8b"
  SimOptions options;         // the server settings, as the simulator takes them
  std::vector<std::pair<std::string, std::string>> settings;  // as run.json recorded them
  std::optional<int64_t> num_gpu_blocks;  // vLLM's KV-cache size in blocks (cache_config_info)
};

struct FitInput {
  std::vector<RunData> runs;
  std::vector<Observation> observations;
  std::vector<std::string> notes;  // scenarios left out and why
};

// Overrides for what a run does not say (a real server's GPU and model).
struct ReadOptions {
  std::string gpu;            // --gpu: built-in GPU profile name ("" = from the run)
  std::string model_profile;  // --model-profile ("" = from the model name)
};

// Reads the run directories. Throws sonde::UsageError naming the directory and what is missing
// (run.json, requests.jsonl, a successful request, the GPU or model) and what to run.
FitInput read_runs(const std::vector<std::string>& dirs, const ReadOptions& options);

}  // namespace sonde::fit
