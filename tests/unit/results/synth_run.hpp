#pragma once
// Deterministic, realistic-looking runs for tests: records shaped like a single-GPU vLLM server
// (TTFT grows with prompt length and with the requests queued ahead in a burst; ITL grows with
// the batch), summarised with the real summarize_scenario. The report fixtures in
// tests/fixtures/report/ are written from these (see fixtures_test.cpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "results/run_result.hpp"
#include "stats/scenario_summary.hpp"

namespace sonde::testing {

// Multiplier in [1 - spread, 1 + spread], from a small LCG so runs never differ.
class Jitter {
 public:
  explicit Jitter(uint32_t seed) : state_(seed * 2654435761u + 1) {}
  double operator()(double spread) {
    state_ = state_ * 1664525u + 1013904223u;
    return 1.0 + spread * ((state_ >> 8) / double(1u << 24) * 2.0 - 1.0);
  }

 private:
  uint32_t state_;
};

struct SynthOptions {
  int failures = 0;           // first N requests fail with `failure_kind`
  std::string failure_kind = "http_500";
  int short_outputs = 0;      // next N ok requests stop 1 token short (output-length mismatch)
  double queue_ms = 0.3;      // client_queue for rate mode
};

// One ok request starting at `start` with `ahead` prefills queued before it and `batch` streams.
inline RequestRecord synth_ok(const ScenarioSpec& spec, int index, double intended, double start,
                              int ahead, int batch, int64_t out, Jitter& j) {
  RequestRecord r;
  r.scenario = spec.name;
  r.index = index;
  r.x_request_id = "run-" + spec.name + "-" + std::to_string(index);
  r.response_id = "chatcmpl-" + std::to_string(1000 + index);
  r.ok = true;
  r.intended_start_ms = intended;
  r.start_ms = start;
  const double prefill = (18.0 + 0.062 * double(spec.input_len)) * j(0.03);
  r.ttft_ms = prefill * (ahead + 1);
  const double itl = (6.4 + 0.45 * (batch - 1)) * j(0.02);
  for (int64_t k = 1; k < out; ++k) r.itl_ms.push_back(itl * j(0.05));
  double decode = 0;
  for (double g : r.itl_ms) decode += g;
  r.decode_ms = decode;
  if (out > 1) r.tpot_ms = decode / double(out - 1);
  r.e2el_ms = *r.ttft_ms + decode + 0.4;
  r.end_ms = start + *r.e2el_ms;
  r.input_tokens = spec.input_len + (index % 3) - 1;  // within ±1 token of the target
  r.input_tokens_target = spec.input_len;
  r.output_tokens = out;
  r.output_tokens_target = spec.output_len;
  r.finish_reason = "length";
  return r;
}

inline RequestRecord synth_failed(const ScenarioSpec& spec, int index, double start,
                                  const std::string& kind) {
  RequestRecord r;
  r.scenario = spec.name;
  r.index = index;
  r.x_request_id = "run-" + spec.name + "-" + std::to_string(index);
  r.intended_start_ms = start;
  r.start_ms = start;
  r.end_ms = start + 35.0;
  const int status = kind.rfind("http_", 0) == 0 ? std::stoi(kind.substr(5)) : 0;
  r.error = RequestError{kind, status, status ? "Internal Server Error" : "no token in time"};
  r.input_tokens_target = spec.input_len;
  r.output_tokens_target = spec.output_len;
  return r;
}

// Records of one scenario from t0 on (ms). Bursts and closed loops run in rounds of
// `concurrency`; rate mode sends every 1000/rate ms.
inline std::vector<RequestRecord> synth_records(const ScenarioSpec& spec, double t0,
                                                uint32_t seed, const SynthOptions& o = {}) {
  Jitter j(seed);
  std::vector<RequestRecord> out;
  const int round = spec.load == LoadShape::rate ? 1 : std::max(1, spec.concurrency);
  double t = t0;
  int shorts = o.short_outputs;
  for (int i = 0; i < spec.requests;) {
    double round_end = t;
    for (int k = 0; k < round && i < spec.requests; ++k, ++i) {
      double intended = spec.load == LoadShape::rate ? t0 + i * 1000.0 / spec.request_rate : t;
      double start = intended + (spec.load == LoadShape::rate ? o.queue_ms * j(0.5) : 0.0);
      if (i < o.failures) {
        out.push_back(synth_failed(spec, i, start, o.failure_kind));
      } else {
        const int64_t n = spec.output_len - (shorts-- > 0 ? 1 : 0);
        const int batch = spec.load == LoadShape::rate ? 2 : round;
        out.push_back(synth_ok(spec, i, intended, start, spec.load == LoadShape::rate ? 0 : k,
                               batch, n, j));
      }
      round_end = std::max(round_end, out.back().end_ms);
    }
    if (spec.load != LoadShape::rate) t = round_end + 0.5;
  }
  return out;
}

inline ScenarioSpec spec(std::string name, int64_t in, int64_t out, LoadShape load, int c,
                         int requests, double rate = 0, int max_c = 0) {
  ScenarioSpec s;
  s.name = std::move(name);
  s.input_len = in;
  s.output_len = out;
  s.load = load;
  s.concurrency = c;
  s.requests = requests;
  s.request_rate = rate;
  s.max_concurrency = max_c;
  return s;
}

inline ScenarioResult synth_scenario(const ScenarioSpec& s, const std::vector<RequestRecord>& recs) {
  ScenarioResult r;
  r.spec = s;
  r.calibration.method = "tokenize";
  r.calibration.target_tokens = s.input_len;
  r.calibration.min_tokens = s.input_len - 1;
  r.calibration.max_tokens = s.input_len + 1;
  r.calibration.max_error_pct = 100.0 / double(s.input_len);
  r.calibration.tokenizer_calls = 2 * s.requests;
  r.summary = summarize_scenario(recs);
  return r;
}

inline RunResult synth_header(bool simulated) {
  RunResult run;
  run.tool_version = "0.1.0";
  run.run_id = simulated ? "20250601-093000-a1b2" : "20250602-140500-c3d4";
  run.started_at = simulated ? "2025-06-01T09:30:00Z" : "2025-06-02T14:05:00Z";
  run.finished_at = simulated ? "2025-06-01T09:30:41Z" : "2025-06-02T14:09:12Z";
  run.complete = true;
  run.simulated = simulated;
  run.sim_speed = simulated ? 20 : 1;
  run.sim_profile = simulated ? "h100-80gb / llama-3.1-8b-instruct" : "";
  run.target = {simulated ? "http://127.0.0.1:41234" : "http://gpu-node-3:8000",
                "llama-3.1-8b-instruct", "/v1/chat/completions"};
  run.server = {simulated ? "0.10.1 (sonde-sim)" : "0.10.1", 32768,
                "meta-llama/Llama-3.1-8B-Instruct", {}};
  run.options = {42, true, 1, "ko", 300};
  return run;
}

// Appends a scenario to `run` and its records to `records`; the next scenario starts 2 s later.
inline void add_scenario(RunResult& run, std::vector<RequestRecord>& records, double& t,
                         const ScenarioSpec& s, uint32_t seed, const SynthOptions& o = {}) {
  auto recs = synth_records(s, t, seed, o);
  for (const auto& r : recs) t = std::max(t, r.end_ms);
  t += 2000;
  run.scenarios.push_back(synth_scenario(s, recs));
  records.insert(records.end(), recs.begin(), recs.end());
}

// The seed suite (issue 2) against the simulator, every request ok.
inline RunResult synth_seed_run(std::vector<RequestRecord>* records_out = nullptr) {
  RunResult run = synth_header(true);
  std::vector<RequestRecord> records;
  double t = 0;
  uint32_t seed = 1;
  for (auto [name, len] : {std::pair{"short_1k", 1000}, {"mid_3k", 3000}, {"long_6k", 6000},
                           {"verylong_10k", 10000}}) {
    add_scenario(run, records, t, spec(name, len, 512, LoadShape::closed, 1, 5), seed++);
  }
  for (int c : {1, 2, 4, 8}) {
    add_scenario(run, records, t,
                 spec("concurrency_" + std::to_string(c), 3000, 300, LoadShape::burst, c, 5 * c),
                 seed++);
  }
  if (records_out) *records_out = std::move(records);
  return run;
}

// A real-server run cut short by Ctrl-C, with failures, an output-length mismatch and an
// open-loop rate scenario: the report's unhappy paths.
inline RunResult synth_mixed_run(std::vector<RequestRecord>* records_out = nullptr) {
  RunResult run = synth_header(false);
  run.complete = false;
  run.incomplete_reason = "interrupted (SIGINT)";
  std::vector<RequestRecord> records;
  double t = 0;
  add_scenario(run, records, t, spec("short_1k", 1000, 512, LoadShape::closed, 1, 5), 11,
               {1, "timeout_first_token", 1});
  add_scenario(run, records, t, spec("long_6k", 6000, 512, LoadShape::closed, 1, 3), 12);
  add_scenario(run, records, t, spec("concurrency_4", 3000, 300, LoadShape::burst, 4, 8), 13,
               {1, "http_500", 0});
  add_scenario(run, records, t, spec("poisson_2rps", 2000, 256, LoadShape::rate, 1, 10, 2.0, 8),
               14, {0, "", 0, 1.5});
  if (records_out) *records_out = std::move(records);
  return run;
}

}  // namespace sonde::testing
