// The --retries fields of a request line: written, read back, and defaulted for older journals.
#include <gtest/gtest.h>

#include "results/json.hpp"
#include "results/record.hpp"

namespace sonde {
namespace {

using nlohmann::json;

TEST(RecordRetries, RoundTrip) {
  RequestRecord r;
  r.scenario = "s";
  r.ok = true;
  r.attempts = 3;
  r.retried_errors = {RequestError{ErrorKind::http, 503, "busy"},
                      RequestError{ErrorKind::connect, 0, "refused"}};
  const json j = r;
  EXPECT_EQ(3, j["attempts"]);
  ASSERT_EQ(2u, j["retried_errors"].size());
  EXPECT_EQ("http_503", j["retried_errors"][0]["kind"]);
  const RequestRecord back = json::parse(j.dump()).get<RequestRecord>();
  EXPECT_EQ(3, back.attempts);
  ASSERT_EQ(2u, back.retried_errors.size());
  EXPECT_EQ(ErrorKind::connect, back.retried_errors[1].kind);
  EXPECT_EQ(ErrorKind::http, back.retried_errors[0].kind);
  EXPECT_EQ(503, back.retried_errors[0].http_status);
  EXPECT_EQ("refused", back.retried_errors[1].message);
}

TEST(RecordRetries, OlderLinesReadAsOneAttempt) {
  json j = RequestRecord{};
  j.erase("attempts");
  j.erase("retried_errors");
  const RequestRecord back = j.get<RequestRecord>();
  EXPECT_EQ(1, back.attempts);
  EXPECT_TRUE(back.retried_errors.empty());
}

}  // namespace
}  // namespace sonde
