#pragma once
// The simulator's Prometheus /metrics page with vLLM V1's metric names, labels (model_name,
// engine="0"), bucket lists and text shape (prometheus_client: # HELP/# TYPE, counters as _total
// plus _created, float values as Python prints them). Times are simulated seconds.
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/sim_config.hpp"

namespace sonde::sim {

// A Prometheus histogram: per-bucket counts (not cumulative), sum and count.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  const std::vector<int64_t>& counts() const { return counts_; }  // last = +Inf bucket
  double sum() const { return sum_; }
  int64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<int64_t> counts_;
  double sum_ = 0;
  int64_t count_ = 0;
};

// vLLM's bucket lists (vllm/v1/metrics/loggers.py).
std::vector<double> ttft_buckets();
std::vector<double> itl_buckets();            // inter-token latency and per-request TPOT
std::vector<double> request_phase_buckets();  // queue, prefill, decode, inference, e2e
std::vector<double> iteration_token_buckets();
std::vector<double> token_count_buckets(int64_t max_value);  // 1-2-5 series up to max_value

// A float as prometheus_client prints it (Python repr, Go-style exponent for large values).
std::string prom_float(double value);

class SimMetrics {
 public:
  SimMetrics(const SimConfig& config, double created_unix_s);
  // Records the histograms' observations of one finished step.
  void observe(const StepOutcome& outcome);
  // The whole /metrics page; counters and gauges come from `stats`.
  std::string render(const SimStats& stats) const;

 private:
  struct Family {
    const char* name;  // without the vllm: prefix
    const char* help;  // vLLM's documentation string
    Histogram hist;    // the data
  };
  void render_histogram(std::string& out, const Family& f) const;
  Family& family(const char* name);

  SimConfig cfg_;
  double created_;
  std::vector<Family> families_;
  int64_t finished_stop_ = 0;    // requests finished with EOS
  int64_t finished_length_ = 0;  // requests finished at max_tokens
};

}  // namespace sonde::sim
