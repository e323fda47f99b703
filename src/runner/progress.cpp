#include "runner/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "stats/distribution.hpp"
#include "util/redact.hpp"

namespace sonde {

Progress::Progress() : live_(isatty(STDERR_FILENO) == 1) {}

void Progress::begin_scenario(std::size_t index, std::size_t count, const std::string& name,
                              int requests) {
  index_ = index;
  count_ = count;
  name_ = name;
  total_ = requests;
  done_ = failed_ = 0;
  output_tokens_ = 0;
  first_start_ms_ = last_end_ms_ = 0;
  ttfts_.clear();
  started_ = Clock::now();
  if (live_) redraw();
}

void Progress::on_record(const RequestRecord& r) {
  ++done_;
  if (!r.ok) ++failed_;
  if (r.ok) output_tokens_ += r.output_tokens;
  first_start_ms_ = done_ == 1 ? r.start_ms : std::min(first_start_ms_, r.start_ms);
  last_end_ms_ = std::max(last_end_ms_, r.end_ms);
  if (r.ttft_ms) ttfts_.push_back(*r.ttft_ms);
  if (live_ && ms_between(last_draw_, Clock::now()) > 100) redraw();
}

void Progress::redraw() {
  last_draw_ = Clock::now();
  const double elapsed = ms_between(started_, last_draw_) / 1000;
  std::vector<double> sorted = ttfts_;
  std::sort(sorted.begin(), sorted.end());
  const double p50 = percentile_sorted(sorted, 50);
  std::string line = fmt::format("[{}/{}] {}  {}/{} requests  {:.1f}s", index_ + 1, count_, name_,
                                 done_, total_, elapsed);
  if (!sorted.empty()) line += fmt::format("  TTFT p50 {:.0f} ms", p50);
  if (last_end_ms_ > first_start_ms_) {
    line += fmt::format("  out {:.0f} tok/s",
                        output_tokens_ * 1000.0 / (last_end_ms_ - first_start_ms_));
  }
  if (failed_ > 0) line += fmt::format("  failed {}", failed_);
  fmt::print(stderr, "\r\033[K{}", line);
  std::fflush(stderr);
}

void Progress::end_scenario(const ScenarioSummary& s) {
  std::string line = fmt::format(
      "[{}/{}] {}: {} ok, {} failed, TTFT p50 {:.1f} ms, TPOT mean {:.2f} ms, output {:.1f} tok/s",
      index_ + 1, count_, name_, s.completed, s.failed, s.ttft_ms.p50, s.tpot_ms.mean,
      s.output_throughput);
  fmt::print(stderr, "{}{}\n", live_ ? "\r\033[K" : "", line);
}

void Progress::note(const std::string& line) {
  // Notes quote servers (warm-up errors, warnings): never echo a key or URL password.
  fmt::print(stderr, "{}{}\n", live_ ? "\r\033[K" : "", redact(line));
}

}  // namespace sonde
