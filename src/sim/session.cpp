#include "sim/session.hpp"

#include <algorithm>
#include <fmt/format.h>

#include <boost/asio/write.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "sim/identity.hpp"
#include "sim/kv_cache.hpp"
#include "sim/send_times.hpp"
#include "sim/text_gen.hpp"
#include "sim/tokenizer.hpp"

namespace sonde::sim {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using ojson = nlohmann::ordered_json;

constexpr uint64_t kBodyLimit = 64ull << 20;  // prompts of a 128k context fit easily
constexpr size_t kWatchLimit = 1u << 20;      // pipelined bytes buffered while streaming
constexpr const char* kVllmVersion = "0.11.0";

// Hashes of the full blocks of the whole sequence, prompt and answer: as in vLLM, the blocks the
// answer fills are cached as they are computed, so a conversation that sends this answer back
// as history finds them. The answer's tokens are known up front (the text stream is seeded by
// the prompt), one id per piece; the EOS that ends a stopping answer has no text and no block
// worth finding, so it is left out.
std::vector<uint64_t> sequence_block_hashes(const GenerationRequest& r, int block_size) {
  std::vector<int64_t> ids = r.prompt_ids;
  const int64_t pieces = r.stops_on_eos ? r.output_tokens - 1 : r.output_tokens;
  ids.reserve(ids.size() + static_cast<size_t>(std::max<int64_t>(0, pieces)));
  TextStream text(r.seed, r.korean);
  for (int64_t i = 0; i < pieces; ++i) {
    const auto piece = encode_text(text.next());
    ids.insert(ids.end(), piece.begin(), piece.end());  // one id: the stream's pieces are tokens
  }
  return prompt_block_hashes(ids, block_size);
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string models_body(const SimOptions& o) {
  const int64_t created = unix_now();
  const ojson permission = {{"id", "modelperm-" + random_hex_id()},
                            {"object", "model_permission"},
                            {"created", created},
                            {"allow_create_engine", false},
                            {"allow_sampling", true},
                            {"allow_logprobs", true},
                            {"allow_search_indices", false},
                            {"allow_view", true},
                            {"allow_fine_tuning", false},
                            {"organization", "*"},
                            {"group", nullptr},
                            {"is_blocking", false}};
  const ojson model = {{"id", served_name(o)},
                       {"object", "model"},
                       {"created", created},
                       {"owned_by", "vllm"},
                       {"root", o.model},
                       {"parent", nullptr},
                       {"max_model_len", o.max_model_len},
                       {"permission", ojson::array({permission})}};
  return ojson{{"object", "list"}, {"data", ojson::array({model})}}.dump();
}

void append_chunk(std::string& out, std::string_view data) { append_http_chunk(out, data); }

}  // namespace

Session::Session(boost::asio::ip::tcp::socket socket, ServerCore& core)
    : stream_(std::move(socket)), core_(core),
      identity_line_(fmt::format("{}: {}\r\n", kIdentityHeader,
                                 identity_header_value(identity_of(core.config())))) {}

Session::~Session() { core_.detach(this); }

void Session::start() {
  core_.attach(this, weak_from_this());
  do_read();
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  if (hold_timer_) hold_timer_->cancel();  // a fault's hold must not keep the io loop alive
  if (gen_) core_.abort(gen_->engine_id);
  gen_.reset();
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

void Session::fail() { close(); }

void Session::do_read() {
  if (closed_) return;
  parser_.emplace();
  parser_->body_limit(kBodyLimit);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
}

void Session::on_read(beast::error_code ec) {
  if (ec) return fail();  // EOF between requests is the normal end of keep-alive
  Request req = parser_->release();
  keep_alive_ = req.keep_alive();
  const auto rid = req.find("x-request-id");
  request_id_ = rid == req.end() ? "" : std::string(rid->value().data(), rid->value().size());
  route(req);
}

void Session::route(const Request& req) {
  const auto target = req.target();
  std::string_view path(target.data(), target.size());
  path = path.substr(0, path.find('?'));
  const bool get = req.method() == http::verb::get;
  const bool post = req.method() == http::verb::post;
  const auto& o = core_.options();
  if (!o.api_key.empty() && path.substr(0, 4) == "/v1/") {
    const auto auth = req.find(http::field::authorization);
    if (auth == req.end() ||
        std::string_view(auth->value().data(), auth->value().size()) != "Bearer " + o.api_key) {
      return respond(401, R"({"error":"Unauthorized"})");  // vLLM's answer, word for word
    }
  }
  if (path == "/v1/chat/completions" && post) return start_generation(req, Endpoint::chat);
  if (path == "/v1/completions" && post) return start_generation(req, Endpoint::completions);
  if (path == "/health" && get) return respond(core_.engine_dead() ? 503 : 200, "", "");
  if (path == "/admin/faults") return serve_admin_faults(req);
  if (path == "/admin/reset-peaks" && post) {
    core_.reset_peaks();
    return respond(200, R"({"reset":true})");
  }
  if (path == "/metrics" && get) {
    return respond(200, core_.metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
  }
  if (path == "/gpu-metrics" && get) {
    return respond(200, core_.gpu_metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
  }
  if (path == "/version" && get) return respond(200, ojson{{"version", kVllmVersion}}.dump());
  if (path == "/v1/models" && get) return respond(200, models_body(o));
  if (path == "/tokenize" && post) {
    auto [status, body] = handle_tokenize(req.body(), o);
    return respond(status, body);
  }
  if (path == "/detokenize" && post) {
    auto [status, body] = handle_detokenize(req.body(), o);
    return respond(status, body);
  }
  static constexpr std::string_view kKnown[] = {
      "/v1/chat/completions", "/v1/completions",   "/health",     "/version",
      "/v1/models",           "/tokenize",         "/detokenize", "/metrics",
      "/gpu-metrics",         "/admin/reset-peaks"};
  for (auto known : kKnown) {
    if (path == known) return respond(405, R"({"detail":"Method Not Allowed"})");
  }
  respond(404, R"({"detail":"Not Found"})");
}

void Session::start_generation(const Request& req, Endpoint endpoint) {
  auto parsed = parse_generation(req.body(), endpoint, core_.options());
  if (auto* e = std::get_if<ApiError>(&parsed)) return respond(e->status, error_body(*e));
  auto& r = std::get<GenerationRequest>(parsed);
  const bool chat = endpoint == Endpoint::chat;
  const std::string id = request_id_.empty() ? random_hex_id() : request_id_;
  gen_.emplace(Generation{0,
                          r,
                          ResponseMeta{(chat ? "chatcmpl-" : "cmpl-") + id,
                                       served_name(core_.options()), unix_now(), chat},
                          TextStream(r.seed, r.korean),
                          {},
                          std::nullopt,
                          false,
                          std::nullopt});
  if (begin_fault()) return;  // sim/fault_session.cpp: a fault answered instead of the engine
  if (r.stream) gen_->chunks.emplace(gen_->meta, core_.options().emit_send_times);
  // Headers go out at once, as uvicorn sends them before the first body chunk.
  if (r.stream) enqueue(head(200, "text/event-stream; charset=utf-8", true, 0), false);
  EngineRequest er;
  er.prompt_tokens = r.prompt_tokens;
  er.output_tokens = r.output_tokens;
  er.stops_on_eos = r.stops_on_eos;
  if (core_.options().enable_prefix_caching) {
    er.block_hashes = sequence_block_hashes(r, core_.options().block_size);
  }
  gen_->req.prompt_ids.clear();  // not needed any more; long prompts are large
  gen_->engine_id = core_.submit(std::move(er), weak_from_this());
  watch();
}

void Session::on_tokens(const TokenOutput& out) {
  if (!gen_ || closed_) return;
  Generation& g = *gen_;
  std::string& text = step_text_;
  std::string& thought = step_reasoning_;
  text.clear();
  thought.clear();
  // A streamed chat answer's first --reasoning-tokens tokens are the model's thinking.
  const int64_t reasoning = g.meta.chat && g.req.stream ? core_.options().reasoning_tokens : 0;
  for (int64_t i = out.total_tokens - out.new_tokens + 1; i <= out.total_tokens; ++i) {
    const bool eos = g.req.stops_on_eos && i == g.req.output_tokens;  // EOS has no text
    if (!eos) (i <= reasoning ? thought : text) += g.text.next();
  }
  const std::string_view finish = !out.finished ? "" : g.req.stops_on_eos ? "stop" : "length";
  Usage usage{g.req.prompt_tokens, out.total_tokens};
  if (reasoning > 0) usage.reasoning_tokens = std::min(reasoning, out.total_tokens);
  // vLLM reports it in the final usage only (the stream's usage chunk, the non-stream body).
  const std::optional<int64_t> cached =
      core_.options().enable_prompt_tokens_details ? std::optional(out.cached_tokens) : std::nullopt;
  if (!g.req.stream) {
    usage.cached_tokens = cached;
    g.full_text += text;
    if (out.finished) respond(200, full_response(g.meta, g.full_text, finish, usage));
    return;
  }
  const auto running = g.req.continuous_usage ? std::optional<Usage>(usage) : std::nullopt;
  std::string& bytes = step_bytes_;
  bytes.clear();
  if (g.meta.chat && out.total_tokens == out.new_tokens) {
    // The role chunk is no token: vLLM sends it with the first token, after prefill.
    const auto zero =
        g.req.continuous_usage ? std::optional<Usage>(Usage{g.req.prompt_tokens, 0}) : std::nullopt;
    append_chunk(bytes, sse_role_chunk(g.meta, zero));
  }
  if (!thought.empty()) {
    // A step that ends the thinking and begins the answer sends both, reasoning first.
    const bool answer_too = !text.empty();
    g.chunks->append(bytes, thought, answer_too ? "" : finish, running, true);
    if (answer_too) g.chunks->append(bytes, text, finish, running);
  } else {
    g.chunks->append(bytes, text, finish, running);
  }
  if (g.fault && stream_fault(out, bytes)) return;  // sim/fault_session.cpp
  if (out.finished) {
    usage.cached_tokens = cached;
    if (g.req.include_usage) append_chunk(bytes, sse_usage_chunk(g.meta, usage));
    append_chunk(bytes, kSseDone);
    bytes += "0\r\n\r\n";
  }
  enqueue(bytes, out.finished);
}

std::string Session::head(int status, std::string_view content_type, bool chunked,
                          size_t content_length) const {
  const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  std::string h = fmt::format("HTTP/1.1 {} {}\r\nserver: uvicorn\r\n", status,
                              std::string_view(reason.data(), reason.size()));
  if (!content_type.empty()) h += fmt::format("content-type: {}\r\n", content_type);
  if (chunked) {
    h += "transfer-encoding: chunked\r\n";
  } else {
    h += fmt::format("content-length: {}\r\n", content_length);
  }
  if (!request_id_.empty()) h += fmt::format("x-request-id: {}\r\n", request_id_);
  h += identity_line_;  // never mistaken for a real vLLM (sim/identity.hpp)
  h += extra_headers_;
  if (!keep_alive_) h += "connection: close\r\n";
  return h + "\r\n";
}

void Session::respond(int status, const std::string& body, std::string_view content_type) {
  enqueue(head(status, content_type, false, body.size()) + body, true);
}

void Session::enqueue(std::string_view bytes, bool last) {
  if (closed_) return;
  pending_ += bytes;
  if (last) {
    last_enqueued_ = true;
    if (gen_) gen_.reset();  // the engine is done with it (or never had it)
  }
  if (core_.delivering()) {
    // Coalesce: the core calls flush() once its batch of steps is delivered.
    if (!flush_queued_) core_.defer_flush(weak_from_this());
    flush_queued_ = true;
    return;
  }
  do_write();
}

void Session::flush() {
  flush_queued_ = false;
  do_write();
}

void Session::do_write() {
  if (writing_ || closed_ || held_) return;
  if (pending_.empty()) {
    if (hangup_) return close();
    if (last_enqueued_) after_response();
    return;
  }
  writing_ = true;
  inflight_.swap(pending_);
  pending_.clear();
  if (core_.options().emit_send_times) stamp_send_times(inflight_);
  boost::asio::async_write(stream_, boost::asio::buffer(inflight_),
                           [self = shared_from_this()](beast::error_code ec, size_t) {
                             self->writing_ = false;
                             if (ec) return self->fail();
                             self->inflight_.clear();
                             self->do_write();
                           });
}

void Session::after_response() {
  last_enqueued_ = false;
  if (!keep_alive_) {
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    return;  // the pending watch (if any) ends this session when the client closes
  }
  if (watching_) {
    read_after_watch_ = true;  // the watch read owns the socket's read side until it returns
  } else {
    do_read();
  }
}

void Session::watch() {
  if (watching_ || closed_ || buffer_.size() >= kWatchLimit) return;
  watching_ = true;
  stream_.socket().async_read_some(
      buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
        self->watching_ = false;
        if (ec) return self->fail();  // client hung up: close() aborts the request
        self->buffer_.commit(n);      // a pipelined request: parse it later
        if (self->read_after_watch_) {
          self->read_after_watch_ = false;
          self->do_read();
        } else if (self->gen_) {
          self->watch();
        }
      });
}

}  // namespace sonde::sim
