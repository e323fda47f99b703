#include "metrics/spec_decode.hpp"

#include <string>
#include <string_view>

#include "metrics/series.hpp"

namespace sonde {
namespace {

using metrics_detail::CounterDelta;
using metrics_detail::SeriesFilter;

// prometheus_client exports a counter named X as X_total; accept the bare name too.
CounterDelta delta_of(const MetricsPage& before, const MetricsPage& after, std::string_view base,
                      const SeriesFilter& f, std::string_view group = {}) {
  const std::string total = std::string(base) + "_total";
  const std::string name = after.has(total) || before.has(total) ? total : std::string(base);
  return metrics_detail::counter_delta(before, after, name, f, group);
}

int64_t count(const CounterDelta& d) { return metrics_detail::to_count(d.total).value_or(0); }

}  // namespace

std::optional<SpecDecodeRecord> diff_spec_decode(const MetricsPage& before, const MetricsPage& after,
                                                 const std::optional<std::string>& model_name) {
  const SeriesFilter f{model_name};
  const CounterDelta drafts = delta_of(before, after, "vllm:spec_decode_num_drafts", f);
  if (!drafts.present) return std::nullopt;
  const CounterDelta drafted = delta_of(before, after, "vllm:spec_decode_num_draft_tokens", f);
  const CounterDelta accepted = delta_of(before, after, "vllm:spec_decode_num_accepted_tokens", f);
  const CounterDelta per_pos =
      delta_of(before, after, "vllm:spec_decode_num_accepted_tokens_per_pos", f, "position");
  SpecDecodeRecord r;
  r.drafts = count(drafts);
  r.draft_tokens = count(drafted);
  r.accepted_tokens = count(accepted);
  r.reset_detected = drafts.reset || drafted.reset || accepted.reset || per_pos.reset;
  if (r.draft_tokens > 0) {
    r.acceptance_rate = static_cast<double>(r.accepted_tokens) / static_cast<double>(r.draft_tokens);
  }
  if (r.drafts > 0) {
    // As vLLM's logger: the bonus token every verification step yields is included.
    r.mean_acceptance_length =
        1 + static_cast<double>(r.accepted_tokens) / static_cast<double>(r.drafts);
    // Positions are "0", "1", ...; one that does not read as a small number is ignored.
    for (const auto& [position, n] : per_pos.by_group) {
      std::size_t k = 0;
      try {
        k = std::stoul(position);
      } catch (const std::exception&) {
        continue;
      }
      if (k >= 64) continue;
      if (r.acceptance_rate_per_pos.size() <= k) r.acceptance_rate_per_pos.resize(k + 1, 0.0);
      r.acceptance_rate_per_pos[k] = n / static_cast<double>(r.drafts);
    }
  }
  return r;
}

}  // namespace sonde
