// A suite file's `capacity:` block (the same reader as a sweep file's): what it sets, and bad
// values refused with the file, line and key.
#include "config/capacity_block.hpp"

#include <gtest/gtest.h>

#include "config/suite.hpp"
#include "support/test_files.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

const std::string kScenarios = "scenarios:\n  - {name: a, input_len: 8, output_len: 4}\n";

TEST(CapacityBlock, ASuiteFileCarriesOne) {
  const SuiteFile s = load_suite(test::write_scratch(
      "cap-suite.yaml", kScenarios +
                            "capacity: {input_len: 1024, output_len: 128, goodput: \"ttft:500\", "
                            "attainment: 95, load: concurrency, start_rate: 2, max_rate: 64}\n"));
  ASSERT_TRUE(s.capacity);
  EXPECT_EQ(s.capacity->input_len, 1024);
  EXPECT_EQ(s.capacity->output_len, 128);
  EXPECT_EQ(*s.capacity->goodput.ttft_ms, 500);
  EXPECT_DOUBLE_EQ(s.capacity->attainment_pct, 95);
  EXPECT_TRUE(s.capacity->concurrency);
  EXPECT_DOUBLE_EQ(s.capacity->start_load, 2);
  EXPECT_DOUBLE_EQ(s.capacity->max_load, 64);
  EXPECT_DOUBLE_EQ(s.capacity->probe_s, 60);  // the default
  EXPECT_FALSE(load_suite(test::write_scratch("no-cap.yaml", kScenarios)).capacity);
}

TEST(CapacityBlock, BadValuesNameTheKeyAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"capacity: {input_len: 0, output_len: 4}\n", ":3: capacity.input_len: expected a token"},
      {"capacity: {input_len: 8}\n", "input_len and output_len: required"},
      {"capacity: {input_len: 8, output_len: 4, attainment: abc}\n", "capacity.attainment"},
      {"capacity: {input_len: 8, output_len: 4, max_rate: [1]}\n", "expected a single value"},
      {"capacity: 3\n", "capacity: expected a mapping"},
  };
  for (const auto& [text, needle] : cases) {
    std::string err;
    try {
      load_suite(test::write_scratch("bad-cap.yaml", kScenarios + text));
    } catch (const UsageError& e) {
      err = e.what();
    }
    EXPECT_NE(err.find(needle), std::string::npos) << text << " -> " << err;
    EXPECT_NE(err.find("bad-cap.yaml"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace sonde
