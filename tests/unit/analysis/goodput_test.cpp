// analysis/goodput: vLLM's goodput rule (benchmark_serving's calculate_metrics), request by
// request.
#include "analysis/goodput.hpp"

#include <gtest/gtest.h>

namespace sonde::analysis {
namespace {

RequestRecord ok(double ttft, double tpot, double e2el, int64_t out = 10) {
  RequestRecord r;
  r.ok = true;
  r.ttft_ms = ttft;
  if (out > 1) r.tpot_ms = tpot;
  r.e2el_ms = e2el;
  r.output_tokens = out;
  return r;
}

RequestRecord failed() {
  RequestRecord r;
  r.error = RequestError{ErrorKind::http, 500, "Internal Server Error"};
  return r;
}

TEST(Goodput, EveryGivenObjectiveMustHoldAndTheBoundIsInclusive) {
  const GoodputSlos slos = parse_goodput("ttft:100 tpot:20", "--goodput");
  EXPECT_TRUE(is_good_request(ok(100, 20, 5000), slos)) << "vLLM: good when slo >= value";
  EXPECT_FALSE(is_good_request(ok(100.5, 20, 10), slos));
  EXPECT_FALSE(is_good_request(ok(50, 21, 10), slos));
  EXPECT_TRUE(is_good_request(ok(50, 1, 1e9), slos)) << "e2el was not given";
  EXPECT_FALSE(is_good_request(failed(), slos));
  // One output token: no TPOT; vLLM takes it as 0 for goodput.
  EXPECT_TRUE(is_good_request(ok(50, 0, 60, 1), slos));
}

TEST(Goodput, CountsRatesAndShares) {
  const GoodputSlos slos = parse_goodput("e2el:1000", "--goodput");
  const std::vector<RequestRecord> records = {ok(1, 1, 900), ok(1, 1, 1000), ok(1, 1, 1001),
                                              failed()};
  const auto g = compute_goodput(records, slos, 2.0);
  ASSERT_TRUE(g);
  EXPECT_EQ(2, g->good);
  EXPECT_EQ(4, g->total);
  EXPECT_DOUBLE_EQ(50, g->attainment_pct);
  EXPECT_DOUBLE_EQ(1.0, g->request_goodput) << "good requests per second of the duration";
  EXPECT_EQ(slos, g->slos);
}

TEST(Goodput, NothingAskedNothingComputedAndEmptyInputIsDefined) {
  EXPECT_FALSE(compute_goodput({ok(1, 1, 1)}, GoodputSlos{}, 1.0));
  const auto g = compute_goodput({}, parse_goodput("ttft:1", "--goodput"), 0.0);
  ASSERT_TRUE(g);
  EXPECT_EQ(0, g->total);
  EXPECT_DOUBLE_EQ(0, g->attainment_pct);
  EXPECT_DOUBLE_EQ(0, g->request_goodput);
}

}  // namespace
}  // namespace sonde::analysis
