// When the native transport takes a target (plain http only, no proxy, no user info) and the
// request head it writes: the same headers as the curl transport, Content-Length framed.
#include <gtest/gtest.h>

#include <netinet/in.h>

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
  ASSERT_FALSE(ep->addrs.empty());
  EXPECT_EQ(ep->addrs[0].addr.ss_family, AF_INET);

  const auto v6 = native_endpoint(config(), "http://[::1]:9/x?y=1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9);
  EXPECT_EQ(v6->host_header, "[::1]:9");
  EXPECT_EQ(v6->target, "/x?y=1");
  ASSERT_EQ(v6->addrs.size(), 1u);
  EXPECT_EQ(v6->addrs[0].addr.ss_family, AF_INET6);

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

TEST(NativeEndpoint, ResolveEntriesPinTheAddressesInOrder) {
  ClientConfig c = config();
  c.resolve = {"other:8000:127.0.0.9", "Sonde.Test:8000:127.0.0.2,[::1]"};
  const auto ep = native_endpoint(c, "http://sonde.test:8000/v1");
  ASSERT_TRUE(ep);
  ASSERT_EQ(ep->addrs.size(), 2u);
  EXPECT_EQ(ep->addrs[0].addr.ss_family, AF_INET);
  EXPECT_EQ(ep->addrs[1].addr.ss_family, AF_INET6);
  EXPECT_EQ(ep->host_header, "sonde.test:8000");
  // Another port's entry does not apply: localhost is resolved as usual.
  c.resolve = {"localhost:1:127.0.0.9"};
  const auto local = native_endpoint(c, "http://localhost:8000/v1");
  ASSERT_TRUE(local);
  ASSERT_FALSE(local->addrs.empty());
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&local->addrs[0].addr);
  EXPECT_NE(v4->sin_addr.s_addr, htonl(0x7f000009));
  c.resolve = {"sonde.test:8000:not-an-address"};
  EXPECT_FALSE(native_endpoint(c, "http://sonde.test:8000/v1"));  // curl reports it then
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
