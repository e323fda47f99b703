#include "runner/telemetry_session.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string_view>

#include "client/http.hpp"
#include "metrics/spec_decode.hpp"
#include "telemetry/gpu_energy.hpp"

namespace sonde {
namespace {

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

constexpr std::string_view kSimKvPeak = "sonde_sim:kv_cache_usage_peak_perc";

// Largest value of gauge `name` over the series of `model_name` (all when unset); NaN if none.
double max_of(const MetricsPage& page, std::string_view name,
              const std::optional<std::string>& model_name) {
  double out = std::numeric_limits<double>::quiet_NaN();
  for (const std::size_t i : page.indices(name)) {
    const MetricSample& s = page.samples[i];
    if (model_name) {
      const auto it = std::find_if(s.labels.begin(), s.labels.end(),
                                   [](const auto& l) { return l.first == "model_name"; });
      if (it == s.labels.end() || it->second != *model_name) continue;
    }
    if (!std::isnan(s.value)) out = std::isnan(out) ? s.value : std::max(out, s.value);
  }
  return out;
}

void raise_to(double& field, double v) {
  if (!std::isnan(v) && (std::isnan(field) || v > field)) field = v;
}

// POST /admin/reset-peaks next to the /metrics URL; true when the server did it.
bool reset_sim_peaks(const std::string& metrics_url, const std::optional<std::string>& api_key) {
  constexpr std::string_view kSuffix = "/metrics";
  if (metrics_url.size() < kSuffix.size() ||
      metrics_url.compare(metrics_url.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return false;
  }
  const std::string url =
      metrics_url.substr(0, metrics_url.size() - kSuffix.size()) + "/admin/reset-peaks";
  return http_post_json(url, "{}", api_key, 5).status == 200;
}

}  // namespace

bool apply_sim_peaks(const MetricsPage& page, const std::optional<std::string>& model_name,
                     ServerMetricsDelta& delta) {
  if (!page.has(kSimKvPeak)) return false;
  raise_to(delta.kv_cache_usage_peak, max_of(page, kSimKvPeak, model_name));
  raise_to(delta.num_requests_running_peak,
           max_of(page, "sonde_sim:num_requests_running_peak", model_name));
  raise_to(delta.num_requests_waiting_peak,
           max_of(page, "sonde_sim:num_requests_waiting_peak", model_name));
  return true;
}

std::optional<MetricsPage> scrape_metrics(const std::string& url,
                                          const std::optional<std::string>& api_key) {
  if (url.empty()) return std::nullopt;
  const HttpResponse r = http_get(url, api_key, 5);
  if (r.status != 200) return std::nullopt;
  MetricsPage page = parse_prometheus_text(r.body);
  if (page.samples.empty()) return std::nullopt;
  return page;
}

ScenarioTelemetry::ScenarioTelemetry(const TelemetrySources& sources) : sources_(sources) {}

ScenarioTelemetry::~ScenarioTelemetry() {
  stop_ = true;
  if (poller_.joinable()) poller_.join();
}

void ScenarioTelemetry::start(const std::string& scenario, Clock::time_point epoch) {
  scenario_ = scenario;
  epoch_ = epoch;
  gauge_lines_.clear();
  before_ = scrape_metrics(sources_.metrics_url, sources_.api_key);
  sim_peaks_ = before_ && before_->has(kSimKvPeak) &&
               reset_sim_peaks(sources_.metrics_url, sources_.api_key);
  const auto model = sources_.model_name.empty() ? std::nullopt : std::optional(sources_.model_name);
  gauges_ = std::make_unique<GaugeTracker>(model);
  if (before_) {
    stop_ = false;
    poller_ = std::thread([this] { poll_gauges(); });
  }
  if (sources_.gpu_read) {
    gpu_ = std::make_unique<GpuSampler>(
        sources_.gpu_read, sources_.gpu_source,
        std::chrono::milliseconds(static_cast<int>(sources_.interval_s * 1000)));
    gpu_->start(epoch);
  }
}

// Gauges are sampled on their own thread so that the client's event loop never waits on them.
void ScenarioTelemetry::poll_gauges() {
  const auto model = sources_.model_name.empty() ? std::nullopt : std::optional(sources_.model_name);
  const auto period = std::chrono::duration<double>(sources_.interval_s);
  auto next = Clock::now();
  while (!stop_.load()) {
    if (auto page = scrape_metrics(sources_.metrics_url, sources_.api_key)) {
      const VllmGauges g = read_vllm_gauges(*page, model);
      gauges_->add(g);
      nlohmann::json line{{"scenario", scenario_},
                          {"t_ms", ms_between(epoch_, Clock::now()) * sources_.time_scale},
                          {"kv_cache_usage", number_or_null(g.kv_cache_usage_max)},
                          {"num_requests_running", number_or_null(g.num_requests_running)},
                          {"num_requests_waiting", number_or_null(g.num_requests_waiting)}};
      gauge_lines_.push_back(line.dump());
    }
    next += std::chrono::duration_cast<Clock::duration>(period);
    while (!stop_.load() && Clock::now() < next)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ScenarioTelemetry::stop(ScenarioResult& result, std::ostream& series) {
  stop_ = true;
  if (poller_.joinable()) poller_.join();
  if (before_) {
    if (auto after = scrape_metrics(sources_.metrics_url, sources_.api_key)) {
      const auto model =
          sources_.model_name.empty() ? std::nullopt : std::optional(sources_.model_name);
      ServerMetricsDelta delta = diff_server_metrics(*before_, *after, model);
      gauges_->add(*after);
      gauges_->fill(delta);
      if (sim_peaks_) apply_sim_peaks(*after, model, delta);
      result.server_metrics = delta;
      result.spec_decode = diff_spec_decode(*before_, *after, model);
    }
  }
  for (const auto& line : gauge_lines_) series << line << '\n';
  if (gpu_) {
    GpuMemoryRecord rec = gpu_->stop();
    for (auto& s : rec.series) s.t_ms *= sources_.time_scale;
    write_gpu_series_jsonl(series, scenario_, rec);
    result.energy = summarize_energy(rec);  // output tokens are attributed with the summary
    rec.series.clear();                     // telemetry.jsonl holds it; run.json holds the summary
    result.gpu_memory = std::move(rec);
    gpu_.reset();
  }
  series.flush();
}

}  // namespace sonde
