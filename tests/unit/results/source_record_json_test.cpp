// run.json's scenario "source" and requests.jsonl's "row" read back as written, and a rebuilt
// scenario names the same dataset or trace.
#include <gtest/gtest.h>

#include "results/json.hpp"

namespace sonde {
namespace {

using nlohmann::json;

ScenarioResult dataset_scenario() {
  ScenarioResult s;
  s.spec.name = "sharegpt";
  s.spec.requests = 19;
  s.calibration.method = "tokenize";
  SourceRecord r;
  r.kind = "sharegpt";
  r.path = "data/sharegpt-small.json";
  r.sha256 = std::string(64, 'a');
  r.rows_used = 19;
  r.rows_skipped = 2;
  r.skipped = {{"no_answer", 1}, {"too_long", 1}};
  r.sample = 19;
  r.seed = 7;
  r.max_input_len = 4000;
  r.input_tokens_target = {19, 27, 873};
  r.input_tokens_prepared = {19, 27, 873};
  r.output_tokens_target = {2, 18, 33};
  s.source = r;
  return s;
}

TEST(SourceRecordJson, RoundTripsAndRebuildsTheSpecSource) {
  const ScenarioResult s = dataset_scenario();
  const json j = s;
  EXPECT_EQ(j.at("source").at("rows_skipped"), 2);
  EXPECT_EQ(j.at("source").at("skipped").at("too_long"), 1);
  EXPECT_TRUE(j.at("source").at("output_len").is_null());
  const auto back = j.get<ScenarioResult>();
  ASSERT_TRUE(back.source.has_value());
  EXPECT_EQ(json(back).dump(), j.dump());
  const auto* d = std::get_if<DatasetSource>(&back.spec.source);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, DatasetKind::sharegpt);
  EXPECT_EQ(d->path, "data/sharegpt-small.json");
  EXPECT_EQ(d->sample, 19u);
  EXPECT_EQ(d->seed, 7u);
  EXPECT_FALSE(d->output_len.has_value());
}

TEST(SourceRecordJson, TraceRecordRebuildsATraceSource) {
  SourceRecord r;
  r.kind = "mooncake";
  r.path = "t.jsonl";
  r.speedup = 2;
  r.max_requests = 10;
  r.block_tokens = 16;
  const auto t = scenario_source(json(r).get<SourceRecord>());
  const auto* trace = std::get_if<TraceSource>(&t);
  ASSERT_NE(trace, nullptr);
  EXPECT_EQ(trace->speedup, 2);
  EXPECT_EQ(trace->max_requests, 10u);
  EXPECT_EQ(trace->block_tokens, 16);
}

TEST(SourceRecordJson, GeneratedScenariosHaveNoSourceKey) {
  ScenarioResult s = dataset_scenario();
  s.source.reset();
  EXPECT_FALSE(json(s).contains("source"));
  EXPECT_FALSE(json(s).get<ScenarioResult>().source.has_value());
}

TEST(RecordJson, RowIsWrittenOnlyWhenKnownAndReadBack) {
  RequestRecord r;
  r.scenario = "s";
  EXPECT_FALSE(json(r).contains("row"));
  r.row = 12;
  const json j = r;
  EXPECT_EQ(j.at("row"), 12);
  EXPECT_EQ(j.get<RequestRecord>().row, 12);
}

TEST(LengthRange, MinLowerMedianMax) {
  const LengthRange r = length_range({30, 10, 20, 40});
  EXPECT_EQ(r.min, 10);
  EXPECT_EQ(r.p50, 20);
  EXPECT_EQ(r.max, 40);
  EXPECT_EQ(length_range({}).max, 0);
}

}  // namespace
}  // namespace sonde
