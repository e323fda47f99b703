// The simulator's self-description: the x-sonde-sim header value written and read back, and the
// /metrics gauges beside vLLM's names.
#include "sim/identity.hpp"

#include <gtest/gtest.h>

#include "sim/sim_metrics.hpp"

namespace sonde::sim {
namespace {

TEST(SimIdentity, HeaderValueRoundTrips) {
  SimOptions o;
  o.speed = 5;
  o.tensor_parallel_size = 2;
  const SimConfig c = resolve_config(o);
  const std::string v = identity_header_value(identity_of(c));
  EXPECT_EQ(v, "time_scale=5; profile=NVIDIA H100 80GB HBM3 x2 / llama-3.1-8b");
  const auto back = parse_identity_header(v);
  ASSERT_TRUE(back.has_value());
  EXPECT_DOUBLE_EQ(back->time_scale, 5);
  EXPECT_EQ(back->profile, profile_label(c));
  // Fractions survive; a profile may hold "; " and "=" (it is last).
  const auto odd = parse_identity_header(identity_header_value({"a; b=c", 0.25}));
  ASSERT_TRUE(odd.has_value());
  EXPECT_DOUBLE_EQ(odd->time_scale, 0.25);
  EXPECT_EQ(odd->profile, "a; b=c");
}

TEST(SimIdentity, ForeignOrBrokenValuesAreNotASimulator) {
  for (const char* v :
       {"", "yes", "profile=x; time_scale=5", "time_scale=; profile=x", "time_scale=0; profile=x",
        "time_scale=-2; profile=x", "time_scale=inf; profile=x", "time_scale=nan; profile=x",
        "time_scale=5x; profile=x", "time_scale=5"}) {
    EXPECT_FALSE(parse_identity_header(v).has_value()) << v;
  }
}

TEST(SimIdentity, MetricsPageSaysSimulatorBesideVllmNames) {
  SimOptions o;
  o.speed = 20;
  const SimConfig c = resolve_config(o);
  const std::string page = SimMetrics(c, 0).render({});
  EXPECT_NE(page.find("sonde_sim:info{gpu=\"h100\",model=\"llama-3.1-8b\",profile=\"" +
                      profile_label(c) + "\"} 1.0\n"),
            std::string::npos);
  EXPECT_NE(page.find("\nsonde_sim:time_scale 20.0\n"), std::string::npos);
  EXPECT_NE(page.find("# TYPE sonde_sim:time_scale gauge\n"), std::string::npos);
  EXPECT_NE(page.find("vllm:num_requests_running{"), std::string::npos);
}

}  // namespace
}  // namespace sonde::sim
