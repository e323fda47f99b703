#pragma once
// Fault injection for the simulator (`sonde sim --fault KIND:RATE[:after=N][:seconds=S]`, and
// at run time `POST /admin/faults`): which generation request gets which fault, decided
// deterministically from a seed and the request's number so that tests are reproducible, and
// counters of the faults actually injected (`GET /admin/faults`) for tests to compare with what
// the client recorded. The bodies and texts are vLLM's (docs/vllm-facts.md).
#include <array>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::sim {

enum class FaultKind {
  http_500,                       // 500 with vLLM's error body, before streaming
  http_429,                       // 429 with Retry-After (a gateway in front of vLLM)
  http_400,                       // 400 with vLLM's context-length message
  disconnect_before_first_token,  // stream headers sent, then the socket closes
  disconnect_mid_stream,          // socket closes halfway through the tokens
  stall_mid_stream,               // halfway, nothing is sent for `seconds`; socket stays open
  malformed_chunk,                // halfway, one data: line carries invalid JSON
  no_done,                        // the stream ends without data: [DONE]
  no_usage,                       // the usage chunk is left out although it was asked for
  error_event,                    // halfway, vLLM's in-stream error object, then [DONE]
  slow_headers,                   // the response headers wait `seconds`
  engine_death,                   // the engine dies: in-flight requests fail, /health 503, exit
};
inline constexpr size_t kFaultKindCount = 12;

std::string_view fault_name(FaultKind kind);
std::optional<FaultKind> fault_kind_from_name(std::string_view name);
// Faults that only make sense inside an SSE stream (skipped for non-stream requests).
bool fault_needs_stream(FaultKind kind);
// Faults that fire halfway through the tokens (at FaultSpec's trigger token).
bool fault_is_mid_stream(FaultKind kind);

struct FaultSpec {
  FaultKind kind = FaultKind::http_500;  // what happens
  double rate = 0;                       // probability per eligible request (0..1)
  int64_t after = 0;                     // the first `after` requests are spared (requests)
  double seconds = 0;                    // stall / slow_headers delay, Retry-After, engine_death's
                                         // delay before the server stops (s); 0 = kind's default
};

// Parses "KIND:RATE[:after=N][:seconds=S]". Throws sonde::UsageError naming the spec.
FaultSpec parse_fault_spec(std::string_view text);
// The canonical "KIND:RATE[:after=N][:seconds=S]" form.
std::string fault_spec_text(const FaultSpec& spec);
// The delay a kind uses: spec.seconds, or the kind's default when 0 (s).
double fault_seconds(const FaultSpec& spec);
// A spec from JSON: the string form or {"kind", "rate", "after", "seconds"}. Throws UsageError.
FaultSpec fault_spec_from_json(const nlohmann::json& j);

// vLLM's error bodies: {"error": {"message", "type", "param", "code"}}.
std::string vllm_error_body(std::string_view message, std::string_view type, int code);
// The message vLLM's EngineDeadError carries.
inline constexpr std::string_view kEngineDeadMessage =
    "EngineCore encountered an issue. See stack trace (above) for the root cause.";

// The configured faults and what was injected. Thread-safe (the io thread decides and counts;
// SimServer::fault_counters may read from any thread).
class FaultInjector {
 public:
  FaultInjector(std::vector<FaultSpec> faults, uint64_t seed);

  // Replaces the faults (and the seed, when given) and restarts the request numbering that
  // `after` and the rates use. Counters of injected faults keep counting.
  void configure(std::vector<FaultSpec> faults, std::optional<uint64_t> seed);
  // Numbers the next generation request and returns the fault it gets, if any: the first
  // listed fault whose `after` has passed and whose rate draw (a hash of seed, request number
  // and the fault's position) falls below its rate.
  std::optional<FaultSpec> next_request(bool stream);
  // Counts `n` injections of `kind` (when the fault actually reached the wire).
  void record(FaultKind kind, int64_t n = 1);
  // Injections per kind, indexed by FaultKind.
  std::array<int64_t, kFaultKindCount> injected() const;
  // The body of GET /admin/faults: {"seed", "requests", "faults": [...], "injected": {kind: n},
  // "injected_total", "engine_dead"}.
  std::string status_body(bool engine_dead) const;

 private:
  mutable std::mutex mutex_;
  std::vector<FaultSpec> faults_;
  uint64_t seed_ = 0;
  int64_t requests_ = 0;  // generation requests numbered since configure()
  std::array<int64_t, kFaultKindCount> injected_{};
};

// The deterministic uniform draw in [0, 1) for request `n` and fault position `index`.
double fault_draw(uint64_t seed, int64_t n, size_t index);

}  // namespace sonde::sim
