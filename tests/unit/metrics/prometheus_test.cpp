#include "metrics/prometheus.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace sonde {
namespace {

// One line (or a few) in, the single sample we expect out.
struct SampleCase {
  const char* what;                // test label
  std::string text;                // page text
  std::string name;                // expected sample name
  MetricLabels labels;             // expected labels, sorted
  double value;                    // expected value (NaN compared with isnan)
  std::optional<std::int64_t> ts;  // expected timestamp
};

class ParseSample : public ::testing::TestWithParam<SampleCase> {};

TEST_P(ParseSample, YieldsExactlyOneSample) {
  const SampleCase& c = GetParam();
  MetricsPage page = parse_prometheus_text(c.text);
  ASSERT_EQ(page.samples.size(), 1u) << c.what;
  EXPECT_EQ(page.skipped_lines, 0u) << c.what;
  const MetricSample& s = page.samples[0];
  EXPECT_EQ(s.name, c.name) << c.what;
  EXPECT_EQ(s.labels, c.labels) << c.what;
  if (std::isnan(c.value))
    EXPECT_TRUE(std::isnan(s.value)) << c.what;
  else
    EXPECT_EQ(s.value, c.value) << c.what;
  EXPECT_EQ(s.timestamp_ms, c.ts) << c.what;
}

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    Table, ParseSample,
    ::testing::Values(
        SampleCase{"bare", "up 1\n", "up", {}, 1, {}},
        SampleCase{"no trailing newline", "up 1", "up", {}, 1, {}},
        SampleCase{"empty label set", "x{} 2.5\n", "x", {}, 2.5, {}},
        SampleCase{"colon name",
                   "vllm:num_requests_running{engine=\"0\"} 3.0\n",
                   "vllm:num_requests_running",
                   {{"engine", "0"}},
                   3,
                   {}},
        SampleCase{"labels sorted", "x{b=\"2\",a=\"1\"} 1\n", "x", {{"a", "1"}, {"b", "2"}}, 1, {}},
        SampleCase{"trailing comma", "x{a=\"1\",} 1\n", "x", {{"a", "1"}}, 1, {}},
        SampleCase{
            "spaces inside braces", "x{ a = \"1\" , b=\"2\" } 1\n", "x", {{"a", "1"}, {"b", "2"}}, 1, {}},
        SampleCase{"escaped backslash", R"(x{p="C:\\dir"} 1)", "x", {{"p", "C:\\dir"}}, 1, {}},
        SampleCase{"escaped quote", R"(x{q="say \"hi\""} 1)", "x", {{"q", "say \"hi\""}}, 1, {}},
        SampleCase{"escaped newline", R"(x{n="a\nb"} 1)", "x", {{"n", "a\nb"}}, 1, {}},
        SampleCase{"unknown escape kept", R"(x{n="a\tb"} 1)", "x", {{"n", "a\\tb"}}, 1, {}},
        SampleCase{"brace and comma in value", R"(x{v="}{,="} 1)", "x", {{"v", "}{,="}}, 1, {}},
        SampleCase{"utf-8 value", "x{m=\"모델\"} 1\n", "x", {{"m", "모델"}}, 1, {}},
        SampleCase{"NaN", "x NaN\n", "x", {}, kNaN, {}},
        SampleCase{"+Inf", "x +Inf\n", "x", {}, kInf, {}},
        SampleCase{"-Inf", "x -Inf\n", "x", {}, -kInf, {}},
        SampleCase{"exponent", "x 1.7296584125123e+09\n", "x", {}, 1.7296584125123e+09, {}},
        SampleCase{"negative", "x -0.5\n", "x", {}, -0.5, {}},
        SampleCase{"huge exponent is inf", "x 1e999\n", "x", {}, kInf, {}},
        SampleCase{"timestamp", "x 1 1700000000000\n", "x", {}, 1, 1700000000000},
        SampleCase{"negative timestamp", "x 1 -5\n", "x", {}, 1, -5},
        SampleCase{"CRLF", "x{a=\"1\"} 7\r\n", "x", {{"a", "1"}}, 7, {}},
        SampleCase{"tabs and leading space", "  \tx\t 4 \t\n", "x", {}, 4, {}},
        SampleCase{"no space after brace", "x{a=\"1\"}5\n", "x", {{"a", "1"}}, 5, {}},
        SampleCase{"exemplar ignored",
                   "x_bucket{le=\"1\"} 3 # {trace_id=\"a\"} 0.5\n",
                   "x_bucket",
                   {{"le", "1"}},
                   3,
                   {}},
        SampleCase{
            "comments and blanks around", "# a comment\n\n#\n   \nx 1\n# EOF\n", "x", {}, 1, {}}));

