#pragma once
// Hand-built runs and sweeps for the conclusion rules: every figure a rule reads is set
// directly, so each test states the numbers its expectation rests on.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/findings.hpp"
#include "results/sweep_result.hpp"

namespace sonde::testing {

// The figures of one scenario (ms, tok/s).
struct Figures {
  double ttft = 200;      // TTFT mean and p50
  double ttft_p99 = 300;  // TTFT p99
  double tpot = 10;       // TPOT mean and p50
  double tpot_p99 = 12;   // TPOT p99
  double itl_p99 = 20;    // ITL p99
  double tput = 500;      // output tok/s
  double decode = 100;    // per-request decode tok/s (p50 and mean)
};

inline Distribution dist(double mean, double p99) {
  Distribution d;
  d.count = 4;
  d.mean = d.p50 = d.min = mean;
  d.p90 = d.p95 = d.p99 = d.max = p99;
  return d;
}

inline ScenarioResult scenario(const std::string& name, int64_t input_len, int concurrency,
                               const Figures& f) {
  ScenarioResult sc;
  sc.spec.name = name;
  sc.spec.input_len = input_len;
  sc.spec.output_len = 128;
  sc.spec.load = concurrency == 1 ? LoadShape::closed : LoadShape::burst;
  sc.spec.concurrency = concurrency;
  sc.spec.requests = 4;
  ScenarioSummary& s = sc.summary;
  s.completed = 4;
  s.duration_s = 2;
  s.output_throughput = f.tput;
  s.ttft_ms = dist(f.ttft, f.ttft_p99);
  s.tpot_ms = dist(f.tpot, f.tpot_p99);
  s.itl_ms = dist(f.tpot, f.itl_p99);
  s.e2el_ms = dist(f.ttft + 127 * f.tpot, f.ttft_p99 + 127 * f.tpot_p99);
  s.decode_tokens_per_s = dist(f.decode, f.decode);
  return sc;
}

// A simulated run on one H100 with Llama-3.1-8B, holding `scenarios`.
inline RunResult sim_run(std::vector<ScenarioResult> scenarios,
                         std::vector<ServerSetting> settings = {}) {
  RunResult run;
  run.complete = true;
  run.simulated = true;
  run.sim_speed = 20;
  run.sim_profile = "NVIDIA H100 80GB HBM3 x1 / llama-3.1-8b";
  run.target = {"http://127.0.0.1:1", "llama-3.1-8b-instruct", "/v1/chat/completions"};
  run.server.settings = std::move(settings);
  run.scenarios = std::move(scenarios);
  return run;
}

inline PointResult point(const std::string& name,
                         std::vector<std::pair<std::string, std::string>> settings,
                         std::vector<RunResult> runs, PointStatus status = PointStatus::ok) {
  PointResult p;
  p.name = name;
  p.settings = std::move(settings);
  p.status = status;
  p.runs = std::move(runs);
  return p;
}

inline SweepResult sweep_of(std::vector<std::pair<std::string, std::vector<std::string>>> axes,
                            std::vector<PointResult> points) {
  SweepResult s;
  s.complete = true;
  s.axes = std::move(axes);
  s.points = std::move(points);
  return s;
}

// The findings of one rule.
inline std::vector<report::Finding> of_rule(const std::vector<report::Finding>& all,
                                            report::RuleId rule) {
  std::vector<report::Finding> out;
  for (const auto& f : all) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace sonde::testing
