// --max-error-rate's window and the server-death watch: pure bookkeeping, no network.
#include <gtest/gtest.h>

#include "runner/error_window.hpp"
#include "runner/server_watch.hpp"

namespace sonde {
namespace {

TEST(ErrorRateWindow, NotJudgedBeforeTheMinimumSample) {
  ErrorRateWindow w(0.5, 50);
  for (int i = 0; i < ErrorRateWindow::kMinSample - 1; ++i) EXPECT_FALSE(w.add(true)) << i;
  EXPECT_TRUE(w.add(true));  // the 10th failure: 10/10 > 0.5
  EXPECT_EQ(w.size(), ErrorRateWindow::kMinSample);
  EXPECT_EQ(w.failed(), ErrorRateWindow::kMinSample);
}

TEST(ErrorRateWindow, SmallWindowIsJudgedWhenFull) {
  ErrorRateWindow w(0.5, 4);
  EXPECT_FALSE(w.add(true));
  EXPECT_FALSE(w.add(true));
  EXPECT_FALSE(w.add(false));  // 2/3 is above 0.5, but 3 < the window of 4
  EXPECT_FALSE(w.add(false));  // 2/4 = 0.5 does not exceed 0.5
  EXPECT_FALSE(w.add(true));   // {T,F,F,T}: 2/4
  EXPECT_FALSE(w.add(true));   // {F,F,T,T}: 2/4
  EXPECT_TRUE(w.add(true));    // {F,T,T,T}: 3/4
}

TEST(ErrorRateWindow, OnlyTheLastNCount) {
  ErrorRateWindow w(0.5, 10);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(w.add(i < 5)) << i;  // 5/10: not above 0.5
  EXPECT_EQ(w.failed(), 5);
  // The five early failures slide out one by one as successes come in.
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(w.add(false));
  EXPECT_EQ(w.failed(), 0);
  EXPECT_EQ(w.size(), 10);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(w.add(true));  // 5/10 again
  EXPECT_TRUE(w.add(true));                               // 6/10 > 0.5
  EXPECT_DOUBLE_EQ(w.rate(), 0.6);
}

TEST(ErrorRateWindow, RateOneNeverTrips) {
  ErrorRateWindow w(1.0, 5);
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(w.add(true));
}

TEST(ErrorRateWindow, RateZeroTripsOnTheFirstFailureOnceSampled) {
  ErrorRateWindow w(0.0, 3);
  EXPECT_FALSE(w.add(false));
  EXPECT_FALSE(w.add(false));
  EXPECT_FALSE(w.add(false));
  EXPECT_TRUE(w.add(true));
}

RequestRecord failed(ErrorKind kind, int status = 0) {
  RequestRecord r;
  r.error = RequestError{kind, status, ""};
  return r;
}

TEST(ServerWatch, ServerSideKinds) {
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::connect)));
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::timeout_connect)));
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::http, 500)));
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::http, 503)));
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::stream_error, 200)));
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::stream_truncated, 200)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::http, 400)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::http, 429)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::timeout_idle, 200)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::cancelled)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::server_died)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::malformed_chunk, 200)));
  EXPECT_FALSE(ServerWatch::server_side(failed(ErrorKind::timeout_first_token)));
  // A 5xx answer counts whatever ended the request (e.g. a timeout reading its error body).
  EXPECT_TRUE(ServerWatch::server_side(failed(ErrorKind::timeout_total, 503)));
  RequestRecord ok;
  ok.ok = true;
  EXPECT_FALSE(ServerWatch::server_side(ok));
}

TEST(ServerWatch, ProbesAfterConsecutiveServerFailuresOnly) {
  ServerWatch w;
  RequestRecord ok;
  ok.ok = true;
  EXPECT_FALSE(w.add(failed(ErrorKind::connect)));
  EXPECT_FALSE(w.add(failed(ErrorKind::connect)));
  EXPECT_FALSE(w.add(ok));  // a success restarts the count
  EXPECT_FALSE(w.add(failed(ErrorKind::http, 500)));
  EXPECT_FALSE(w.add(failed(ErrorKind::http, 400)));  // a client-side failure too
  for (int i = 1; i < ServerWatch::kProbeAfter; ++i)
    EXPECT_FALSE(w.add(failed(ErrorKind::connect)));
  EXPECT_TRUE(w.add(failed(ErrorKind::connect)));
  EXPECT_FALSE(w.add(failed(ErrorKind::connect)));  // counting starts over after a probe
}

}  // namespace
}  // namespace sonde
