#pragma once
// A small synchronous Beast HTTP client for the simulator's tests (keep-alive capable).
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sonde::sim::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using Response = http::response<http::string_body>;

class TestClient {
 public:
  explicit TestClient(uint16_t port) : stream_(ioc_) {
    stream_.expires_after(std::chrono::seconds(30));  // generous bound, never a sleep
    stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  Response request(http::verb verb, const std::string& target, const std::string& body = "",
                   const std::string& request_id = "", bool keep_alive = true) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    if (!request_id.empty()) req.set("x-request-id", request_id);
    req.keep_alive(keep_alive);
    req.body() = body;
    req.prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
    http::write(stream_, req);
    Response res;
    http::read(stream_, buffer_, res);
    return res;
  }

  Response post(const std::string& target, const nlohmann::json& body,
                const std::string& request_id = "") {
    return request(http::verb::post, target, body.dump(), request_id);
  }
  Response get(const std::string& target) { return request(http::verb::get, target); }

  beast::tcp_stream& stream() { return stream_; }

 private:
  boost::asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// The events of an SSE body: each "data: X" payload, "[DONE]" kept as the string.
inline std::vector<std::string> sse_payloads(const std::string& body) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < body.size()) {
    const size_t end = body.find("\n\n", pos);
    if (end == std::string::npos) break;
    const std::string event = body.substr(pos, end - pos);
    if (event.rfind("data: ", 0) == 0) out.push_back(event.substr(6));
    pos = end + 2;
  }
  return out;
}

}  // namespace sonde::sim::testing
