#pragma once
// Progress on stderr: a live line when stderr is a terminal, one plain line per finished
// scenario otherwise. A consumer of records only; it never changes what is measured.
#include <cstddef>
#include <string>
#include <vector>

#include "results/record.hpp"
#include "stats/scenario_summary.hpp"
#include "util/clock.hpp"

namespace sonde {

class Progress {
 public:
  Progress();
  void begin_scenario(std::size_t index, std::size_t count, const std::string& name, int requests);
  void on_record(const RequestRecord& record);
  void end_scenario(const ScenarioSummary& summary);
  void note(const std::string& line);  // a full line (warnings, phases)

 private:
  void redraw();
  bool live_;
  std::size_t index_ = 0, count_ = 0;
  std::string name_;
  int total_ = 0, done_ = 0, failed_ = 0;
  int64_t output_tokens_ = 0;
  double first_start_ms_ = 0, last_end_ms_ = 0;  // span of finished records (scaled time)
  std::vector<double> ttfts_;
  Clock::time_point started_;
  Clock::time_point last_draw_;
};

}  // namespace sonde
