#include "client/http.hpp"

#include <gtest/gtest.h>

#include "script_server.hpp"

namespace sonde {
namespace {

using namespace std::chrono_literals;
using test::Script;
using test::ScriptServer;
using test::SeenRequest;

TEST(Http, GetReturnsStatusAndBody) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.content_type = "application/json",
                  .body = {{0ms, R"({"object":"list",)"}, {0ms, R"("data":[]})"}}};
  });
  const HttpResponse r = http_get(server.base_url() + "/v1/models", std::string("k1"), 5);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"object":"list","data":[]})");
  EXPECT_EQ(r.error, "");
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].head.rfind("GET /v1/models HTTP/1.1", 0), 0u);
  EXPECT_NE(seen[0].head.find("Authorization: Bearer k1"), std::string::npos);
}

TEST(Http, PostJsonSendsBodyAndKeepsErrorStatus) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.status = 404,
                  .content_type = "application/json",
                  .body = {{0ms, R"({"error":{"message":"no such model"}})"}}};
  });
  const std::string body = R"({"model":"m","prompt":"hi"})";
  const HttpResponse r = http_post_json(server.base_url() + "/tokenize", body, std::nullopt, 5);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":{"message":"no such model"}})");
  EXPECT_EQ(r.error, "");
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].body, body);
  EXPECT_NE(seen[0].head.find("Content-Type: application/json"), std::string::npos);
  EXPECT_EQ(seen[0].head.find("Authorization"), std::string::npos);
}

TEST(Http, ConnectionRefusedIsTransportError) {
  const HttpResponse r =
      http_get("http://127.0.0.1:" + std::to_string(test::closed_port()) + "/health", {}, 5);
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
}

TEST(Http, TimeoutIsTransportError) {
  ScriptServer server([](const SeenRequest&) { return Script{.head_delay = 60s}; });
  const HttpResponse r = http_get(server.base_url() + "/health", {}, 0.2);
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
}

}  // namespace
}  // namespace sonde
