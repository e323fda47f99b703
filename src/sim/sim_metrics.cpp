#include "sim/sim_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sim/api_request.hpp"
#include "sim/identity.hpp"

namespace sonde::sim {
namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void header(std::string& out, const std::string& name, const char* help, const char* type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double v) {
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);  // le: v <= bound
  ++counts_[static_cast<size_t>(it - bounds_.begin())];
  sum_ += v;
  ++count_;
}

std::vector<double> ttft_buckets() {
  return {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,  0.25,  0.5,   0.75,
          1.0,   2.5,   5.0,  7.5,  10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
}

std::vector<double> itl_buckets() {
  return {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2,  0.3,  0.4, 0.5,
          0.75, 1.0,   2.5,  5.0,   7.5, 10.0, 20.0, 40.0, 80.0};
}

std::vector<double> request_phase_buckets() {
  return {0.3,  0.5,  0.8,  1.0,  1.5,   2.0,   2.5,   5.0,   10.0,   15.0,  20.0,
          30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
}

std::vector<double> iteration_token_buckets() {
  return {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};
}

std::vector<double> token_count_buckets(int64_t max_value) {
  std::vector<double> out;
  for (double mag = 1;; mag *= 10) {
    for (const double m : {1.0, 2.0, 5.0}) {
      if (m * mag > static_cast<double>(max_value)) return out;
      out.push_back(m * mag);
    }
  }
}

std::string prom_float(double d) {
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (std::isnan(d)) return "NaN";
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";  // Python repr keeps the ".0"
  const size_t dot = s.find('.');
  if (d > 0 && dot != std::string::npos && dot > 6 && s.find('e') == std::string::npos) {
    // prometheus_client's floatToGoString: Go switches to exponents sooner than Python.
    std::string mantissa = s.substr(0, 1) + "." + s.substr(1, dot - 1) + s.substr(dot + 1);
    while (!mantissa.empty() && (mantissa.back() == '0' || mantissa.back() == '.')) {
      mantissa.pop_back();
    }
    return fmt::format("{}e+0{}", mantissa, dot - 1);
  }
  return s;
}

SimMetrics::SimMetrics(const SimConfig& config, double created_unix_s)
    : cfg_(config), created_(created_unix_s) {
  const int64_t len = config.options.max_model_len;
  families_ = {
      {"iteration_tokens_total", "Histogram of number of tokens per engine_step.",
       Histogram(iteration_token_buckets())},
      {"request_prompt_tokens", "Number of prefill tokens processed.",
       Histogram(token_count_buckets(len))},
      {"request_generation_tokens", "Number of generation tokens processed.",
       Histogram(token_count_buckets(len))},
      {"time_to_first_token_seconds", "Histogram of time to first token in seconds.",
       Histogram(ttft_buckets())},
      {"inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
       Histogram(itl_buckets())},
      {"request_time_per_output_token_seconds",
       "Histogram of time_per_output_token_seconds per request.", Histogram(itl_buckets())},
      {"e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.",
       Histogram(request_phase_buckets())},
      {"request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.",
       Histogram(request_phase_buckets())},
      {"request_inference_time_seconds", "Histogram of time spent in RUNNING phase for request.",
       Histogram(request_phase_buckets())},
      {"request_prefill_time_seconds", "Histogram of time spent in PREFILL phase for request.",
       Histogram(request_phase_buckets())},
      {"request_decode_time_seconds", "Histogram of time spent in DECODE phase for request.",
       Histogram(request_phase_buckets())},
  };
}

SimMetrics::Family& SimMetrics::family(const char* name) {
  for (auto& f : families_) {
    if (std::strcmp(f.name, name) == 0) return f;
  }
  return families_.front();  // unreachable: names are the constants above
}

void SimMetrics::observe(const StepOutcome& o) {
  if (o.shape.tokens() > 0) {
    family("iteration_tokens_total").hist.observe(static_cast<double>(o.shape.tokens()));
  }
  for (const double t : o.ttft_s) family("time_to_first_token_seconds").hist.observe(t);
  for (const double t : o.itl_s) family("inter_token_latency_seconds").hist.observe(t);
  for (const auto& r : o.finished) {
    (r.reason == "stop" ? finished_stop_ : finished_length_) += 1;
    const double decode = r.last_token_s - r.first_token_s;
    family("request_prompt_tokens").hist.observe(static_cast<double>(r.prompt_tokens));
    family("request_generation_tokens").hist.observe(static_cast<double>(r.generation_tokens));
    family("request_time_per_output_token_seconds")
        .hist.observe(r.generation_tokens > 1 ? decode / static_cast<double>(r.generation_tokens - 1)
                                              : 0.0);
    family("e2e_request_latency_seconds").hist.observe(r.last_token_s - r.arrival_s);
    family("request_queue_time_seconds").hist.observe(r.scheduled_s - r.arrival_s);
    family("request_inference_time_seconds").hist.observe(r.last_token_s - r.scheduled_s);
    family("request_prefill_time_seconds").hist.observe(r.first_token_s - r.scheduled_s);
    family("request_decode_time_seconds").hist.observe(decode);
  }
}

void SimMetrics::render_histogram(std::string& out, const Family& f) const {
  const std::string name = std::string("vllm:") + f.name;
  const std::string model = escape_label(served_name(cfg_.options));
  header(out, name, f.help, "histogram");
  int64_t cumulative = 0;
  const auto& h = f.hist;
  for (size_t i = 0; i <= h.bounds().size(); ++i) {
    cumulative += h.counts()[i];
    const std::string le = i < h.bounds().size() ? prom_float(h.bounds()[i]) : "+Inf";
    out += fmt::format("{}_bucket{{engine=\"0\",le=\"{}\",model_name=\"{}\"}} {}\n", name, le,
                       model, prom_float(static_cast<double>(cumulative)));
  }
  out += fmt::format("{}_count{{engine=\"0\",model_name=\"{}\"}} {}\n", name, model,
                     prom_float(static_cast<double>(h.count())));
  out +=
      fmt::format("{}_sum{{engine=\"0\",model_name=\"{}\"}} {}\n", name, model, prom_float(h.sum()));
  header(out, name + "_created", f.help, "gauge");
  out += fmt::format("{}_created{{engine=\"0\",model_name=\"{}\"}} {}\n", name, model,
                     prom_float(created_));
}

std::string SimMetrics::render(const SimStats& s) const {
  std::string out;
  const std::string model = escape_label(served_name(cfg_.options));
  const std::string labels = fmt::format("{{engine=\"0\",model_name=\"{}\"}}", model);
  const auto gauge = [&](const char* name, const char* help, double v) {
    header(out, std::string("vllm:") + name, help, "gauge");
    out += fmt::format("vllm:{}{} {}\n", name, labels, prom_float(v));
  };
  const auto counter = [&](const char* name, const char* help, double v) {
    header(out, fmt::format("vllm:{}_total", name), help, "counter");
    out += fmt::format("vllm:{}_total{} {}\n", name, labels, prom_float(v));
    header(out, fmt::format("vllm:{}_created", name), help, "gauge");
    out += fmt::format("vllm:{}_created{} {}\n", name, labels, prom_float(created_));
  };
  const auto d = [](int64_t v) { return static_cast<double>(v); };
  gauge("num_requests_running", "Number of requests in model execution batches.",
        d(s.num_requests_running));
  gauge("num_requests_waiting", "Number of requests waiting to be processed.",
        d(s.num_requests_waiting));
  gauge("kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", s.kv_cache_usage);
  counter("prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.",
          d(s.prefix_cache_queries_total));
  counter("prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.",
          d(s.prefix_cache_hits_total));
  counter("num_preemptions", "Cumulative number of preemption from the engine.",
          d(s.num_preemptions_total));
  counter("prompt_tokens", "Number of prefill tokens processed.", d(s.prompt_tokens_total));
  counter("generation_tokens", "Number of generation tokens processed.",
          d(s.generation_tokens_total));
  if (cfg_.options.speculative_tokens > 0) {
    // vLLM exports these only with a speculative config (vllm/v1/spec_decode/metrics.py).
    counter("spec_decode_num_drafts", "Number of spec decoding drafts.",
            d(s.spec_decode_drafts_total));
    counter("spec_decode_num_draft_tokens", "Number of draft tokens.",
            d(s.spec_decode_draft_tokens_total));
    counter("spec_decode_num_accepted_tokens", "Number of accepted tokens.",
            d(s.spec_decode_accepted_tokens_total));
    const char* pos_help = "Accepted tokens per draft position.";
    const std::string pos_name = "vllm:spec_decode_num_accepted_tokens_per_pos";
    header(out, pos_name + "_total", pos_help, "counter");
    for (size_t k = 0; k < s.spec_decode_accepted_per_pos.size(); ++k) {
      out += fmt::format("{}_total{{engine=\"0\",model_name=\"{}\",position=\"{}\"}} {}\n",
                         pos_name, model, k, prom_float(d(s.spec_decode_accepted_per_pos[k])));
    }
  }
  const char* success_help = "Count of successfully processed requests.";
  const std::pair<const char*, int64_t> reasons[] = {
      {"abort", s.requests_aborted_total}, {"length", finished_length_}, {"stop", finished_stop_}};
  header(out, "vllm:request_success_total", success_help, "counter");
  for (const auto& [reason, n] : reasons) {
    out += fmt::format(
        "vllm:request_success_total{{engine=\"0\",finished_reason=\"{}\","
        "model_name=\"{}\"}} {}\n",
        reason, model, prom_float(d(n)));
  }
  header(out, "vllm:request_success_created", success_help, "gauge");
  for (const auto& [reason, n] : reasons) {
    out += fmt::format(
        "vllm:request_success_created{{engine=\"0\",finished_reason=\"{}\","
        "model_name=\"{}\"}} {}\n",
        reason, model, prom_float(created_));
  }
  for (const auto& f : families_) render_histogram(out, f);
  // sonde sim's own gauges (no vLLM counterpart): the highest values since the last
  // POST /admin/reset-peaks, which a poller sampling the gauges above would miss.
  const auto peak = [&](const char* name, const char* help, double v) {
    header(out, std::string("sonde_sim:") + name, help, "gauge");
    out += fmt::format("sonde_sim:{}{} {}\n", name, labels, prom_float(v));
  };
  peak("kv_cache_usage_peak_perc",
       "Highest KV-cache usage since the last POST /admin/reset-peaks. 1 means 100 percent usage.",
       s.kv_cache_usage_peak);
  peak("num_requests_running_peak",
       "Most requests in model execution batches since the last POST /admin/reset-peaks.",
       d(s.num_requests_running_peak));
  peak("num_requests_waiting_peak",
       "Most requests waiting to be processed since the last POST /admin/reset-peaks.",
       d(s.num_requests_waiting_peak));
  // Who is answering: a simulator, at this time scale (sim/identity.hpp), beside vLLM's names.
  const Identity id = identity_of(cfg_);
  header(out, "sonde_sim:info", "sonde's simulator, not a real vLLM; times are simulated-GPU time.",
         "gauge");
  // fitted_profile: the `sonde fit` file whose parameters are in use (absent: built-in figures).
  const std::string fitted =
      cfg_.fitted_profile.empty()
          ? std::string()
          : fmt::format(",fitted_profile=\"{}\"", escape_label(cfg_.fitted_profile));
  out += fmt::format("sonde_sim:info{{gpu=\"{}\",model=\"{}\",profile=\"{}\"{}}} 1.0\n",
                     escape_label(cfg_.gpu.name), escape_label(cfg_.model.name),
                     escape_label(id.profile), fitted);
  header(out, "sonde_sim:time_scale",
         "Simulated seconds per real second (sonde sim --speed); sonde run multiplies by it.",
         "gauge");
  out += fmt::format("sonde_sim:time_scale {}\n", prom_float(id.time_scale));
  header(out, "vllm:cache_config_info", "Information of the LLMEngine CacheConfig", "gauge");
  const auto& o = cfg_.options;
  out += fmt::format(
      "vllm:cache_config_info{{block_size=\"{}\",cache_dtype=\"{}\",enable_prefix_caching=\"{}\","
      "engine=\"0\",gpu_memory_utilization=\"{}\",num_cpu_blocks=\"None\",num_gpu_blocks=\"{}\"}} "
      "1.0\n",
      o.block_size, escape_label(cfg_.cache_dtype), o.enable_prefix_caching ? "True" : "False",
      prom_float(o.gpu_memory_utilization), cfg_.num_gpu_blocks);
  return out;
}

}  // namespace sonde::sim
