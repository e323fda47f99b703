// The report golden tests (tests/unit/report) read run.json fixtures written from the synthetic
// runs in synth_run.hpp. This test keeps them in step: it fails when the fixtures differ from
// what the current code writes. To regenerate them (then review the report goldens too):
//   SONDE_UPDATE_GOLDEN=1 ./test_results --gtest_filter='ReportFixtures.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "synth_run.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;

void check_fixture(const std::string& name, const RunResult& run) {
  const fs::path p = fs::path(SONDE_FIXTURES) / "report" / name;
  const std::string expected = run_json_text(run);
  const char* update = std::getenv("SONDE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::create_directories(p.parent_path());
    write_file_atomic(p, expected);
  }
  std::ifstream in(p);
  std::stringstream actual;
  actual << in.rdbuf();
  EXPECT_EQ(expected, actual.str()) << p << " is stale; see the comment atop fixtures_test.cpp";
}

TEST(ReportFixtures, SeedSimulatedRunIsCurrent) {
  check_fixture("seed_sim.run.json", testing::synth_seed_run());
}

TEST(ReportFixtures, MixedRealRunIsCurrent) {
  check_fixture("mixed_real.run.json", testing::synth_mixed_run());
}

}  // namespace
}  // namespace sonde