// Lines that must be skipped and counted, never crash the parser.
class ParseGarbage : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseGarbage, IsSkippedAndCounted) {
  std::string text = std::string("good 1\n") + GetParam() + "\nalso_good 2\n";
  MetricsPage page = parse_prometheus_text(text);
  EXPECT_EQ(page.skipped_lines, 1u) << GetParam();
  EXPECT_EQ(page.first_skipped_line, 2u) << GetParam();
  ASSERT_EQ(page.samples.size(), 2u) << GetParam();
  EXPECT_EQ(page.samples[1].name, "also_good");
}

INSTANTIATE_TEST_SUITE_P(Table, ParseGarbage,
                         ::testing::Values("no_value", "x abc", "x 1 2 3", "x 1 1.5", "1x 1",
                                           "x{a=\"1\" 1", "x{a=1} 1", "x{=\"1\"} 1",
                                           "x{a=\"unterminated} 1", "x{a=\"1\"\"} 1",
                                           "x{a=\"1\",a=\"2\"} 1", "x{a=\"1\"}", "x1.0", "x ++1",
                                           "x +-1", "x 0x", "{a=\"1\"} 1", "x{a=\"\\",
                                           "\x01\x02\xff", "x{,} 1"));

TEST(ParsePrometheus, ExemplarAfterTimestampIsIgnored) {
  // OpenMetrics exemplars (`# {...} v`) may follow the value or the timestamp.
  MetricsPage page = parse_prometheus_text("x 1 # {a=\"b\"} 1\nx 2 5 # {a=\"b\"} 1\n");
  EXPECT_EQ(page.skipped_lines, 0u);
  ASSERT_EQ(page.samples.size(), 2u);
  EXPECT_EQ(page.samples[1].timestamp_ms, 5);
}

TEST(ParsePrometheus, TypeAndHelpAreRecordedPerFamily) {
  MetricsPage page = parse_prometheus_text(
      "# HELP vllm:prompt_tokens_total Number of prefill tokens.\\nSecond line \\\\ done\n"
      "# TYPE vllm:prompt_tokens_total counter\n"
      "vllm:prompt_tokens_total{engine=\"0\"} 10.0\n"
      "# TYPE vllm:prompt_tokens_created gauge\n"
      "vllm:prompt_tokens_created{engine=\"0\"} 1.7e+09\n"
      "# TYPE lat histogram\n"
      "lat_bucket{le=\"0.5\"} 1\nlat_bucket{le=\"+Inf\"} 2\nlat_count 2\nlat_sum 1.5\n"
      "# TYPE s summary\n# TYPE u untyped\n# TYPE w weird_kind\n");
  ASSERT_TRUE(page.families.contains("vllm:prompt_tokens_total"));
  const MetricFamily& f = page.families.at("vllm:prompt_tokens_total");
  EXPECT_EQ(f.type, MetricType::counter);
  EXPECT_EQ(f.help, "Number of prefill tokens.\nSecond line \\ done");
  EXPECT_EQ(page.families.at("vllm:prompt_tokens_created").type, MetricType::gauge);
  EXPECT_EQ(page.families.at("s").type, MetricType::summary);
  EXPECT_EQ(page.families.at("u").type, MetricType::untyped);
  EXPECT_EQ(page.families.at("w").type, MetricType::untyped);
  for (const char* n : {"lat_bucket", "lat_count", "lat_sum"}) {
    const MetricFamily* fam = page.family_of(n);
    ASSERT_NE(fam, nullptr) << n;
    EXPECT_EQ(fam->type, MetricType::histogram) << n;
  }
  EXPECT_EQ(page.family_of("vllm:prompt_tokens_total")->type, MetricType::counter);
  EXPECT_EQ(page.family_of("nothing_here_total"), nullptr);
  EXPECT_EQ(page.indices("lat_bucket").size(), 2u);
  EXPECT_TRUE(page.indices("absent").empty());
}

