// Golden tests of report.md. Fixtures: tests/fixtures/report/<name>.run.json (written from the
// synthetic runs in tests/unit/results/synth_run.hpp); goldens: <name>.report_<lang>.md beside
// them. After an intended change to the report, regenerate and review the goldens by eye —
// they are what the user hands in:
//   SONDE_UPDATE_GOLDEN=1 ./test_report --gtest_filter='*Golden*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/markdown.hpp"
#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using test::slurp;

const fs::path kDir = fs::path(SONDE_FIXTURES) / "report";

std::string render(const std::string& fixture, Lang lang) {
  const RunResult run = read_run_json(kDir / (fixture + ".run.json"));
  std::ostringstream out;
  write_markdown_report(run, lang, out);
  return out.str();
}

struct GoldenCase {
  std::string fixture;
  Lang lang;
};

class GoldenReport : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenReport, MatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  const fs::path golden = kDir / (c.fixture + ".report_" + to_string(c.lang) + ".md");
  const std::string actual = render(c.fixture, c.lang);
  const char* update = std::getenv("SONDE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") write_file_atomic(golden, actual);
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with SONDE_UPDATE_GOLDEN=1";
  EXPECT_EQ(slurp(golden), actual) << "report differs from " << golden;
}

INSTANTIATE_TEST_SUITE_P(
    Reports, GoldenReport,
    ::testing::Values(GoldenCase{"seed_sim", Lang::ko}, GoldenCase{"seed_sim", Lang::en},
                      GoldenCase{"mixed_real", Lang::ko}, GoldenCase{"mixed_real", Lang::en}),
    [](const auto& info) { return info.param.fixture + "_" + to_string(info.param.lang); });

}  // namespace
}  // namespace sonde
