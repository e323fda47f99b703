// When the native transport takes a target (plain http only, no proxy, no user info) and the
// request head it writes: the same headers as the curl transport, Content-Length framed.
#include <gtest/gtest.h>

#include <cstdlib>

#include "client/native_http.hpp"

namespace sonde {
namespace {

ClientConfig config(ClientTransport t = ClientTransport::native) {
  ClientConfig c;
  c.transport = t;
  return c;
}

TEST(NativeEndpoint, PlainHttpTargetsAreParsed) {
  const auto ep = native_endpoint(config(), "http://127.0.0.1:8123/v1/chat/completions");
  ASSERT_TRUE(ep);
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 8123);
  EXPECT_EQ(ep->host_header, "127.0.0.1:8123");
  EXPECT_EQ(ep->target, "/v1/chat/completions");
  EXPECT_EQ(ep->addr.ss_family, AF_INET);

  const auto v6 = native_endpoint(config(), "http://[::1]:9/x?y=1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9);
  EXPECT_EQ(v6->host_header, "[::1]:9");
  EXPECT_EQ(v6->target, "/x?y=1");
  EXPECT_EQ(v6->addr.ss_family, AF_INET6);

  const auto bare = native_endpoint(config(), "http://localhost");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->target, "/");
}

TEST(NativeEndpoint, OtherTargetsAreLeftToCurl) {
  for (const char* url : {"https://127.0.0.1:8000/v1/completions", "http://user:pw@127.0.0.1/v1",
                          "http://127.0.0.1:99999/v1", "http://127.0.0.1:80x/v1", "http:///v1",
                          "http://[::1/v1", "ftp://127.0.0.1/v1", "http://127.0.0.1/v1#frag"}) {
    EXPECT_FALSE(native_endpoint(config(), url)) << url;
  }
  EXPECT_FALSE(native_endpoint(config(ClientTransport::curl), "http://127.0.0.1:8000/v1"));
}

TEST(NativeEndpoint, AProxyVariableHandsEveryRequestToCurl) {
  ASSERT_EQ(setenv("http_proxy", "http://proxy.example:3128", 1), 0);
  const bool taken = native_endpoint(config(), "http://127.0.0.1:8000/v1").has_value();
  unsetenv("http_proxy");
  EXPECT_FALSE(taken);  // only curl honours proxies
  EXPECT_TRUE(native_endpoint(config(), "http://127.0.0.1:8000/v1"));
}

TEST(NativeRequestHead, CarriesTheCurlTransportsHeaders) {
  const auto ep = native_endpoint(config(), "http://127.0.0.1:8000/v1/completions");
  ASSERT_TRUE(ep);
  PreparedRequest req;
  req.x_request_id = "sonde-7";
  req.body = R"({"stream":true})";
  ClientConfig c = config();
  c.api_key = "k-123";
  std::string head;
  build_request_head(*ep, c, req, head);
  EXPECT_EQ(head,
            "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
            "Content-Type: application/json\r\nAccept: text/event-stream\r\n"
            "x-request-id: sonde-7\r\nAuthorization: Bearer k-123\r\nContent-Length: 15\r\n\r\n");
  c.api_key.reset();
  build_request_head(*ep, c, req, head);
  EXPECT_EQ(head.find("Authorization"), std::string::npos);
}

}  // namespace
}  // namespace sonde
