// The traffic-sources section: what it says for a Mooncake replay and a shared-prefix scenario
// with and without per-request cached_tokens, and the charts report.html adds.
#include "report/traffic_section.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/html.hpp"
#include "report/markdown.hpp"
#include "results/json.hpp"

namespace sonde {
namespace {

RunResult fixture() {
  return read_run_json(std::string(SONDE_FIXTURES) + "/report/seed_sim.run.json");
}

// Twelve trace requests, one every 100 ms: the first four find nothing cached and take 200 ms
// to their first token, the other eight 512 cached tokens and 50 ms.
std::vector<RequestRecord> trace_records(const std::string& name, bool cached) {
  std::vector<RequestRecord> out;
  for (int i = 0; i < 12; ++i) {
    RequestRecord r;
    r.scenario = name;
    r.index = i;
    r.ok = true;
    r.intended_start_ms = 1000 + 100.0 * i;
    r.start_ms = r.intended_start_ms + 1;
    const bool hit = i >= 4;
    r.ttft_ms = hit ? 50 : 200;
    r.end_ms = r.start_ms + 400;
    r.e2el_ms = 400;
    r.input_tokens_target = 1000;
    r.input_tokens = 1000;
    r.output_tokens_target = 20;
    r.output_tokens = 20;
    if (cached) r.cached_tokens = hit ? 512 : 0;
    out.push_back(r);
  }
  return out;
}

RunResult with_trace(const std::string& name) {
  RunResult run = fixture();
  ScenarioResult sc = run.scenarios.back();
  sc.spec.name = name;
  TraceSource trace;
  trace.path = "data/mooncake.jsonl";
  sc.spec.source = trace;
  SourceRecord s;
  s.kind = "mooncake";
  s.path = "data/mooncake.jsonl";
  s.rows_used = 12;
  s.rows_skipped = 1;
  s.expected_prefix_hit_rate = 4096.0 / 12000.0;
  s.cacheable_tokens = 4096;
  s.prompt_tokens = 12000;
  sc.source = s;
  ServerMetricsDelta d;
  d.prefix_cache_hits = 4096;
  d.prefix_cache_queries = 12000;
  d.prefix_cache_hit_rate = 4096.0 / 12000.0;
  sc.server_metrics = d;
  sc.summary.client_queue_ms = summarize(std::vector<double>(12, 1.0));
  run.scenarios.push_back(sc);
  return run;
}

std::string markdown(const RunResult& run, Lang lang, const std::vector<RequestRecord>* records) {
  std::ostringstream out;
  write_markdown_report(run, lang, out, {}, records);
  return out.str();
}

// From the section's heading to the next section's.
std::string section_of(const std::string& md, const std::string& heading) {
  const auto at = md.find(heading);
  if (at == std::string::npos) return {};
  return md.substr(at, md.find("\n## ", at + 1) - at);
}

TEST(TrafficSection, OnlyWhenAScenarioReadASource) {
  EXPECT_FALSE(report::traffic_section(fixture(), nullptr, Lang::en, false));
  EXPECT_EQ(markdown(fixture(), Lang::en, nullptr).find("Traffic sources"), std::string::npos);
}

TEST(TrafficSection, ThreeViewsOfTheCacheLagAndWhatSharingBought) {
  const RunResult run = with_trace("replay");
  const auto records = trace_records("replay", true);
  const std::string md = markdown(run, Lang::en, &records);
  const std::string section = section_of(md, "## Traffic sources");
  ASSERT_FALSE(section.empty()) << md;
  EXPECT_NE(section.find("### `replay` (mooncake)"), std::string::npos) << section;
  EXPECT_NE(section.find("12 rows used, 1 skipped"), std::string::npos) << section;
  EXPECT_NE(section.find("expected 34.1%; vLLM's counters 34.1% (4,096 of 12,000 tokens); "
                         "per-request `cached_tokens` 34.1% (4,096 tokens over 12 requests)"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("add up to vLLM's prefix-cache hits exactly (4,096 tokens)"),
            std::string::npos);
  EXPECT_NE(section.find("p50 1.00 ms, p99 1.00 ms, max 1.00 ms over 12 requests"), std::string::npos)
      << section;
  EXPECT_NE(section.find("the 8 requests served prefix-cache hits (median 512 cached tokens"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("TTFT p50 of 50.0 ms, against 200.0 ms for the 4 without hits"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("75.0% faster"), std::string::npos) << section;
  // The conclusions say it too, with the counts.
  const std::string concl = md.substr(md.find("## 5."));
  EXPECT_NE(concl.find("In `replay`, requests served prefix-cache hits reached their first token "
                       "75.0% faster (TTFT p50 50.0 ms over 8 requests against 200.0 ms over 4"),
            std::string::npos)
      << concl;
  // Korean has the same numbers.
  const std::string ko = markdown(run, Lang::ko, &records);
  EXPECT_NE(ko.find("## 트래픽 소스"), std::string::npos);
  EXPECT_NE(ko.find("75.0% 빠름"), std::string::npos);
}

TEST(TrafficSection, NothingClaimedWithoutCachedTokensOrRecords) {
  const RunResult run = with_trace("replay");
  const auto records = trace_records("replay", false);
  const std::string md = section_of(markdown(run, Lang::en, &records), "## Traffic sources");
  EXPECT_NE(md.find("start vLLM with `--enable-prompt-tokens-details`"), std::string::npos) << md;
  EXPECT_NE(md.find("What the sharing bought is not claimed"), std::string::npos);
  EXPECT_EQ(md.find("faster"), std::string::npos);
  EXPECT_TRUE(report::traffic_conclusions(run, &records, Lang::en).empty());
  // Without requests.jsonl: what run.json knows, and a word on what is missing.
  const std::string bare = section_of(markdown(run, Lang::en, nullptr), "## Traffic sources");
  EXPECT_NE(bare.find("vLLM's counters 34.1%"), std::string::npos);
  EXPECT_NE(bare.find("need the run's requests.jsonl"), std::string::npos);
  EXPECT_EQ(bare.find("sharing bought"), std::string::npos);
}

TEST(TrafficSection, TooFewRequestsOnOneSideIsSaid) {
  const RunResult run = with_trace("replay");
  auto records = trace_records("replay", true);
  records.resize(6);  // 4 without hits, 2 with
  const std::string md = section_of(markdown(run, Lang::en, &records), "## Traffic sources");
  EXPECT_NE(md.find("Too few requests to say what the sharing bought: 2 with prefix-cache hits "
                    "and 4 without (at least 3 each"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("faster"), std::string::npos);
}

// Older vLLM leaves prompt_tokens_details out when nothing was cached: such requests are in
// neither group, and the report says how many.
TEST(TrafficSection, RequestsWithoutCachedTokensAreCountedApart) {
  const RunResult run = with_trace("replay");
  auto records = trace_records("replay", true);
  for (int i = 0; i < 2; ++i) records[static_cast<std::size_t>(i)].cached_tokens.reset();
  const std::string md = section_of(markdown(run, Lang::en, &records), "## Traffic sources");
  // 2 of the 4 without hits are left: too few to compare.
  EXPECT_NE(md.find("8 with prefix-cache hits and 2 without"), std::string::npos) << md;
  EXPECT_EQ(md.find("faster"), std::string::npos);
  EXPECT_NE(md.find("2 successful requests carried no `cached_tokens`"), std::string::npos) << md;
}

TEST(TrafficSection, HtmlDrawsHistogramsTimelineAndTheHitSplit) {
  const RunResult run = with_trace("replay");
  const auto records = trace_records("replay", true);
  std::ostringstream out;
  write_html_report(run, &records, Lang::en, out);
  const std::string html = out.str();
  const auto at = html.find("id=\"sources\"");
  ASSERT_NE(at, std::string::npos);
  const std::string section = html.substr(at);
  for (const char* title :
       {"Input length", "Output length", "Arrivals and completions", "Output throughput",
        "Latency over time (p50)", "TTFT with and without prefix-cache hits"}) {
    EXPECT_NE(section.find(title), std::string::npos) << title;
  }
  EXPECT_NE(section.find("1,000"), std::string::npos);  // the histogram's bin of 1,000 tokens
  // The Markdown report has the text but no charts.
  EXPECT_EQ(markdown(run, Lang::en, &records).find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace sonde
