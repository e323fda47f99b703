// The fault-injection side of Session (sim/fault.hpp): what a connection does when the
// injector picks a fault for its request, the engine dies, or /admin/faults is called. Kept
// apart from session.cpp so that the normal path stays readable.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "sim/fault.hpp"
#include "sim/session.hpp"
#include "util/error.hpp"

namespace sonde::sim {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

void append_chunk(std::string& out, std::string_view data) {
  out += fmt::format("{:x}\r\n", data.size());
  out += data;
  out += "\r\n";
}

std::string sse_data(std::string_view json) { return fmt::format("data: {}\n\n", json); }

// A chunk cut off in the middle of its JSON, as a broken proxy or a buffer bug would send it.
std::string malformed_event(const ResponseMeta& meta) {
  return fmt::format(R"(data: {{"id":"{}","object":"{}","created":{},"choices":[{{"index":0,)"
                     "\"delta\":{{\"content\":\"\n\n",
                     meta.id, meta.chat ? "chat.completion.chunk" : "text_completion", meta.created);
}

std::string engine_dead_body() {
  return vllm_error_body(kEngineDeadMessage, "InternalServerError", 500);
}

}  // namespace

bool Session::begin_fault() {
  Generation& g = *gen_;
  if (core_.engine_dead()) {
    core_.faults().record(FaultKind::engine_death);
    respond(500, engine_dead_body());
    return true;
  }
  g.fault = core_.faults().next_request(g.req.stream);
  if (!g.fault) return false;
  const FaultSpec f = *g.fault;
  switch (f.kind) {
    case FaultKind::http_500:
      core_.faults().record(f.kind);
      respond(500, vllm_error_body("Internal Server Error", "InternalServerError", 500));
      return true;
    case FaultKind::http_429: {
      core_.faults().record(f.kind);
      const auto after = static_cast<int64_t>(std::ceil(fault_seconds(f)));
      extra_headers_ = fmt::format("retry-after: {}\r\n", after);
      respond(429, vllm_error_body(fmt::format("Too many requests; retry after {} s", after),
                                   "RateLimitError", 429));
      extra_headers_.clear();
      return true;
    }
    case FaultKind::http_400: {
      core_.faults().record(f.kind);
      const int64_t ctx = core_.options().max_model_len;
      respond(400, vllm_error_body(
                       fmt::format("You passed {} input tokens and requested {} output tokens. "
                                   "However, the model's context length is only {} tokens, "
                                   "resulting in a maximum input length of {} tokens. Please "
                                   "reduce the length of the input prompt.",
                                   g.req.prompt_tokens, g.req.output_tokens, ctx,
                                   std::max<int64_t>(0, ctx - g.req.output_tokens)),
                       "BadRequestError", 400));
      return true;
    }
    case FaultKind::engine_death:
      core_.faults().record(f.kind);
      respond(500, engine_dead_body());
      core_.kill_engine(fault_seconds(f));
      return true;
    case FaultKind::slow_headers:
      core_.faults().record(f.kind);
      hold(fault_seconds(f));
      return false;
    default:
      return false;  // the stream faults act in stream_fault()
  }
}

bool Session::stream_fault(const TokenOutput& out, std::string& bytes) {
  Generation& g = *gen_;
  const FaultKind k = g.fault->kind;
  FaultInjector& faults = core_.faults();
  if (k == FaultKind::disconnect_before_first_token) {
    faults.record(k);
    close();  // the headers went out; the first token never does
    return true;
  }
  if (k == FaultKind::no_done || k == FaultKind::no_usage) {
    if (!out.finished) return false;
    faults.record(k);
    const Usage usage{g.req.prompt_tokens, out.total_tokens};
    if (k == FaultKind::no_done && g.req.include_usage) {
      append_chunk(bytes, sse_usage_chunk(g.meta, usage));
    }
    if (k == FaultKind::no_usage) append_chunk(bytes, kSseDone);
    bytes += "0\r\n\r\n";  // the body ends cleanly: only [DONE] (or the usage) is missing
    enqueue(std::move(bytes), true);
    return true;
  }
  // Halfway: the first chunk that reaches this many tokens.
  const int64_t trigger = std::min(g.req.output_tokens, g.req.output_tokens / 2 + 1);
  if (!fault_is_mid_stream(k) || g.fault_fired || out.total_tokens < trigger) return false;
  g.fault_fired = true;
  faults.record(k);
  switch (k) {
    case FaultKind::malformed_chunk:
      append_chunk(bytes, malformed_event(g.meta));
      return false;  // the stream goes on as if nothing happened
    case FaultKind::stall_mid_stream:
      hold(fault_seconds(*g.fault));  // this chunk and the rest wait
      return false;
    case FaultKind::disconnect_mid_stream:
      hangup_ = true;  // close once this chunk is written, without the final chunk
      core_.abort(g.engine_id);
      gen_.reset();
      enqueue(std::move(bytes), false);
      return true;
    default: {  // error_event
      core_.abort(g.engine_id);
      append_chunk(bytes, sse_data(vllm_error_body("Simulated in-stream failure (sonde sim "
                                                   "--fault error_event)",
                                                   "BadRequestError", 400)));
      append_chunk(bytes, kSseDone);
      bytes += "0\r\n\r\n";
      enqueue(std::move(bytes), true);
      return true;
    }
  }
}

void Session::on_engine_dead() {
  if (!gen_ || closed_) return;
  core_.faults().record(FaultKind::engine_death);
  if (!gen_->req.stream) return respond(500, engine_dead_body());
  // The 200 and some chunks are out: vLLM reports the dead engine inside the stream.
  std::string bytes;
  append_chunk(bytes, sse_data(engine_dead_body()));
  append_chunk(bytes, kSseDone);
  bytes += "0\r\n\r\n";
  enqueue(std::move(bytes), true);
}

void Session::hold(double seconds) {
  held_ = true;
  hold_timer_.emplace(stream_.get_executor());
  hold_timer_->expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds)));
  hold_timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_) return;
    self->held_ = false;
    self->do_write();
  });
}

void Session::serve_admin_faults(const Request& req) {
  if (req.method() == http::verb::get) {
    return respond(200, core_.faults().status_body(core_.engine_dead()));
  }
  if (req.method() != http::verb::post) return respond(405, R"({"detail":"Method Not Allowed"})");
  try {
    const auto j = nlohmann::json::parse(req.body());
    const auto& list = j.is_object() && j.contains("faults") ? j["faults"] : j;
    if (!list.is_array()) throw UsageError("/admin/faults: the body must be a JSON list of faults");
    std::vector<FaultSpec> specs;
    for (const auto& item : list) specs.push_back(fault_spec_from_json(item));
    std::optional<uint64_t> seed;
    if (j.is_object() && j.contains("seed")) {
      if (!j["seed"].is_number_unsigned()) throw UsageError("/admin/faults: 'seed' must be >= 0");
      seed = j["seed"].get<uint64_t>();
    }
    core_.faults().configure(std::move(specs), seed);
  } catch (const nlohmann::json::exception& e) {
    return respond(400, vllm_error_body(fmt::format("/admin/faults: invalid JSON: {}", e.what()),
                                        "BadRequestError", 400));
  } catch (const UsageError& e) {
    return respond(400, vllm_error_body(e.what(), "BadRequestError", 400));
  }
  respond(200, core_.faults().status_body(core_.engine_dead()));
}

}  // namespace sonde::sim
