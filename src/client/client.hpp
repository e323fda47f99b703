#pragma once
// Streaming OpenAI-compatible client: a libcurl multi event loop that sends prepared requests
// in the order and at the pace a DispatchPlan allows, timestamps every SSE chunk as its bytes
// arrive, and hands each finished request to a sink as a RequestRecord.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "results/record.hpp"
#include "util/clock.hpp"

namespace sonde {

struct Timeouts {
  double connect_s = 10;        // TCP/TLS connect
  double first_token_s = 600;   // start -> first text-bearing chunk
  double idle_s = 120;          // longest silence between chunks after the first text chunk
  double total_s = 1800;        // start -> end of stream
};

struct ClientConfig {
  std::string base_url;                // "http://host:port" (no trailing slash)
  std::string endpoint;                // "/v1/chat/completions" or "/v1/completions"
  std::optional<std::string> api_key;  // sent as "Authorization: Bearer"; never logged
  Timeouts timeouts;
  double time_scale = 1;               // every measured duration is multiplied by this
};

struct PreparedRequest {
  std::string scenario;               // copied into the record
  int index = 0;                      // position in the scenario
  std::string x_request_id;           // unique per request
  std::string body;                   // JSON body, already complete ("stream": true etc.)
  int64_t input_tokens_target = 0;
  int64_t output_tokens_target = 0;
  int round = 0;                      // burst round; round r+1 starts when round r has finished
  std::optional<double> intended_offset_s;  // open loop: send at epoch + offset (unscaled s)
};

// How requests are released. One generic scheduler covers burst, closed loop and open loop:
// request i goes when every request of earlier rounds has finished, its intended instant (if
// any) has come, and fewer than max_in_flight are in flight.
struct DispatchPlan {
  std::vector<PreparedRequest> requests;  // in send order
  int max_in_flight = 0;                  // 0 = unlimited
};

using RecordSink = std::function<void(RequestRecord&&)>;

// Runs the plan to completion (or until *stop becomes true: unsent requests are dropped, in-flight
// ones recorded as `cancelled`). `epoch` is the run's time origin for the records' instants.
// Calls `sink` once per request from the calling thread, as each finishes.
void run_plan(const ClientConfig& config, const DispatchPlan& plan, Clock::time_point epoch,
              const RecordSink& sink, const std::atomic<bool>* stop = nullptr);

}  // namespace sonde
