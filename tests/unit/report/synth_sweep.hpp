#pragma once
// Deterministic sweeps for the sweep report's tests, built from synth_run.hpp's runs with each
// point's settings applied as factors on TTFT and ITL. The fixtures
// tests/fixtures/report/<name>.sweep.json are written from these (sweep_report_test.cpp).
#include <string>
#include <utility>
#include <vector>

#include "../results/synth_run.hpp"
#include "results/sweep_result.hpp"

namespace sonde::testing {

// Scales an ok record's TTFT and gaps (decode, TPOT and E2E follow).
inline void scale_record(RequestRecord& r, double ttft, double itl) {
  if (!r.ok) return;
  *r.ttft_ms *= ttft;
  double decode = 0;
  for (double& g : r.itl_ms) decode += (g *= itl);
  r.decode_ms = decode;
  if (r.itl_ms.size() > 0) r.tpot_ms = decode / double(r.itl_ms.size());
  r.e2el_ms = *r.ttft_ms + decode + 0.4;
  r.end_ms = r.start_ms + *r.e2el_ms;
}

struct SynthPoint {
  std::vector<std::pair<std::string, std::string>> settings;
  PointStatus status = PointStatus::ok;
  std::string reason;
  int runs = 1;
  // Factors on TTFT and ITL per input length (tokens): ttft(len), itl(len).
  double (*ttft)(int64_t) = nullptr;
  double (*itl)(int64_t) = nullptr;
};

// The seed input lengths in a burst of 4, `runs` times with different jitter.
inline PointResult synth_point(const std::string& name, const SynthPoint& sp, bool simulated,
                               uint32_t seed) {
  PointResult p;
  p.name = name;
  p.settings = sp.settings;
  p.status = sp.status;
  p.reason = sp.reason;
  p.command = "vllm serve meta-llama/Llama-3.1-8B-Instruct";
  for (const auto& [k, v] : sp.settings) p.command += " --" + k + " " + v;
  if (sp.status != PointStatus::ok) return p;
  p.startup_facts = StartupFacts{456789, 37.17, {}, {}, {}, {}};
  for (int r = 0; r < sp.runs; ++r) {
    RunResult run = synth_header(simulated);
    run.run_id += "-" + name + "-" + std::to_string(r + 1);
    double t = 0;
    for (auto [sname, len] :
         {std::pair{"short_1k", 1000}, {"mid_3k", 3000}, {"long_6k", 6000}, {"verylong_10k", 10000}}) {
      const ScenarioSpec s = spec(sname, len, 64, LoadShape::burst, 4, 4);
      auto recs = synth_records(s, t, seed++ * 7 + r * 101);
      for (auto& rec : recs) scale_record(rec, sp.ttft(len), sp.itl(len));
      for (const auto& rec : recs) t = std::max(t, rec.end_ms);
      t += 2000;
      run.scenarios.push_back(synth_scenario(s, recs));
    }
    p.run_dirs.push_back("points/" + name + "/run-" + std::to_string(r + 1));
    p.runs.push_back(std::move(run));
  }
  return p;
}

inline SweepResult synth_sweep_header(bool simulated, const std::string& file) {
  SweepResult s;
  s.tool_version = "0.1.0";
  s.sweep_file = file;
  s.started_at = simulated ? "2025-06-03T10:00:00Z" : "2025-06-04T08:00:00Z";
  s.finished_at = simulated ? "2025-06-03T10:04:12Z" : "2025-06-04T09:31:40Z";
  s.complete = true;
  return s;
}

// Chunked prefill ON/OFF x max-num-batched-tokens {2048, 8192}, two runs per point, on the
// simulator: OFF prefills long prompts at once (lower TTFT, ITL stalls), a larger token budget
// needs fewer chunks (lower TTFT above 2048 tokens); one OFF point is rejected, one runs out of
// memory at start-up.
inline SweepResult synth_chunked_sweep() {
  SweepResult s = synth_sweep_header(true, "examples/sweep-sim.yaml");
  s.axes = {{"enable-chunked-prefill", {"true", "false"}},
            {"max-num-batched-tokens", {"2048", "8192"}}};
  auto on2048_ttft = [](int64_t len) { return len > 2048 ? 1.0 + 0.00004 * double(len) : 1.0; };
  auto on8192_ttft = [](int64_t len) { return len > 8192 ? 1.1 : 0.97; };
  auto off_ttft = [](int64_t len) { return len > 2048 ? 0.8 : 1.0; };
  auto flat = [](int64_t) { return 1.0; };
  auto off_itl = [](int64_t len) { return 1.0 + 0.00006 * double(len); };
  auto on8192_itl = [](int64_t) { return 1.08; };
  uint32_t seed = 1;
  s.points.push_back(
      synth_point("p01",
                  {{{"enable-chunked-prefill", "true"}, {"max-num-batched-tokens", "2048"}},
                   PointStatus::ok,
                   "",
                   2,
                   on2048_ttft,
                   flat},
                  true, seed += 10));
  s.points.push_back(
      synth_point("p02",
                  {{{"enable-chunked-prefill", "true"}, {"max-num-batched-tokens", "8192"}},
                   PointStatus::ok,
                   "",
                   2,
                   on8192_ttft,
                   on8192_itl},
                  true, seed += 10));
  s.points.push_back(
      synth_point("p03",
                  {{{"enable-chunked-prefill", "false"}, {"max-num-batched-tokens", "2048"}},
                   PointStatus::invalid_config,
                   "max-num-batched-tokens (2048) is smaller than max-model-len (12288) with "
                   "chunked prefill off",
                   2,
                   nullptr,
                   nullptr},
                  true, seed += 10));
  s.points.push_back(
      synth_point("p04",
                  {{{"enable-chunked-prefill", "false"}, {"max-num-batched-tokens", "8192"}},
                   PointStatus::ok,
                   "",
                   2,
                   off_ttft,
                   off_itl},
                  true, seed += 10));
  PointResult oom = synth_point("p05",
                                {{{"enable-chunked-prefill", "true"},
                                  {"max-num-batched-tokens", "8192"},
                                  {"model-profile", "llama-3.1-70b"},
                                  {"gpu", "l4"}},
                                 PointStatus::oom_startup,
                                 "CUDA out of memory while loading the weights",
                                 1,
                                 nullptr,
                                 nullptr},
                                true, seed += 10);
  oom.failure = ServerFailure{};
  oom.failure->kind = FailureKind::oom_startup;
  oom.failure->message = oom.reason;
  oom.failure->exit_code = 1;
  oom.failure->log_excerpt = {
      "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.96 GiB. "
      "GPU 0 has a total capacity of 22.03 GiB of which 1.02 GiB is free."};
  oom.stop = StopResult{"none", true, true, 0.25};  // it had exited by itself
  s.points.push_back(std::move(oom));
  return s;
}

// tensor-parallel-size {1, 2, 4} on a real two-GPU server, one run per point; TP 4 is skipped.
inline SweepResult synth_tp_sweep() {
  SweepResult s = synth_sweep_header(false, "sweeps/tp.yaml");
  s.axes = {{"tensor-parallel-size", {"1", "2", "4"}}};
  auto one = [](int64_t) { return 1.0; };
  auto tp2_ttft = [](int64_t) { return 0.56; };
  auto tp2_itl = [](int64_t) { return 0.62; };
  s.points.push_back(synth_point(
      "p01", {{{"tensor-parallel-size", "1"}}, PointStatus::ok, "", 1, one, one}, false, 3));
  s.points.push_back(synth_point(
      "p02", {{{"tensor-parallel-size", "2"}}, PointStatus::ok, "", 1, tp2_ttft, tp2_itl}, false, 5));
  s.points.push_back(synth_point("p03",
                                 {{{"tensor-parallel-size", "4"}},
                                  PointStatus::skipped,
                                  "needs 4 GPUs, 2 visible (CUDA_VISIBLE_DEVICES=0,1)",
                                  1,
                                  nullptr,
                                  nullptr},
                                 false, 7));
  return s;
}

}  // namespace sonde::testing
