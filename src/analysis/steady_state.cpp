#include "analysis/steady_state.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "analysis/goodput.hpp"
#include "stats/distribution.hpp"

namespace sonde::analysis {
namespace {

struct Window {
  double start_ms = 0;
  double end_ms = 0;
};

// Closed loop: from the first instant the in-flight count reaches kPlateauShare of the level to
// the last instant it falls below it for good (the drain). The momentary dips between one
// request's end and the next one's start stay inside the window.
std::optional<Window> closed_window(const std::vector<RequestRecord>& records, int concurrency) {
  std::vector<std::pair<double, int>> events;  // (instant, +1 start / -1 end)
  for (const auto& r : records) {
    if (r.end_ms <= r.start_ms) continue;  // never in flight (not sent)
    events.emplace_back(r.start_ms, +1);
    events.emplace_back(r.end_ms, -1);
  }
  const int level = std::min<int>(concurrency, static_cast<int>(events.size() / 2));
  if (level < 1) return std::nullopt;
  const int threshold = static_cast<int>(std::ceil(kPlateauShare * level - 1e-9));
  std::sort(events.begin(), events.end());  // at equal instants an end (-1) comes first
  int in_flight = 0;
  std::optional<double> reached;
  double last_drop = 0;
  for (const auto& [at, delta] : events) {
    const bool was_up = in_flight >= threshold;
    in_flight += delta;
    if (!reached && in_flight >= threshold) reached = at;
    if (was_up && in_flight < threshold) last_drop = at;
  }
  if (!reached || last_drop <= *reached) return std::nullopt;
  return Window{*reached, last_drop};
}

// Open loop: arrivals have settled once the ramp (if any) is over and one median end-to-end
// latency has passed, the time the in-flight count takes to fill to rate x latency (Little's
// law); the window ends at the last arrival, where the drain begins.
std::optional<Window> rate_window(const std::vector<RequestRecord>& records,
                                  const ScenarioSpec& spec) {
  if (records.empty()) return std::nullopt;
  double first = records.front().intended_start_ms;
  double last = first;
  std::vector<double> e2el;
  for (const auto& r : records) {
    first = std::min(first, r.intended_start_ms);
    last = std::max(last, r.intended_start_ms);
    if (r.ok && r.e2el_ms) e2el.push_back(*r.e2el_ms);
  }
  if (e2el.empty()) return std::nullopt;
  std::sort(e2el.begin(), e2el.end());
  const double ramp_ms = spec.ramp ? spec.ramp->duration_s * 1000 : 0;
  const double start = first + ramp_ms + percentile_sorted(e2el, 50);
  if (last <= start) return std::nullopt;
  return Window{start, last};
}

}  // namespace

std::optional<SteadyState> steady_state(const std::vector<RequestRecord>& records,
                                        const ScenarioSpec& spec, const GoodputSlos& slos) {
  std::optional<Window> w;
  if (spec.load == LoadShape::closed) w = closed_window(records, spec.concurrency);
  if (spec.load == LoadShape::rate) w = rate_window(records, spec);
  if (!w) return std::nullopt;
  SteadyState s;
  s.start_ms = w->start_ms;
  s.end_ms = w->end_ms;
  const double seconds = (w->end_ms - w->start_ms) / 1000;
  int good = 0;
  int64_t output_tokens = 0;
  int64_t all_tokens = 0;
  int finished = 0;
  for (const auto& r : records) {
    if (r.intended_start_ms >= w->start_ms && r.intended_start_ms <= w->end_ms) {
      ++s.requests;
      good += is_good_request(r, slos);
    }
    if (r.ok && r.end_ms > w->start_ms && r.end_ms <= w->end_ms) {
      ++finished;
      output_tokens += r.output_tokens;
      all_tokens += r.input_tokens + r.output_tokens;
    }
  }
  s.request_throughput = finished / seconds;
  s.output_throughput = static_cast<double>(output_tokens) / seconds;
  s.total_token_throughput = static_cast<double>(all_tokens) / seconds;
  if (slos.any() && s.requests > 0) s.attainment_pct = 100.0 * good / s.requests;
  return s;
}

}  // namespace sonde::analysis
