#pragma once
// Incremental Server-Sent Events parser (WHATWG "event stream" framing, data field only).
// Bytes may arrive split at any position; each complete event's data payload is handed to a
// callback. Buffers are reused, so after warm-up the common case (`data: <json>\n\n` fully
// inside one read) copies nothing and allocates nothing.
#include <functional>
#include <string>
#include <string_view>

namespace sonde {

class SseParser {
 public:
  // Receives one event's data payload (multiple `data:` lines joined with "\n"). The view is
  // valid only during the call.
  using Callback = std::function<void(std::string_view data)>;

  explicit SseParser(Callback on_data);

  // Consumes the next bytes of the stream.
  void feed(std::string_view bytes);
  // End of stream: a pending last line / event without its trailing blank line is delivered.
  void finish();
  // Forgets all state (for reuse on a new stream); keeps buffer capacity.
  void reset();

  // True once an event whose payload is exactly "[DONE]" was delivered.
  bool saw_done() const { return saw_done_; }
  // Number of events delivered so far.
  long events() const { return events_; }

 private:
  void process_line(std::string_view line, bool line_is_transient);
  void dispatch();
  void materialize_view();

  Callback on_data_;
  std::string partial_;       // bytes of an unterminated line carried over between reads
  std::string data_;          // accumulated data lines of the current event
  std::string_view view_;     // zero-copy data of a single-line event, valid during feed()
  bool view_active_ = false;  // data currently lives in view_ rather than data_
  bool have_data_ = false;    // a data field was seen in the current event
  bool skip_lf_ = false;      // previous read ended with CR: a leading LF belongs to it
  bool saw_done_ = false;
  long events_ = 0;
};

}  // namespace sonde
