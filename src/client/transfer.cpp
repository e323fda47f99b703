#include "client/transfer.hpp"

#include <algorithm>
#include <utility>

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

// Bytes reserved for a kept reply before it streams in: a token is rarely more than 16 bytes of
// text, so the reply grows without reallocating while chunks arrive.
size_t reply_capacity(int64_t output_tokens) {
  return static_cast<size_t>(std::clamp<int64_t>(output_tokens, 0, 1 << 20)) * 16 + 256;
}

}  // namespace

Transfer::Transfer(const ClientConfig& config, ChunkReader& reader, Clock::time_point epoch)
    : config_(config), reader_(reader), epoch_(epoch),
      sse_([this](std::string_view payload) { on_event(payload); }) {}

Transfer::~Transfer() = default;

void Transfer::prepare(const PreparedRequest& req, std::optional<Clock::time_point> intended) {
  req_ = &req;
  rec_ = record_of(req);
  // One gap per token at most; reserving keeps the per-chunk path free of reallocation.
  rec_.itl_ms.reserve(static_cast<size_t>(std::clamp<int64_t>(req.output_tokens_target, 0, 1 << 16)));
  intended_ = intended;
  last_byte_.reset();
  first_text_.reset();
  first_answer_.reset();
  done_at_.reset();
  status_ = 0;
  error_body_.clear();
  text_chunks_ = 0;
  usage_completion_.reset();
  reasoning_chunks_ = 0;
  usage_reasoning_.reset();
  usage_cached_.reset();
  abort_requested_ = false;
  reply_.clear();
  if (req.keep_reply) reply_.reserve(reply_capacity(req.output_tokens_target));
  sse_.reset();
  connect_by_.reset();
}

void Transfer::start(Clock::time_point now, bool connecting) {
  start_ = now;  // provisional: sending() moves it to when the request really goes out
  if (!intended_) intended_ = now;
  if (connecting) connect_by_ = now + seconds(config_.timeouts.connect_s);
}

void Transfer::sending(Clock::time_point now) {
  start_ = now;
  connect_by_.reset();
}

bool Transfer::on_bytes(std::string_view bytes, Clock::time_point now) {
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
    set_error(ErrorKind::malformed_chunk,
              "not a JSON object: " + std::string(payload.substr(0, 512)));
    abort_requested_ = true;
    return;
  }
  if (rec_.response_id.empty() && !c.id.empty()) rec_.response_id.assign(c.id);
  if (c.has_error) {
    std::string msg = c.error_message.empty() ? c.error_type : c.error_message;
    set_error(ErrorKind::stream_error, std::move(msg));
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
  if (c.has_answer && !first_answer_) first_answer_ = now_;
  if (c.has_answer && req_->keep_reply) reply_.append(c.answer_text);
  if (c.has_reasoning) ++reasoning_chunks_;
  if (!c.finish_reason.empty()) rec_.finish_reason.assign(c.finish_reason);
  if (c.prompt_tokens) rec_.input_tokens = *c.prompt_tokens;
  if (c.completion_tokens) usage_completion_ = *c.completion_tokens;
  if (c.reasoning_tokens) usage_reasoning_ = *c.reasoning_tokens;
  if (c.cached_tokens) usage_cached_ = *c.cached_tokens;
}

void Transfer::set_error(ErrorKind kind, std::string message) {
  if (rec_.error) return;  // the first error is the cause; later ones are consequences
  rec_.error = RequestError{kind, static_cast<int>(status_), trimmed(std::move(message))};
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

std::optional<ErrorKind> Transfer::expired(Clock::time_point now) const {
  if (now < next_deadline()) return std::nullopt;
  if (connect_by_) return ErrorKind::timeout_connect;
  if (now >= start_ + seconds(config_.timeouts.total_s)) return ErrorKind::timeout_total;
  return first_text_ ? ErrorKind::timeout_idle : ErrorKind::timeout_first_token;
}

// Every transport's outcome meets the same rules here, so both classify errors alike.
void Transfer::classify(TransportOutcome outcome, const std::string& detail) {
  switch (outcome) {
    case TransportOutcome::ok:
      break;
    case TransportOutcome::resolve_failed:
    case TransportOutcome::connect_failed:
      set_error(ErrorKind::connect, detail);
      return;
    case TransportOutcome::connect_timeout:
      set_error(ErrorKind::timeout_connect, detail);
      return;
    default:
      if (done_at_) return;  // a reset after [DONE] loses nothing
      if (status_ >= 200 && status_ < 300) {
        set_error(ErrorKind::stream_truncated, detail);
        return;
      }
      break;
  }
  if (status_ != 0 && (status_ < 200 || status_ >= 300)) {
    set_error(ErrorKind::http, error_message_from_body(error_body_, kMessageCap));
  } else if (status_ == 0 && outcome != TransportOutcome::ok) {
    set_error(ErrorKind::stream_truncated, detail);  // connected, but no response came back
  } else if (!done_at_) {
    set_error(ErrorKind::stream_truncated,
              sse_.events() == 0 ? "response had no SSE events (was \"stream\": true ignored?)"
                                 : "stream ended without data: [DONE]");
  }
}

RequestRecord Transfer::complete(TransportOutcome outcome, const std::string& detail,
                                 Clock::time_point now) {
  if (!rec_.error && status_ >= 200 && status_ < 300) {
    now_ = now;
    sse_.finish();  // a last event without its blank line still counts
  }
  if (!rec_.error) classify(outcome, detail);
  return finish(done_at_ ? *done_at_ : now);
}

RequestRecord Transfer::abort(ErrorKind kind, const std::string& message, Clock::time_point now) {
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
  if (reasoning_chunks_ > 0 || usage_reasoning_.value_or(0) > 0) {
    rec_.reasoning_tokens = usage_reasoning_ ? *usage_reasoning_ : reasoning_chunks_;
    rec_.reasoning_tokens_estimated = !usage_reasoning_;
    if (first_answer_) rec_.ttfo_ms = dur_ms(start_, *first_answer_);
  }
  rec_.cached_tokens = usage_cached_;
  rec_.ok = !rec_.error;
  if (rec_.ok) rec_.e2el_ms = dur_ms(start_, end);
  return std::move(rec_);
}

}  // namespace sonde
