#pragma once
// Everything one run produced, as plain data. Serialised to run.json (results/json.hpp);
// reporters take a const RunResult& and format it, computing nothing new.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "config/run_options.hpp"
#include "config/scenario.hpp"
#include "results/capacity.hpp"
#include "results/client_health.hpp"
#include "results/energy.hpp"
#include "results/conversation_facts.hpp"
#include "results/environment.hpp"
#include "results/goodput.hpp"
#include "results/gpu_memory.hpp"
#include "results/server_metrics.hpp"
#include "results/shard_facts.hpp"
#include "results/shared_prefix_facts.hpp"
#include "results/source_record.hpp"
#include "results/spec_decode.hpp"
#include "results/steady_state.hpp"
#include "stats/scenario_summary.hpp"

namespace sonde {

inline constexpr int kRunSchemaVersion = 1;

struct PromptCalibration {
  std::string method;         // "tokenize" (POST /tokenize), "probe" (max_tokens=1), "none"
  int64_t target_tokens = 0;  // the scenario's input_len
  int64_t min_tokens = 0;     // smallest server-counted prompt among the scenario's prompts
  int64_t max_tokens = 0;     // largest
  double max_error_pct = 0;   // max |count - target| / target * 100
  int tokenizer_calls = 0;    // calls made to calibrate this scenario's prompts
};

// Why a scenario's numbers are not a valid measurement (analysis/validity.hpp judges).
enum class InvalidReason {
  no_success,       // no request succeeded
  too_many_failed,  // failed share of requests above options.max_failed_pct
};

// "no_request_succeeded" or "failed_pct_above_max" (run.json invalid_reasons).
const char* to_string(InvalidReason r);

struct ScenarioResult {
  ScenarioSpec spec;                               // what was asked
  PromptCalibration calibration;                   // how prompt lengths were hit
  std::optional<SharedPrefixFacts> shared_prefix;  // shared_prefix source: prefixes built and
                                                   // the expected prefix-cache hit share
  ScenarioSummary summary;                         // computed from the scenario's records
  std::optional<GoodputResult> goodput;            // under --goodput (unset when not asked for)
  // Closed and rate loads: the plateau window and its throughputs (analysis/steady_state.hpp);
  // unset for bursts and where no plateau was reached.
  std::optional<SteadyState> steady_state;
  // Server-side truth, unset when unavailable (no GPU source, no /metrics).
  std::optional<GpuMemoryRecord> gpu_memory;         // per-GPU peak/mean used bytes
  std::optional<ServerMetricsDelta> server_metrics;  // vLLM /metrics deltas and gauges
  std::optional<EnergyRecord> energy;                // GPU energy over the scenario (needs a
                                                     // GPU source with power or an energy counter)
  std::optional<SpecDecodeRecord> spec_decode;       // vllm:spec_decode_* deltas (speculative
                                                     // decoding on)
  std::optional<ClientHealth> client_health;         // sonde's own load while measuring (unset: not
                                                     // measured, e.g. files from older versions)
  // Why the scenario ended before all its requests ran ("" when it ran to the end): the
  // --max-error-rate limit, a server that stopped answering, or an interruption.
  std::string aborted_reason;
  // A capacity probe stopped early because its queue only grew (analysis/saturation.hpp).
  bool saturated = false;
  int retries = 0;                     // extra attempts sent under --retries (sum over requests)
  std::optional<SourceRecord> source;  // dataset / trace scenarios: the file and its rows
  std::optional<ConversationFacts> conversation;  // conversation source: its think-time seed
  std::vector<TurnSummary> turns;  // conversation source: figures per turn (from the records)
  // A measurement that failed closed: false when no request succeeded or too many failed
  // (--max-failed-pct). Files written before runs were judged read as valid.
  bool valid = true;
  std::vector<InvalidReason> invalid_reasons;  // why not (empty when valid)
};

struct Target {
  std::string base_url;  // e.g. http://127.0.0.1:8000 (credentials redacted)
  std::string model;     // model name sent in requests
  std::string endpoint;  // "/v1/chat/completions" or "/v1/completions"
};

// One vLLM setting as sonde knows it, and where that knowledge came from.
struct ServerSetting {
  std::string name;    // vLLM flag name without dashes, e.g. "tensor-parallel-size"
  std::string value;   // as the flag would be written ("true"/"false" for switches)
  std::string source;  // "launched" (sonde started the server), "simulator", "--server-args",
                       // "suite", "/v1/models", "cache_config_info" (vLLM's /metrics)
};

struct ServerInfo {
  std::string version;                  // GET /version ("" if unavailable)
  int64_t max_model_len = 0;            // from GET /v1/models (0 if unknown)
  std::string model_root;               // "root" from /v1/models ("" if unknown)
  std::vector<ServerSetting> settings;  // vLLM settings in force, each with its source
};

struct RunResult {
  int schema_version = kRunSchemaVersion;
  std::string tool_name = "sonde";
  std::string tool_version;       // SONDE_VERSION
  std::string run_id;             // unique id of this run (also in x-request-ids)
  std::string started_at;         // ISO 8601 UTC, system clock
  std::string finished_at;        // ISO 8601 UTC ("" while running)
  bool complete = false;          // all scenarios ran to the end
  std::string incomplete_reason;  // why not ("" when complete)
  bool simulated = false;         // target was sonde's built-in simulator
  double sim_speed = 1;           // simulator speed-up; measured times were multiplied by it
  std::string sim_profile;        // simulated GPU/model, e.g. "h100 / llama-3.1-8b" ("" if real)
  bool sim_detected = false;      // reached by --base-url, it said it is `sonde sim` (x-sonde-sim)
  Target target;
  ServerInfo server;
  RunOptions options;                      // how it was measured (every run option, no secret)
  std::optional<Environment> environment;  // test environment (unset when not recorded)
  std::vector<std::string> warnings;  // run-level warnings for the report (settings mismatch...)
  std::vector<ScenarioResult> scenarios;
  bool valid = true;  // every scenario is valid (absent in older files: true)
  // `sonde capacity` only: what the search found (its probes are the scenarios above).
  std::optional<CapacityResult> capacity;
  // `sonde run --clients N`: client processes that generated the load (1: this one alone).
  int clients = 1;
  std::optional<ShardFacts> shard;  // a shard's own run.json: which part of the run it is
  std::vector<ShardFacts> shards;   // the merged run.json: every shard's facts, by index
};

}  // namespace sonde
