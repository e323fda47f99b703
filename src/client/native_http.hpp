#pragma once
// The native transport's plumbing: where a plain-http target lives (resolved once per event
// loop) and the socket calls on a connection, each returning errno-style results so the event
// loop decides what a failure means. libcurl stays the transport for https, for proxies
// (http_proxy and friends are honoured only by curl) and when `--http-client curl` asks for it.
#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/client.hpp"

namespace sonde {

struct NativeAddress {
  sockaddr_storage addr{};
  socklen_t len = 0;
};

struct NativeEndpoint {
  // Every address of the host, in resolver order (or ClientConfig::resolve's); a connect that
  // fails moves to the next, as curl does ("localhost" may give ::1 first to an IPv4-only server).
  std::vector<NativeAddress> addrs;
  std::string host;  // as written in the URL (for messages)
  int port = 80;
  std::string host_header;  // "Host:" value: host[:port]
  std::string target;       // request target: path and query
};

// The endpoint of `url` when the native transport can serve it: plain http://, no user info,
// no proxy variable set, `config.transport` allows it, and the host resolves. nullopt = curl.
std::optional<NativeEndpoint> native_endpoint(const ClientConfig& config, const std::string& url);

// "POST <target> HTTP/1.1" and the headers of `req` (the same ones the curl transport sends),
// ending with the blank line; the body is sent after it as is.
void build_request_head(const NativeEndpoint& ep, const ClientConfig& config,
                        const PreparedRequest& req, std::string& out);

// A non-blocking TCP socket connecting to `to` (TCP_NODELAY). Returns the fd, with *in_progress
// set when the connect has not completed yet; or -errno.
int start_connect(const NativeAddress& to, bool* in_progress);
// The connect outcome of a socket that became writable: 0 or an errno.
int connect_result(int fd);
// Sends head[sent..] then body[..] without blocking (never raises SIGPIPE); returns the new
// `sent` (head.size() + body.size() when all is out) or -errno.
long send_request(int fd, std::string_view head, std::string_view body, std::size_t sent);

}  // namespace sonde
