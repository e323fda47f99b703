#pragma once
// A tiny scripted HTTP/1.1 server for the client tests: binds 127.0.0.1 on port 0, reads each
// request, and answers with a scripted sequence of byte blobs, sleeping between them. The body
// is sent with chunked transfer encoding (one HTTP chunk per blob) so keep-alive can be tested;
// a script can also close without the terminating chunk to cut a stream short.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sonde::test {

struct Step {
  std::chrono::milliseconds delay{0};  // wait before sending these bytes
  std::string bytes;                   // body bytes (SSE text)
};

struct Script {
  int status = 200;                                // HTTP status
  std::string content_type = "text/event-stream";  // Content-Type header
  std::chrono::milliseconds head_delay{0};         // wait before sending the status line
  std::vector<Step> body{};                        // blobs, each sent as one HTTP chunk
  bool terminate = true;                           // send the final 0-length chunk
  bool keep_alive = false;                         // keep the connection open for the next request
};

struct SeenRequest {
  std::string head;    // request line and headers
  std::string body;    // request body
  int connection = 0;  // 0-based index of the TCP connection it came on
};

class ScriptServer {
 public:
  using Handler = std::function<Script(const SeenRequest&)>;
  explicit ScriptServer(Handler handler);
  ~ScriptServer();
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<SeenRequest> requests() const;
  int max_concurrent() const { return max_active_.load(); }  // most requests being answered at once

 private:
  void accept_loop();
  void serve(int fd, int connection);
  bool wait(std::chrono::milliseconds d);  // false when the server is stopping
  bool read_request(int fd, std::string& buffer, SeenRequest& out);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::atomic<int> max_active_{0};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<SeenRequest> seen_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

// Counts requests as a handler sees them, so that one answer can wait (bounded) until others
// have reached the server: "which requests arrived" then no longer depends on thread timing.
class Arrivals {
 public:
  void arrive() {
    std::lock_guard lock(mu_);
    ++count_;
    cv_.notify_all();
  }
  // False when fewer than `n` arrived within `limit`; the test's own counts then fail.
  bool wait_for(int n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return count_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_ = 0;
};

// `data: <payload>\n\n`
inline std::string sse(const std::string& payload) { return "data: " + payload + "\n\n"; }

// A free loopback port with nothing listening on it (bound, then closed).
int closed_port();

// A loopback listener (backlog 0) whose accept queue is filled by its own connections and never
// drained, so the kernel drops further SYNs: connecting to it hangs. port() is 0 if that failed.
class FullBacklog {
 public:
  FullBacklog();
  ~FullBacklog();
  FullBacklog(const FullBacklog&) = delete;
  FullBacklog& operator=(const FullBacklog&) = delete;
  int port() const { return port_; }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

}  // namespace sonde::test
