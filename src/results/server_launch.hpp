#pragma once
// What a server that sonde launched for a sweep point did, as sweep.json records it: the facts
// its start-up log printed, why it failed (if it did) and how it was stopped. server/ fills
// these (server/startup_log.hpp, server/process_group.hpp); the sweep report reads them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

struct StartupFacts {
  std::optional<int64_t> kv_cache_tokens;         // "GPU KV cache size: N tokens" (tokens)
  std::optional<double> max_concurrency;          // "...per request: X x" (requests of full length)
  std::optional<int64_t> max_concurrency_tokens;  // request length that X is quoted for (tokens)
  std::optional<double> available_kv_cache_gib;   // "Available KV cache memory: G GiB" (GiB)
  std::optional<double> model_load_gib;           // "Model loading took G GiB and S seconds" (GiB)
  std::optional<double> model_load_s;             // S in that line, slowest TP worker (seconds)

  bool operator==(const StartupFacts&) const = default;
};

enum class FailureKind {
  oom_startup,               // CUDA out of memory while loading / profiling / capturing graphs
  kv_cache_insufficient,     // max seq len needs more KV cache than is available
  no_cache_memory,           // "No available memory for the cache blocks"
  insufficient_free_memory,  // free memory at start-up below --gpu-memory-utilization
  invalid_config,            // argument or config error (argparse, ValueError in config)
  crashed,                   // exited for another reason
  timeout,                   // still not healthy at the deadline
  server_died,               // engine died after start-up (EngineDeadError)
  oom_runtime,               // CUDA out of memory after start-up
};

// Stable lower_snake names used in JSON ("oom_startup", ...).
std::string_view failure_kind_name(FailureKind kind);
std::optional<FailureKind> parse_failure_kind(std::string_view name);

struct ServerFailure {
  FailureKind kind = FailureKind::crashed;    // what went wrong
  std::string message;                        // one line: the matched log line or what happened
  std::vector<std::string> log_excerpt;       // matched line and up to 3 lines before it, trimmed
  std::optional<int> exit_code;               // exit status when the server exited by itself
  std::optional<int> signal;                  // signal number when a signal ended it
  std::optional<int64_t> max_seq_len;         // kv_cache_insufficient: max seq len checked (tokens)
  std::optional<double> kv_cache_needed_gib;  // kv_cache_insufficient: needed for it (GiB)
  std::optional<double> kv_cache_available_gib;    // kv_cache_insufficient: available (GiB)
  std::optional<int64_t> estimated_max_model_len;  // kv_cache_insufficient: what fits (tokens)
  std::optional<double> free_memory_gib;           // insufficient_free_memory: free (GiB)
  std::optional<double> total_memory_gib;          // insufficient_free_memory: device total (GiB)
  std::optional<double> requested_utilization;     // insufficient_free_memory: asked (fraction)
  std::optional<double> requested_memory_gib;      // insufficient_free_memory: asked (GiB)

  bool operator==(const ServerFailure&) const = default;
};

struct StopResult {
  std::string escalation;   // last signal sent: "none" (was gone), "sigint", "sigterm", "sigkill"
  bool group_gone = false;  // no live process of the group remains (kill(-pgid, 0) == ESRCH)
  bool port_free = false;   // the server's port accepts a bind (true when no port was known)
  double took_s = 0;        // time stop() took (seconds)

  bool operator==(const StopResult&) const = default;
};

// JSON as stored in sweep.json: every field present, absent values null. Readers accept
// missing keys (as absent / empty); from_json(ServerFailure) throws sonde::Error on an unknown
// kind and nlohmann::json::exception on a missing kind or a key of the wrong type.
void to_json(nlohmann::json& j, const StartupFacts& facts);
void from_json(const nlohmann::json& j, StartupFacts& facts);
void to_json(nlohmann::json& j, const ServerFailure& failure);
void from_json(const nlohmann::json& j, ServerFailure& failure);
void to_json(nlohmann::json& j, const StopResult& stop);  // escalation, group_gone, port_free, took_s
void from_json(const nlohmann::json& j, StopResult& stop);

}  // namespace sonde
