// Suite keys `shared_prefix` and `ramp`: what they set, what they derive, and their errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/suite.hpp"
#include "support/test_files.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::string error_of(const std::string& text) {
  try {
    load_suite_file(test::write_scratch("bad.yaml", text));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

constexpr const char* kShared =
    "shared_prefix: {groups: 4, requests_per_group: 8, prefix_len: 1024, suffix_len: 64, "
    "output_len: 8}";

TEST(SuiteSharedPrefix, SetsTheSourceAndDerivesLengthsAndRequests) {
  const auto s = load_suite_file(test::write_scratch(
      "sp.yaml",
      std::string("defaults: {input_len: 100, output_len: 5, requests: 3}\n"
                  "scenarios:\n  - name: sp\n    load: closed\n    concurrency: 4\n    ") +
          kShared + "\n  - {name: plain}\n"));
  ASSERT_EQ(s.size(), 2u);
  const auto* sp = std::get_if<SharedPrefixSource>(&s[0].source);
  ASSERT_NE(sp, nullptr);
  EXPECT_EQ(sp->groups, 4);
  EXPECT_EQ(sp->requests_per_group, 8);
  EXPECT_EQ(sp->prefix_len, 1024);
  EXPECT_EQ(sp->suffix_len, 64);
  EXPECT_EQ(sp->output_len, 8);
  EXPECT_EQ(s[0].input_len, 1088);  // prefix + suffix, over the defaults' 100
  EXPECT_EQ(s[0].output_len, 8);
  EXPECT_EQ(s[0].requests, 32);  // groups × requests_per_group
  EXPECT_TRUE(std::holds_alternative<SyntheticSource>(s[1].source));
  EXPECT_EQ(s[1].requests, 3);
}

TEST(SuiteSharedPrefix, ErrorsNameTheKeyAndTheFix) {
  const std::string head = "scenarios:\n  - name: sp\n    ";

  for (const auto& [yaml, want] : std::vector<std::pair<std::string, std::string>>{
           {head + "shared_prefix: {groups: 4, requests_per_group: 8, prefix_len: 1024, "
                   "suffix_len: 64}",
            "scenarios[0].shared_prefix.output_len: missing"},
           {head + "shared_prefix: {groups: 4, requests_per_group: 8, prefix_len: 1024, "
                   "suffix_len: 64, "
                   "output_len: 8, prefix: 3}",
            "scenarios[0].shared_prefix.prefix: unknown key; allowed: groups, requests_per_group"},
           {head + "shared_prefix: {groups: 0, requests_per_group: 8, prefix_len: 1024, "
                   "suffix_len: 64, "
                   "output_len: 8}",
            "scenarios[0].shared_prefix.groups: must be >= 1, got 0"},
           {head + "shared_prefix: {groups: 2, requests_per_group: 8, prefix_len: lots, "
                   "suffix_len: 64, "
                   "output_len: 8}",
            "scenarios[0].shared_prefix.prefix_len: expected an integer token count, got 'lots'"},
           {head + "shared_prefix: 4", "scenarios[0].shared_prefix: expected a mapping of groups"},
           {head + kShared + "\n    input_len: 500",
            "scenarios[0].input_len: not allowed with shared_prefix, which sets it"},
           {head + kShared + "\n    requests: 10",
            "scenarios[0].requests: not allowed with shared_prefix"},
           {head + kShared + "\n    output_len: 10",
            "scenarios[0].output_len: not allowed with shared_prefix"},
           {head + kShared + "\n    repeat_prompt: true",
            "scenarios[0].repeat_prompt: not allowed with shared_prefix"},
       }) {
    const std::string err = error_of(yaml);
    EXPECT_NE(err.find(want), std::string::npos) << yaml << "\n -> " << err;
    EXPECT_NE(err.find("bad.yaml:"), std::string::npos) << err;
  }
}

TEST(SuiteRamp, ParsesAndRecordsTheRamp) {
  const auto s = load_suite_file(test::write_scratch(
      "ramp.yaml",
      "scenarios:\n  - {name: r, input_len: 100, output_len: 4, requests: 50, load: rate, "
      "ramp: {from_rate: 0, to_rate: 20, duration_s: 30}}\n"));
  ASSERT_TRUE(s[0].ramp.has_value());
  EXPECT_EQ(s[0].ramp->from_rate, 0);
  EXPECT_EQ(s[0].ramp->to_rate, 20);
  EXPECT_EQ(s[0].ramp->duration_s, 30);
  EXPECT_EQ(s[0].request_rate, 0);
}

TEST(SuiteRamp, ErrorsNameTheKeyAndTheFix) {
  const std::string head = "scenarios:\n  - {name: r, input_len: 100, output_len: 4, requests: 5, ";
  for (const auto& [yaml, want] : std::vector<std::pair<std::string, std::string>>{
           {head + "load: rate, request_rate: 5, ramp: {from_rate: 1, to_rate: 2, duration_s: 3}}",
            "request_rate: not allowed with a ramp, whose from_rate and to_rate set the rate; "
            "remove request_rate"},
           {head + "load: closed, ramp: {from_rate: 1, to_rate: 2, duration_s: 3}}",
            "ramp: only for load 'rate' (this scenario's load is 'closed')"},
           {head + "load: rate, ramp: {from_rate: 1, to_rate: 0, duration_s: 3}}",
            "ramp.to_rate: must be > 0 requests per second, got 0"},
           {head + "load: rate, ramp: {from_rate: -1, to_rate: 2, duration_s: 3}}",
            "ramp.from_rate: must be >= 0"},
           {head + "load: rate, ramp: {from_rate: 1, to_rate: 2, duration_s: 0}}",
            "ramp.duration_s: must be > 0 seconds, got 0"},
           {head + "load: rate, ramp: {from_rate: 1, to_rate: 2}}",
            "scenarios[0].ramp.duration_s: missing"},
           {head + "load: rate, ramp: {from_rate: 1, to_rate: 2, duration_s: 3, rate: 4}}",
            "scenarios[0].ramp.rate: unknown key; allowed: from_rate, to_rate, duration_s"},
           {head + "load: rate}",
            "load 'rate' needs request_rate > 0 (requests per second), or a ramp"},
       }) {
    const std::string err = error_of(yaml);
    EXPECT_NE(err.find(want), std::string::npos) << yaml << "\n -> " << err;
  }
}

}  // namespace
}  // namespace sonde
