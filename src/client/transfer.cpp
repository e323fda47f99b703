#include "client/transfer.hpp"

#include <algorithm>
#include <utility>

#include "client/tls.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {
namespace {

constexpr size_t kErrorBodyCap = 64 * 1024;  // enough for any error JSON; message trimmed later
constexpr size_t kMessageCap = 2048;         // RequestError::message limit (2 KiB)

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Redacted before the cut: a cap landing inside a key would leave a prefix no pattern matches.
std::string trimmed(std::string s) {
  s = redact(s);
  if (s.size() > kMessageCap) s.resize(kMessageCap);
  return s;
}

}  // namespace

Transfer::Transfer(const ClientConfig& config, ChunkReader& reader, Clock::time_point epoch)
    : config_(config),
      reader_(reader),
      epoch_(epoch),
      easy_(curl_easy_init()),
      sse_([this](std::string_view payload) { on_event(payload); }) {
  if (easy_ == nullptr) throw Error(ExitCode::failure, "curl_easy_init failed (out of memory?)");
  for (const std::string& r : config_.resolve) resolve_ = curl_slist_append(resolve_, r.c_str());
}

Transfer::~Transfer() {
  curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
  curl_slist_free_all(resolve_);
}

void Transfer::reset_for(const PreparedRequest& req, std::optional<Clock::time_point> intended) {
  req_ = &req;
  rec_ = RequestRecord{};
  rec_.scenario = req.scenario;
  rec_.index = req.index;
  rec_.x_request_id = req.x_request_id;
  rec_.input_tokens_target = req.input_tokens_target;
  rec_.output_tokens_target = req.output_tokens_target;
  // One gap per token at most; reserving keeps the per-chunk path free of reallocation.
  rec_.itl_ms.reserve(static_cast<size_t>(std::clamp<int64_t>(req.output_tokens_target, 0, 1 << 16)));
  intended_ = intended;
  last_byte_.reset();
  first_text_.reset();
  done_at_.reset();
  status_ = 0;
  error_body_.clear();
  text_chunks_ = 0;
  usage_completion_.reset();
  abort_requested_ = false;
  sse_.reset();
  curl_error_[0] = '\0';
  connect_by_.reset();
}

void Transfer::prepare_native(const NativeEndpoint& ep, const PreparedRequest& req,
                              std::optional<Clock::time_point> intended) {
  reset_for(req, intended);
  native_ = true;  // the connection state is set by Worker::send_native, which always follows
  build_request_head(ep, config_, req, io_.head);
}

void Transfer::prepare(const std::string& url, const PreparedRequest& req,
                       std::optional<Clock::time_point> intended) {
  reset_for(req, intended);
  native_ = false;

  curl_slist_free_all(headers_);
  headers_ = nullptr;
  const std::string id_header = "x-request-id: " + req.x_request_id;
  for (const char* h : {"Content-Type: application/json", "Accept: text/event-stream",
                        "Expect:"}) {  // "Expect:" stops curl's 1 s wait for 100-continue
    headers_ = curl_slist_append(headers_, h);
  }
  headers_ = curl_slist_append(headers_, id_header.c_str());
  if (config_.api_key) {
    headers_ = curl_slist_append(headers_, ("Authorization: Bearer " + *config_.api_key).c_str());
  }

  curl_easy_reset(easy_);
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_POST, 1L);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, req.body.data());
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
  if (resolve_ != nullptr) curl_easy_setopt(easy_, CURLOPT_RESOLVE, resolve_);
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy_, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS,
                   std::max(1L, static_cast<long>(config_.timeouts.connect_s * 1000)));
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, curl_error_);
  apply_tls(easy_);
  curl_easy_setopt(easy_, CURLOPT_PREREQFUNCTION, &Transfer::on_prereq);
  curl_easy_setopt(easy_, CURLOPT_PREREQDATA, this);
  if (config_.new_connection_per_request) {
    curl_easy_setopt(easy_, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy_, CURLOPT_FORBID_REUSE, 1L);
  }
}

void Transfer::start(Clock::time_point now, bool connecting) {
  start_ = now;  // provisional: on_prereq / sending() move it to when the request really goes out
  if (!intended_) intended_ = now;
  if (connecting) connect_by_ = now + seconds(config_.timeouts.connect_s);
}

void Transfer::sending(Clock::time_point now) {
  start_ = now;
  connect_by_.reset();
}

void Transfer::fetch_status() {
  if (status_ == 0 && !native_) curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status_);
}

// libcurl calls this once the connection is up (new or reused), right before it writes the
// request. Stamping `start` here keeps connection set-up and the serialised sending of a burst
// out of TTFT/E2E; that client-side wait shows as client_queue_ms (start - intended_start).
int Transfer::on_prereq(void* self, char*, char*, int, int) {
  static_cast<Transfer*>(self)->start_ = Clock::now();
  return CURL_PREREQFUNC_OK;
}

size_t Transfer::on_write(char* data, size_t size, size_t count, void* self) {
  const Clock::time_point now = Clock::now();  // one timestamp for every event in this read
  const size_t n = size * count;
  return static_cast<Transfer*>(self)->on_bytes(std::string_view(data, n), now) ? n : 0;
}

bool Transfer::on_bytes(std::string_view bytes, Clock::time_point now) {
  fetch_status();
  last_byte_ = now;
  if (status_ < 200 || status_ >= 300) {
    error_body_.append(bytes.substr(0, kErrorBodyCap - std::min(kErrorBodyCap, error_body_.size())));
    return true;
  }
  now_ = now;
  sse_.feed(bytes);
  return !abort_requested_;
}

