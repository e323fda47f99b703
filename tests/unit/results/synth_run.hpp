#pragma once
// Deterministic, realistic-looking runs for tests: records shaped like a single-GPU vLLM server
// (TTFT grows with prompt length and with the requests queued ahead in a burst; ITL grows with
// the batch), summarised with the real summarize_scenario. The report fixtures in
// tests/fixtures/report/ are written from these (see fixtures_test.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  int failures = 0;  // first N requests fail with `failure_kind`
  std::string failure_kind = "http_500";
  int short_outputs = 0;  // next N ok requests stop 1 token short (output-length mismatch)
  double queue_ms = 0.3;  // client_queue for rate mode
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
  int status = 0;
  const ErrorKind k = parse_error_kind(kind, status).value();  // a kind named as files name it
  r.error = RequestError{k, status, status ? "Internal Server Error" : "no token in time"};
  r.input_tokens_target = spec.input_len;
  r.output_tokens_target = spec.output_len;
  return r;
}

// Records of one scenario from t0 on (ms). Bursts and closed loops run in rounds of
// `concurrency`; rate mode sends every 1000/rate ms.
inline std::vector<RequestRecord> synth_records(const ScenarioSpec& spec, double t0, uint32_t seed,
                                                const SynthOptions& o = {}) {
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
        out.push_back(
            synth_ok(spec, i, intended, start, spec.load == LoadShape::rate ? 0 : k, batch, n, j));
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
  run.server = {
      simulated ? "0.10.1 (sonde-sim)" : "0.10.1", 32768, "meta-llama/Llama-3.1-8B-Instruct", {}};
  run.options.seed = 42;
  run.options.timeout_s = 300;
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

// ---- Server-side records, as the telemetry and metrics modules fill them.

inline constexpr uint64_t kH100Bytes = 81559ull << 20;  // nvidia-smi's total for an H100 80GB

inline ServerHistogramDelta synth_histogram(int64_t count, double mean) {
  ServerHistogramDelta h;
  h.count = count;
  if (count == 0) return h;  // mean and percentiles stay NaN (null in run.json)
  h.mean = mean, h.p50 = mean * 0.97, h.p90 = mean * 1.12, h.p99 = mean * 1.25;
  return h;
}

struct SynthServer {
  double prefix_hit_rate = 0;     // share of prompt tokens found in the prefix cache
  int64_t preemptions = 0;        // num_preemptions during the scenario
  double kv_capacity_tokens = 0;  // KV cache size in tokens (0: no KV gauges)
  double waiting_peak = 0;        // num_requests_waiting peak
};

// vLLM's view of a scenario, consistent with its summary: the client's TTFT is queue + prefill
// + 1.2 ms outside vLLM; token counters equal the client's usage totals.
inline ServerMetricsDelta synth_server_metrics(const ScenarioResult& sc, const SynthServer& o) {
  const ScenarioSummary& s = sc.summary;
  const int64_t n = s.completed;
  const double model_prefill = 18.0 + 0.062 * double(sc.spec.input_len) * (1.0 - o.prefix_hit_rate);
  const double prefill = n > 0 ? std::min(model_prefill, s.ttft_ms.mean - 1.25) : 0;
  const double queue = n > 0 ? std::max(0.05, s.ttft_ms.mean - prefill - 1.2) : 0;
  const int c =
      sc.spec.load == LoadShape::rate ? std::max(1, sc.spec.max_concurrency) : sc.spec.concurrency;
  const double kv =
      o.kv_capacity_tokens > 0
          ? std::min(0.998, c * double(sc.spec.input_len + sc.spec.output_len) / o.kv_capacity_tokens)
          : 0;
  const int64_t queries = s.total_input_tokens + int64_t(s.failed) * sc.spec.input_len;
  const int64_t hits = int64_t(double(queries) * o.prefix_hit_rate / 16.0) * 16;  // whole blocks
  ServerMetricsDelta d;
  d.queue_ms = synth_histogram(n, queue);
  d.prefill_ms = synth_histogram(n, prefill);
  d.decode_ms = synth_histogram(n, s.decode_ms.mean - 0.3);
  d.inference_ms = synth_histogram(n, prefill + s.decode_ms.mean - 0.3);
  d.ttft_ms = synth_histogram(n, s.ttft_ms.mean - 1.2);
  d.itl_ms = synth_histogram(n, s.tpot_ms.mean);
  d.e2el_ms = synth_histogram(n, s.e2el_ms.mean - 1.6);
  if (o.kv_capacity_tokens > 0) d.kv_cache_usage_peak = kv, d.kv_cache_usage_mean = kv * 0.55;
  d.num_requests_running_peak = c;
  d.num_requests_waiting_peak = o.waiting_peak;
  d.gauge_samples = std::size_t(std::max(1, int(s.duration_s * 4)));
  d.num_preemptions = o.preemptions;
  if (queries > 0) d.prefix_cache_hit_rate = double(hits) / double(queries);
  d.prefix_cache_queries = queries;
  d.prefix_cache_hits = hits;
  d.prompt_tokens = s.total_input_tokens;
  d.generation_tokens = s.total_output_tokens;
  d.requests_finished = {{"length", n}};
  d.reset_detected = false;
  return d;
}

// One simulated H100 read through the simulator's DCGM-style /gpu-metrics: vLLM's reservation
// (gpu-memory-utilization 0.9) plus the activations of the largest step.
inline GpuMemoryRecord synth_gpu_memory(const ScenarioResult& sc) {
  const uint64_t reserved = uint64_t(0.9 * double(kH100Bytes)) + (512ull << 20);
  const int c = std::max(1, sc.spec.concurrency);
  const uint64_t step = uint64_t(std::min<int64_t>(8192, sc.spec.input_len * c));
  const uint64_t peak = reserved + step * 40960;
  GpuMemoryRecord r;
  r.source = "dcgm";
  r.interval_ms = 250.0;
  r.samples = std::max(1, int(sc.summary.duration_s * 4));
  r.gpus = {{0, "NVIDIA H100 80GB HBM3", peak, reserved + step * 12288, kH100Bytes, 97.0}};
  return r;
}

inline Environment synth_environment(bool client_host) {
  Environment e;
  e.system = {
      client_host ? "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz" : "AMD EPYC 7763 64-Core Processor",
      "x86_64",
      client_host ? 32 : 64,
      client_host ? 64 : 128,
      client_host ? 270424694784ull : 540805562368ull,
      "Ubuntu 22.04.4 LTS",
      "22.04",
      "5.15.0-105-generic",
      client_host ? "loadgen-1" : "bench-01"};
  if (client_host) {
    e.gpus.source = "none";
    e.gpus.note =
        "the server is on another host; pass --gpu-metrics-url with its DCGM exporter "
        "to record its GPUs";
  } else {
    e.gpus.source = "dcgm";
    e.gpus.gpus = {{0, "NVIDIA H100 80GB HBM3", "GPU-3f1c2a9e-6b0d-5c47-9e21-0a8d4b7f6c35", "",
                    kH100Bytes, 77846937600ull, 0.0, std::nullopt, std::nullopt}};
  }
  e.recorded_on = client_host ? "client host" : "server host";
  return e;
}

// telemetry.jsonl of a synthetic run: every 250 ms of each scenario (first start → last end of
// its records), a GPU line when the scenario has gpu_memory and a gauge line when it has
// server_metrics; GPU use and KV-cache usage follow the requests in flight.
inline std::string synth_telemetry_jsonl(const RunResult& run,
                                         const std::vector<RequestRecord>& records) {
  std::string out;
  for (const ScenarioResult& sc : run.scenarios) {
    double from = 1e300, to = -1e300;
    for (const auto& r : records) {
      if (r.scenario != sc.spec.name) continue;
      from = std::min(from, r.start_ms), to = std::max(to, r.end_ms);
    }
    if (from > to) continue;
    const double kv_peak = sc.server_metrics && std::isfinite(sc.server_metrics->kv_cache_usage_peak)
                               ? sc.server_metrics->kv_cache_usage_peak
                               : 0;
    const int c =
        std::max(1, sc.spec.load == LoadShape::rate ? sc.spec.max_concurrency : sc.spec.concurrency);
    for (double t = from; t <= to; t += 250) {
      int active = 0;
      for (const auto& r : records)
        active += r.scenario == sc.spec.name && r.start_ms <= t && t < r.end_ms;
      const double load = std::min(1.0, double(active) / c);
      if (sc.gpu_memory) {
        const GpuMemorySummary& g = sc.gpu_memory->gpus.at(0);
        const double lo = double(*g.mean_used_bytes), hi = double(*g.peak_used_bytes);
        nlohmann::json line{{"scenario", sc.spec.name},
                            {"t_ms", t},
                            {"gpu", 0},
                            {"used_bytes", uint64_t(lo + (hi - lo) * load)},
                            {"total_bytes", *g.total_bytes},
                            {"utilization_pct", 97.0 * load}};
        out += line.dump() + "\n";
      }
      if (sc.server_metrics) {
        nlohmann::json line{{"scenario", sc.spec.name},
                            {"t_ms", t},
                            {"kv_cache_usage", kv_peak * load},
                            {"num_requests_running", active},
                            {"num_requests_waiting", 0}};
        out += line.dump() + "\n";
      }
    }
  }
  return out;
}

// The seed suite against the simulator, every request ok.
inline RunResult synth_seed_run(std::vector<RequestRecord>* records_out = nullptr) {
  RunResult run = synth_header(true);
  std::vector<RequestRecord> records;
  double t = 0;
  uint32_t seed = 1;
  for (auto [name, len] :
       {std::pair{"short_1k", 1000}, {"mid_3k", 3000}, {"long_6k", 6000}, {"verylong_10k", 10000}}) {
    add_scenario(run, records, t, spec(name, len, 512, LoadShape::closed, 1, 5), seed++);
  }
  for (int c : {1, 2, 4, 8}) {
    add_scenario(run, records, t,
                 spec("concurrency_" + std::to_string(c), 3000, 300, LoadShape::burst, c, 5 * c),
                 seed++);
  }
  // Everything the simulator serves: its settings, /metrics and virtual GPUs.
  run.environment = synth_environment(false);
  run.server.settings = {{"model", "llama-3.1-8b-instruct", "simulator"},
                         {"max-model-len", "32768", "simulator"},
                         {"max-num-seqs", "256", "simulator"},
                         {"max-num-batched-tokens", "8192", "simulator"},
                         {"tensor-parallel-size", "1", "simulator"},
                         {"enable-chunked-prefill", "true", "simulator"},
                         {"quantization", "None", "simulator"},
                         {"gpu-memory-utilization", "0.9", "cache_config_info"},
                         {"block-size", "16", "cache_config_info"},
                         {"enable-prefix-caching", "True", "cache_config_info"},
                         {"kv-cache-dtype", "auto", "cache_config_info"},
                         {"num-gpu-blocks", "28160", "cache_config_info"}};
  for (ScenarioResult& sc : run.scenarios) {
    sc.gpu_memory = synth_gpu_memory(sc);
    sc.server_metrics = synth_server_metrics(sc, {0, 0, 28160.0 * 16, 0});
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
  add_scenario(run, records, t, spec("poisson_2rps", 2000, 256, LoadShape::rate, 1, 10, 2.0, 8), 14,
               {0, "", 0, 1.5});
  // A remote server: the environment is the client's (no GPU source), /metrics answers, and
  // the user's --server-args disagree with what vLLM reports in cache_config_info.
  run.environment = synth_environment(true);
  run.server.settings = {{"tensor-parallel-size", "1", "--server-args"},
                         {"enable-chunked-prefill", "true", "--server-args"},
                         {"max-num-seqs", "64", "--server-args"},
                         {"gpu-memory-utilization", "0.9", "--server-args"},
                         {"enable-prefix-caching", "true", "--server-args"},
                         {"max-model-len", "32768", "/v1/models"},
                         {"block-size", "16", "cache_config_info"},
                         {"kv-cache-dtype", "auto", "cache_config_info"},
                         {"num-gpu-blocks", "1024", "cache_config_info"}};
  run.warnings = {
      "setting gpu-memory-utilization: --server-args says 0.9, but cache_config_info "
      "says 0.85"};
  const double kv_tokens = 1024.0 * 16;
  const SynthServer server[] = {
      {0.052, 0, kv_tokens, 0}, {0, 0, kv_tokens, 0}, {0, 0, kv_tokens, 0}, {0, 3, kv_tokens, 2}};
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    run.scenarios[i].server_metrics = synth_server_metrics(run.scenarios[i], server[i]);
  }
  if (records_out) *records_out = std::move(records);
  return run;
}

}  // namespace sonde::testing
