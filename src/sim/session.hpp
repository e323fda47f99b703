#pragma once
// One HTTP/1.1 connection to the simulator (keep-alive, one request at a time). Generation
// requests go to the engine; their tokens come back through on_tokens() and are written as
// SSE events in chunked transfer encoding. Bytes produced while the core delivers a batch of
// engine steps are written once at the batch's end (one write for all of them); other bytes are
// written at once. While a request runs the connection keeps a read pending so that a client
// hanging up aborts it at once.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "sim/api_request.hpp"
#include "sim/api_response.hpp"
#include "sim/fault.hpp"
#include "sim/server_core.hpp"
#include "sim/text_gen.hpp"
#include "sim/token_chunk.hpp"

namespace sonde::sim {

class Session : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, ServerCore& core);
  ~Session() override;
  void start();
  void on_tokens(const TokenOutput& output) override;
  void close() override;
  void flush() override;
  void on_engine_dead() override;  // sim/fault_session.cpp

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  // A generation request in flight on this connection.
  struct Generation {
    uint64_t engine_id = 0;                  // ServerCore id
    GenerationRequest req;                   // the validated request
    ResponseMeta meta;                       // id/model/created repeated in every chunk
    TextStream text;                         // the model's words
    std::string full_text;                   // non-stream: text so far
    std::optional<FaultSpec> fault;          // the fault injected into this request, if any
    bool fault_fired = false;                // a mid-stream fault already happened
    std::optional<TokenChunkWriter> chunks;  // renders the token chunks (streams only)
  };

  void do_read();
  void on_read(boost::beast::error_code ec);
  void route(const Request& req);
  void start_generation(const Request& req, Endpoint endpoint);
  // A complete response with a body (JSON unless content_type says otherwise).
  void respond(int status, const std::string& body,
               std::string_view content_type = "application/json");
  std::string head(int status, std::string_view content_type, bool chunked,
                   size_t content_length) const;
  void enqueue(std::string_view bytes, bool last);
  void do_write();
  void after_response();
  void watch();
  void fail();
  // Fault injection (sim/fault_session.cpp). begin_fault: true if a fault answered instead of
  // the engine. stream_fault: true if it took over this step's bytes. hold: no bytes leave for
  // `seconds` (the socket stays open).
  bool begin_fault();
  bool stream_fault(const TokenOutput& out, std::string& bytes);
  void hold(double seconds);
  void serve_admin_faults(const Request& req);

  boost::beast::tcp_stream stream_;
  ServerCore& core_;
  std::string identity_line_;  // "x-sonde-sim: ...\r\n" in every response head
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string pending_;            // bytes waiting for the current write to finish
  std::string inflight_;           // bytes being written
  bool writing_ = false;           // an async_write is in flight
  bool last_enqueued_ = false;     // the response's final bytes are in pending_/inflight_
  bool keep_alive_ = true;         // the client allows another request on this connection
  bool watching_ = false;          // the disconnect-watch read is pending
  bool read_after_watch_ = false;  // start reading the next request when the watch returns
  bool closed_ = false;
  bool flush_queued_ = false;   // the core will call flush() at the end of its step batch
  std::string step_bytes_;      // scratch: one step's bytes (kept for its capacity)
  std::string step_text_;       // scratch: one step's text
  std::string step_reasoning_;  // scratch: the reasoning part of it (--reasoning-tokens)
  std::string request_id_;      // the client's x-request-id ("" if none)
  std::optional<Generation> gen_;
  bool held_ = false;          // a fault holds the bytes back (do_write waits)
  bool hangup_ = false;        // a fault closes the connection once pending_ is written
  std::string extra_headers_;  // a fault's extra header lines for head() ("" = none)
  std::optional<boost::asio::steady_timer> hold_timer_;  // ends the hold
};

}  // namespace sonde::sim