void Transfer::on_event(std::string_view payload) {
  if (done_at_ || abort_requested_) return;  // nothing after [DONE] or a fatal chunk counts
  if (config_.on_chunk) config_.on_chunk(*req_, payload, now_);
  const ChunkInfo& c = reader_.read(payload);
  if (c.empty) return;
  if (c.is_done) {
    done_at_ = now_;
    return;
  }
  if (c.malformed) {
    set_error("malformed_chunk", "not a JSON object: " + std::string(payload.substr(0, 512)));
    abort_requested_ = true;
    return;
  }
  if (rec_.response_id.empty() && !c.id.empty()) rec_.response_id.assign(c.id);
  if (c.has_error) {
    std::string msg = c.error_message.empty() ? c.error_type : c.error_message;
    set_error("stream_error", std::move(msg));
  }
  if (c.has_text) {
    if (!first_text_) {
      first_text_ = now_;
    } else {
      rec_.itl_ms.push_back(dur_ms(last_text_, now_));
    }
    last_text_ = now_;
    ++text_chunks_;
  }
  if (!c.finish_reason.empty()) rec_.finish_reason.assign(c.finish_reason);
  if (c.prompt_tokens) rec_.input_tokens = *c.prompt_tokens;
  if (c.completion_tokens) usage_completion_ = *c.completion_tokens;
}

void Transfer::set_error(std::string kind, std::string message) {
  if (rec_.error) return;  // the first error is the cause; later ones are consequences
  rec_.error = RequestError{std::move(kind), static_cast<int>(status_), trimmed(std::move(message))};
}

Clock::time_point Transfer::next_deadline() const {
  if (connect_by_) return *connect_by_;
  Clock::time_point d = start_ + seconds(config_.timeouts.total_s);
  if (!first_text_) {
    d = std::min(d, start_ + seconds(config_.timeouts.first_token_s));
  } else {
    // Idle applies once tokens flow: some servers send a role chunk long before prefill ends.
    d = std::min(d, *last_byte_ + seconds(config_.timeouts.idle_s));
  }
  return d;
}

const char* Transfer::expired(Clock::time_point now) const {
  if (now < next_deadline()) return "";
  if (connect_by_) return "timeout_connect";
  if (now >= start_ + seconds(config_.timeouts.total_s)) return "timeout_total";
  return first_text_ ? "timeout_idle" : "timeout_first_token";
}

void Transfer::classify_curl_result(CURLcode result) {
  const std::string detail = curl_error_[0] != '\0' ? curl_error_ : curl_easy_strerror(result);
  switch (result) {
    case CURLE_OK:
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      set_error("connect", detail);
      return;
    case CURLE_OPERATION_TIMEDOUT:  // run_plan sets no curl total timeout: this is connect
      set_error("timeout_connect", detail);
      return;
    default:
      if (done_at_) return;  // a reset after [DONE] loses nothing
      if (status_ >= 200 && status_ < 300) {
        set_error("stream_truncated", detail);
        return;
      }
      break;
  }
  if (status_ != 0 && (status_ < 200 || status_ >= 300)) {
    set_error("http_" + std::to_string(status_), error_message_from_body(error_body_, kMessageCap));
  } else if (status_ == 0 && result != CURLE_OK) {
    set_error("stream_truncated", detail);  // connected, but no response came back
  } else if (!done_at_) {
    set_error("stream_truncated", sse_.events() == 0
                                      ? "response had no SSE events (was \"stream\": true ignored?)"
                                      : "stream ended without data: [DONE]");
  }
}

RequestRecord Transfer::complete(CURLcode result, const std::string& detail, Clock::time_point now) {
  const std::size_t n = std::min(detail.size(), sizeof curl_error_ - 1);
  detail.copy(curl_error_, n);
  curl_error_[n] = '\0';
  return complete(result, now);
}

RequestRecord Transfer::complete(CURLcode result, Clock::time_point now) {
  fetch_status();
  if (!rec_.error && status_ >= 200 && status_ < 300) {
    now_ = now;
    sse_.finish();  // a last event without its blank line still counts
  }
  if (!rec_.error) classify_curl_result(result);
  return finish(done_at_ ? *done_at_ : now);
}

RequestRecord Transfer::abort(const std::string& kind, const std::string& message,
                              Clock::time_point now) {
  fetch_status();
  set_error(kind, message);  // unless an earlier error (e.g. in-stream) already explains it
  return finish(now);
}

double Transfer::rel_ms(Clock::time_point t) const {
  return ms_between(epoch_, t) * config_.time_scale;
}

double Transfer::dur_ms(Clock::time_point from, Clock::time_point to) const {
  return ms_between(from, to) * config_.time_scale;
}

RequestRecord Transfer::finish(Clock::time_point end) {
  rec_.intended_start_ms = rel_ms(*intended_);
  rec_.start_ms = rel_ms(start_);
  rec_.end_ms = rel_ms(end);
  if (first_text_) {
    rec_.ttft_ms = dur_ms(start_, *first_text_);
    rec_.decode_ms = dur_ms(*first_text_, last_text_);
  }
  rec_.output_tokens_estimated = !usage_completion_;
  rec_.output_tokens = usage_completion_ ? *usage_completion_ : text_chunks_;
  if (rec_.decode_ms && rec_.output_tokens > 1) {
    rec_.tpot_ms = *rec_.decode_ms / static_cast<double>(rec_.output_tokens - 1);
  }
  rec_.ok = !rec_.error;
  if (rec_.ok) rec_.e2el_ms = dur_ms(start_, end);
  return std::move(rec_);
}

}  // namespace sonde
