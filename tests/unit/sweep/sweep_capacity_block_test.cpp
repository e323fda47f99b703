// The sweep file's `capacity:` block: what it sets, capacity alone or beside a suite, GPUs per
// point, and every bad value refused with the file, line and key.
#include <gtest/gtest.h>

#include "runner/capacity_run.hpp"
#include "support/test_files.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep/validate.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::string error_of(const std::string& text) {
  try {
    load_sweep_file(test::write_scratch("bad-capacity.yaml", text));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepCapacityBlock, TheExampleMeasuresCapacityAlone) {
  const auto spec =
      load_sweep_file(std::string(SONDE_SOURCE_DIR) + "/examples/sweep-capacity-sim.yaml");
  ASSERT_TRUE(spec.capacity);
  EXPECT_EQ(spec.capacity->input_len, 1024);
  EXPECT_EQ(spec.capacity->output_len, 128);
  EXPECT_DOUBLE_EQ(spec.capacity->attainment_pct, 90);
  EXPECT_DOUBLE_EQ(spec.capacity->start_load, 2);
  EXPECT_DOUBLE_EQ(spec.capacity->max_load, 128);
  EXPECT_DOUBLE_EQ(spec.capacity->probe_s, 15);
  EXPECT_FALSE(spec.capacity->concurrency);
  EXPECT_EQ(*spec.run.goodput.ttft_ms, 500);  // the block's SLOs are the sweep's goodput
  EXPECT_EQ(*spec.run.goodput.tpot_ms, 25);
  EXPECT_TRUE(spec.scenarios.empty());  // no suite: key, no suite
  const auto points = expand_points(spec);
  EXPECT_EQ(gpus_used(spec, points[0]), 1);
  EXPECT_EQ(gpus_used(spec, points[2]), 2);  // tensor-parallel-size 2
}

TEST(SweepCapacityBlock, WithASuiteBothRun) {
  const auto spec = load_sweep_file(test::write_scratch(
      "both.yaml",
      "axes: {tensor-parallel-size: [1], pipeline-parallel-size: [2]}\n"
      "suite: seed\n"
      "capacity: {input_len: 8, output_len: 4, load: concurrency, max_rate: 64}\n"));
  ASSERT_TRUE(spec.capacity);
  EXPECT_TRUE(spec.capacity->concurrency);
  EXPECT_TRUE(capacity_plan(*spec.capacity).search.integer);
  EXPECT_FALSE(spec.scenarios.empty());
  EXPECT_EQ(gpus_used(spec, expand_points(spec)[0]), 2);  // 1 x 2
}

TEST(SweepCapacityBlock, BadValuesNameTheKey) {
  const std::string axes = "axes: {max-num-seqs: [8]}\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"capacity: {output_len: 4}\n", "input_len and output_len: required"},
      {"capacity: {input_len: 8, output_len: 4, attainment: 0}\n", "capacity.attainment"},
      {"capacity: {input_len: 8, output_len: 4, attainment: 101}\n", "(0, 100]"},
      {"capacity: {input_len: 8, output_len: 4, load: burst}\n", "capacity.load: use rate"},
      {"capacity: {input_len: 8, output_len: 4, goodput: \"ttft:abc\"}\n", "capacity.goodput"},
      {"capacity: {input_len: 8, output_len: 4, start_rate: 8, max_rate: 4}\n",
       "0 < start_rate <= max_rate"},
      {"capacity: {input_len: 8, output_len: 4, load: concurrency, start_rate: 1.5}\n",
       "whole numbers"},
      {"capacity: {input_len: 8, output_len: 4, probe_s: 0}\n", "capacity.probe_s"},
      {"capacity: {input_len: 8, output_len: 4, rate: 3}\n", "unknown key; allowed: input_len"},
      {"capacity: [1]\n", "expected a mapping"},
      {"capacity: {input_len: 8, output_len: 4, goodput: \"ttft:500\"}\n"
       "run: {goodput: \"ttft:400\"}\n",
       "capacity.goodput and run.goodput differ"},
  };
  for (const auto& [text, needle] : cases) {
    const std::string err = error_of(axes + text);
    EXPECT_NE(err.find(needle), std::string::npos) << text << " -> " << err;
    EXPECT_NE(err.find("bad-capacity.yaml"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace sonde
