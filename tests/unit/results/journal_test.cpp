#include "results/journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "results/json.hpp"
#include "synth_run.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using test::fresh_dir;

std::vector<RequestRecord> three_records() {
  std::vector<RequestRecord> recs;
  auto ok = testing::synth_records(testing::spec("a", 100, 4, LoadShape::burst, 2, 2), 0, 2);
  recs.insert(recs.end(), ok.begin(), ok.end());
  recs.push_back(testing::synth_failed(testing::spec("a", 100, 4, LoadShape::closed, 1, 1), 2, 50,
                                       "stream_truncated"));
  return recs;
}

TEST(Journal, AppendsOneLinePerRecordAndReadsThemBack) {
  const fs::path p = fresh_dir("journal_rw") / "requests.jsonl";
  const auto recs = three_records();
  {
    JournalWriter w(p);
    for (const auto& r : recs) w.append(r);
  }
  std::ifstream in(p);
  int lines = 0;
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_EQ(3, lines);
  const JournalContents back = read_journal(p);
  EXPECT_EQ(0u, back.torn_lines_skipped);
  ASSERT_EQ(3u, back.records.size());
  for (std::size_t i = 0; i < recs.size(); ++i) {
    EXPECT_EQ(nlohmann::json(recs[i]), nlohmann::json(back.records[i])) << i;
  }
}

TEST(Journal, LinesAreOnDiskBeforeTheWriterCloses) {
  // A crash right after append() must not lose the record: nothing is buffered in-process.
  const fs::path p = fresh_dir("journal_flush") / "requests.jsonl";
  JournalWriter w(p);
  w.append(three_records()[0]);
  EXPECT_EQ(1u, read_journal(p).records.size());
}

TEST(Journal, ReopeningAppendsInsteadOfTruncating) {
  const fs::path p = fresh_dir("journal_reopen") / "requests.jsonl";
  const auto recs = three_records();
  JournalWriter(p).append(recs[0]);
  JournalWriter(p).append(recs[1]);
  EXPECT_EQ(2u, read_journal(p).records.size());
}

TEST(Journal, TornLastLineIsSkippedAndCounted) {
  const fs::path fixture = fs::path(SONDE_FIXTURES) / "results" / "requests_torn.jsonl";
  const JournalContents c = read_journal(fixture);
  EXPECT_EQ(2u, c.records.size());
  EXPECT_EQ(1u, c.torn_lines_skipped);
  EXPECT_EQ("short_1k", c.records[1].scenario);
  EXPECT_EQ(1, c.records[1].index);
}

TEST(Journal, UnopenablePathsAreReportedByName) {
  try {
    JournalWriter w("/nonexistent-dir-for-sonde/requests.jsonl");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("/nonexistent-dir-for-sonde"));
  }
  EXPECT_THROW(read_journal("/nonexistent-dir-for-sonde/requests.jsonl"), UsageError);
}

}  // namespace
}  // namespace sonde