TEST(ParsePrometheus, OpenMetricsCounterFamilyResolvesSuffixes) {
  // OpenMetrics names the family without _total; _total and _created samples belong to it.
  MetricsPage page = parse_prometheus_text("# TYPE reqs counter\nreqs_total 3\nreqs_created 1\n");
  ASSERT_NE(page.family_of("reqs_total"), nullptr);
  EXPECT_EQ(page.family_of("reqs_total")->type, MetricType::counter);
  EXPECT_EQ(page.family_of("reqs_created")->type, MetricType::counter);
}

TEST(ParsePrometheus, EmptyAndCommentOnlyPages) {
  EXPECT_TRUE(parse_prometheus_text("").samples.empty());
  MetricsPage page = parse_prometheus_text("# HELP\n# TYPE\n#\n\r\n\n");
  EXPECT_TRUE(page.samples.empty());
  EXPECT_EQ(page.skipped_lines, 0u);
}

TEST(ParsePrometheus, LabelValueLookup) {
  MetricLabels labels{{"engine", "0"}, {"model_name", "m"}};
  EXPECT_EQ(label_value(labels, "model_name"), "m");
  EXPECT_EQ(label_value(labels, "le"), std::nullopt);
}

TEST(ParsePrometheus, ParseMetricValueForms) {
  EXPECT_EQ(parse_metric_value("Inf"), kInf);
  EXPECT_EQ(parse_metric_value("+1.5"), 1.5);
  EXPECT_TRUE(std::isnan(*parse_metric_value("NaN")));
  EXPECT_EQ(parse_metric_value(""), std::nullopt);
  EXPECT_EQ(parse_metric_value("+"), std::nullopt);
  EXPECT_EQ(parse_metric_value("1.0x"), std::nullopt);
}

TEST(ParsePrometheus, LargePageInOnePass) {
  // 1 MB of realistic lines parses completely; no timing asserted (no timed unit tests).
  std::string text;
  const std::string line =
      "vllm:request_success_total{engine=\"0\",finished_reason=\"length\","
      "model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 12345.0\n";
  std::size_t n = 0;
  while (text.size() < (1u << 20)) {
    text += line;
    ++n;
  }
  MetricsPage page = parse_prometheus_text(text);
  EXPECT_EQ(page.samples.size(), n);
  EXPECT_EQ(page.indices("vllm:request_success_total").size(), n);
}

}  // namespace
}  // namespace sonde

namespace sonde {
namespace {

// Regression (found by fuzz/prometheus_fuzz in its first minute): a label value that is not
// UTF-8 reached run.json's requests_finished keys and made nlohmann::json::dump() throw.
// Malformed bytes are now replaced by U+FFFD at parse time; valid UTF-8 is kept as is.
TEST(ParsePrometheus, InvalidUtf8IsRepaired) {
  struct Case {
    std::string in, out;
  };
  const std::string fffd = "\xEF\xBF\xBD";
  for (const Case& c :
       {Case{"len\xFFth", "len" + fffd + "th"}, Case{"\xC0\xAF", fffd + fffd},  // overlong '/'
        Case{"\xED\xA0\x80", fffd + fffd + fffd},                               // surrogate U+D800
        Case{"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},                    // > U+10FFFF
        Case{"tail\xE2\x82", "tail" + fffd + fffd},                             // truncated
        Case{"ok \xE2\x82\xAC \xF0\x9F\x98\x80",                                // € and 😀 kept
             "ok \xE2\x82\xAC \xF0\x9F\x98\x80"}}) {
    MetricsPage page = parse_prometheus_text("x{r=\"" + c.in + "\"} 1\n# HELP x " + c.in + "\n");
    ASSERT_EQ(page.samples.size(), 1u);
    EXPECT_EQ(page.samples[0].labels[0].second, c.out);
    EXPECT_EQ(page.families.at("x").help, c.out);
  }
}

}  // namespace
}  // namespace sonde
