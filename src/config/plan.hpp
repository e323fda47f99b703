#pragma once
// The typed, validated plan of one `sonde run`: where to send, what to send, how to record.
#include <cstdint>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace sonde {

struct Plan {
  // Target
  bool sim = false;                    // start the built-in simulator in-process
  double sim_speed = 5;                // simulated time runs this many times faster than real
  std::string base_url;                // e.g. http://127.0.0.1:8000 (empty when sim)
  std::string model;                   // "" = the server's first model from /v1/models
  std::string endpoint = "/v1/chat/completions";
  std::string api_key_env = "OPENAI_API_KEY";  // environment variable holding the API key
  std::string api_key_file;            // file holding the API key ("" = use api_key_env)
  bool insecure = false;               // --insecure: skip TLS certificate verification
  std::string ca_cert;                 // --ca-cert: CA bundle (PEM) to verify the server with
  // What sonde knows of the server's configuration (for server.settings)
  std::string server_args;             // the `vllm serve` flags the server runs with, as one string
  std::vector<std::pair<std::string, std::string>> suite_server_settings;  // suite file `server:`
  std::string gpu_metrics_url;         // DCGM exporter on the server host ("" = local GPUs)
  std::string server_args_source = "--server-args";  // "launched" when a sweep started it
  bool simulated_server = false;       // base_url is a `sonde sim` (a sweep launched it)
  double time_scale = 0;               // measured times x this; 0 = sim_speed with --sim, else 1
  // Workload
  std::vector<ScenarioSpec> scenarios; // in run order
  std::string suite_source = "seed";   // "seed" or the suite file's path
  int warmup = 1;                      // warm-up requests per server, not measured
  uint64_t seed = 0;                   // prompts and arrivals
  std::string corpus = "ko";           // "ko", "en" or a text file
  bool ignore_eos = true;              // force exact output lengths
  double temperature = 0;              // sampling temperature sent
  // Limits
  double timeout_s = 600;              // per-request total timeout
  double connect_timeout_s = 10;       // TCP connect timeout
  double idle_timeout_s = 120;         // longest silence inside a stream
  double first_token_timeout_s = 0;    // longest wait for the first token; 0 = timeout_s
  int client_threads = 0;              // event-loop threads (0 = one per spare core)
  bool new_connection_per_request = false;  // model cold clients (no keep-alive)
  std::string http_client = "native";  // "native" (own HTTP/1.1 reader for http://) or "curl"
  // Faults and interruption
  double grace_s = 10;                 // after SIGINT/SIGTERM: wait this long for in-flight requests
  int retries = 0;                     // extra attempts for requests the server never answered
  double max_error_rate = 1;           // abort a scenario when its failed share exceeds this (1 = never)
  int max_error_window = 50;           // ... over this many last finished requests
  // Output
  std::string out_dir;                 // "" = results/<YYYYmmdd-HHMMSS>
  std::string lang = "ko";             // report language
};

// Parses `--max-error-rate R[/N]` (R in [0, 1], N >= 1, default 50) into the plan. Throws
// UsageError naming the flag and the value.
void parse_max_error_rate(const std::string& text, Plan& plan);

// Throws UsageError naming the offending flag/key when the plan is inconsistent.
void validate(const Plan& plan);

}  // namespace sonde
