// summary.csv: golden file, BOM, RFC 4180 quoting, stable columns.
//   SONDE_UPDATE_GOLDEN=1 ./test_report --gtest_filter='SummaryCsv.*'  rewrites the golden.
#include <gtest/gtest.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "report/csv.hpp"
#include "results/atomic_file.hpp"
#include "results/json.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(SONDE_FIXTURES) / "report";

std::string csv_of(const RunResult& run) {
  std::ostringstream out;
  write_summary_csv(run, out);
  return out.str();
}

TEST(SummaryCsv, MatchesGoldenFile) {
  const fs::path golden = kDir / "mixed_real.summary.csv";
  const std::string actual = csv_of(read_run_json(kDir / "mixed_real.run.json"));
  const char* update = std::getenv("SONDE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") write_file_atomic(golden, actual);
  std::ifstream in(golden, std::ios::binary);
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "differs from " << golden;
}

TEST(SummaryCsv, BomHeaderAndOneRowPerScenario) {
  const RunResult run = read_run_json(kDir / "seed_sim.run.json");
  const std::string csv = csv_of(run);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const auto first_eol = csv.find("\r\n");
  const std::string header = csv.substr(3, first_eol - 3);
  EXPECT_EQ(header.rfind("run_id,scenario,load,concurrency,", 0), 0u);
  for (const char* col : {",ttft_p50_ms,", ",tpot_mean_ms,", ",e2el_p99_ms,",
                          ",output_throughput_tok_s,", ",request_throughput_rps,"}) {
    EXPECT_NE(header.find(col), std::string::npos) << col;
  }
  std::size_t lines = 0;
  for (auto p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++lines;
  EXPECT_EQ(lines, run.scenarios.size() + 1);
  EXPECT_NE(csv.find("\r\n20250601-093000-a1b2,short_1k,closed,1,"), std::string::npos);
  // Every row has as many fields as the header (no field here needs quotes).
  const std::size_t columns = summary_csv_columns().size();
  std::istringstream rows(csv.substr(3));
  for (std::string row; std::getline(rows, row);) {
    EXPECT_EQ(std::count(row.begin(), row.end(), ',') + 1, long(columns)) << row;
  }
}

TEST(SummaryCsv, QuotesPerRfc4180) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("짧은_1k"), "짧은_1k");
  RunResult run = read_run_json(kDir / "mixed_real.run.json");
  run.scenarios[0].spec.name = "a,\"b\"";
  EXPECT_NE(csv_of(run).find(",\"a,\"\"b\"\"\",closed,"), std::string::npos);
}

TEST(SummaryCsv, NotMeasuredIsAnEmptyCell) {
  RunResult run = read_run_json(kDir / "seed_sim.run.json");
  run.scenarios.resize(1);
  run.scenarios[0].summary.ttft_ms = Distribution{};  // count 0, NaN everywhere
  const std::string csv = csv_of(run);
  EXPECT_EQ(csv.find("nan"), std::string::npos);
  EXPECT_NE(csv.find(",,"), std::string::npos);
}

TEST(SummaryCsv, ColumnNamesAreUniqueAndCarryUnits) {
  const auto cols = summary_csv_columns();
  std::set<std::string> seen(cols.begin(), cols.end());
  EXPECT_EQ(seen.size(), cols.size());
  for (const std::string& c : cols) {
    if (c.find("ttft") == 0 || c.find("e2el") == 0 || c.find("tpot") == 0) {
      EXPECT_EQ(c.substr(c.size() - 3), "_ms") << c;
    }
  }
}

}  // namespace
}  // namespace sonde
