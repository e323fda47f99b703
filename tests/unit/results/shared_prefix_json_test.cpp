// A shared_prefix scenario with a ramp survives run.json both ways (as `sonde report DIR` reads it).
#include <gtest/gtest.h>

#include "results/json.hpp"

namespace sonde {
namespace {

TEST(SharedPrefixJson, SourceFactsAndRampRoundTrip) {
  ScenarioResult s;
  s.spec.name = "sp";
  s.spec.input_len = 1088;
  s.spec.output_len = 8;
  s.spec.requests = 32;
  s.spec.load = LoadShape::rate;
  s.spec.ramp = RateRamp{1, 20, 30};
  s.spec.source = SharedPrefixSource{4, 8, 1024, 64, 8};
  s.calibration.method = "tokenize";
  s.shared_prefix = SharedPrefixFacts{1020, 1030, 28672, 34816, 16, "cache_config_info", 0.8235};
  const nlohmann::json j = s;
  EXPECT_EQ(j["source"]["kind"], "shared_prefix");
  EXPECT_EQ(j["source"]["groups"], 4);
  EXPECT_DOUBLE_EQ(j["source"]["expected_prefix_hit_rate"].get<double>(), 0.8235);
  EXPECT_EQ(j["ramp"]["to_rate"], 20.0);

  const auto back = j.get<ScenarioResult>();
  const auto* src = std::get_if<SharedPrefixSource>(&back.spec.source);
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->requests_per_group, 8);
  EXPECT_EQ(src->suffix_len, 64);
  ASSERT_TRUE(back.spec.ramp.has_value());
  EXPECT_EQ(back.spec.ramp->duration_s, 30);
  ASSERT_TRUE(back.shared_prefix.has_value());
  EXPECT_EQ(back.shared_prefix->cacheable_tokens, 28672);
  EXPECT_EQ(back.shared_prefix->block_size_source, "cache_config_info");
  EXPECT_DOUBLE_EQ(back.shared_prefix->expected_prefix_hit_rate, 0.8235);

  // A synthetic scenario writes neither key and reads back as synthetic.
  ScenarioResult plain;
  plain.spec.name = "p";
  const nlohmann::json pj = plain;
  EXPECT_FALSE(pj.contains("source"));
  EXPECT_FALSE(pj.contains("ramp"));
  EXPECT_TRUE(std::holds_alternative<SyntheticSource>(pj.get<ScenarioResult>().spec.source));
}

}  // namespace
}  // namespace sonde
