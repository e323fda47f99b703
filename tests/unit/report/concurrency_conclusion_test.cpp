// The conclusions' concurrency sentence compares one request shape: synthetic prompts of the same
// lengths. A dataset scenario at another concurrency, or other lengths, must not take part.
#include <gtest/gtest.h>

#include <sstream>

#include "../results/synth_run.hpp"
#include "report/markdown.hpp"

namespace sonde {
namespace {

std::string render_en(const RunResult& run) {
  std::ostringstream out;
  write_markdown_report(run, Lang::en, out);
  return out.str();
}

ScenarioResult scenario_at(ScenarioSpec spec, int requests) {
  std::vector<RequestRecord> records;
  for (int i = 0; i < requests; ++i) {
    RequestRecord r;
    r.scenario = spec.name;
    r.index = i;
    r.ok = true;
    r.input_tokens = spec.input_len;
    r.output_tokens = spec.output_len;
    r.ttft_ms = 50, r.tpot_ms = 9, r.e2el_ms = 50 + 9 * double(spec.output_len);
    r.start_ms = 100.0 * i, r.end_ms = r.start_ms + *r.e2el_ms;
    records.push_back(r);
  }
  return testing::synth_scenario(spec, records);
}

TEST(ConcurrencyConclusion, ComparesOneShapeOnly) {
  RunResult run = testing::synth_seed_run();
  // A ShareGPT scenario at concurrency 16 and synthetic prompts of other lengths at 32.
  ScenarioSpec dataset = testing::spec("sharegpt", 0, 0, LoadShape::closed, 16, 32);
  dataset.source = DatasetSource{};
  run.scenarios.push_back(scenario_at(dataset, 32));
  run.scenarios.push_back(
      scenario_at(testing::spec("short_c32", 500, 100, LoadShape::burst, 32, 32), 32));
  const std::string en = render_en(run);
  // The seed's concurrency scenarios (3,000 in / 300 out at 1, 2, 4, 8) are the widest group.
  EXPECT_NE(en.find("- From concurrency 1 to 8, output throughput"), std::string::npos) << en;
  EXPECT_EQ(en.find("From concurrency 1 to 16"), std::string::npos);
  EXPECT_EQ(en.find("From concurrency 1 to 32"), std::string::npos);
}

}  // namespace
}  // namespace sonde
