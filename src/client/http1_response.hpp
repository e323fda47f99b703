#pragma once
// Incremental HTTP/1.1 response parser for the native transport: status line and the headers
// that frame the body (Content-Length, Transfer-Encoding: chunked, Connection), then the body
// de-chunked. Bytes may arrive split anywhere. Interim 1xx responses are skipped. Buffers are
// reused, so after the head a body read copies and allocates nothing.
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde {

class Http1Response {
 public:
  // Forgets the previous response (keeps buffer capacity).
  void reset();

  // Consumes bytes from the front of `in` and returns the next body bytes found there (a view
  // into `in`), or an empty view once `in` is used up, the response is complete or malformed.
  // Call repeatedly until `in` is empty.
  std::string_view next_body(std::string_view& in);
  // The peer closed the connection: a body delimited by the close is complete now.
  void eof();

  bool head_done() const { return head_done_; }  // the final (non-1xx) head is parsed
  bool complete() const { return state_ == State::done; }
  bool failed() const { return state_ == State::failed; }
  const std::string& error() const { return error_; }  // why failed() (protocol error)
  int status() const { return status_; }               // 0 until the head is parsed
  // The connection may carry another request after this complete response.
  bool reusable() const { return complete() && keep_alive_; }
  int64_t body_bytes() const { return body_bytes_; }  // decoded body bytes so far

 private:
  enum class State {
    head,
    fixed,
    chunk_size,
    chunk_data,
    chunk_crlf,
    trailers,
    until_close,
    done,
    failed
  };

  void consume_head(std::string_view& in);
  bool parse_head();  // head_ holds one complete head; false = failed
  void begin_body();
  void consume_line(std::string_view& in);  // chunk-size and trailer lines
  std::string_view take(std::string_view& in, int64_t limit);
  void fail(std::string why);

  State state_ = State::head;
  std::string head_;  // bytes of the head so far
  std::string line_;  // a chunk-size or trailer line so far
  std::string error_;
  int status_ = 0;
  bool keep_alive_ = true;
  bool head_done_ = false;
  bool chunked_ = false;
  int64_t content_length_ = -1;  // -1: not given
  int64_t remaining_ = 0;        // of the fixed body or the current chunk
  int64_t body_bytes_ = 0;
};

}  // namespace sonde
