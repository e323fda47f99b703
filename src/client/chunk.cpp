#include "client/chunk.hpp"

#include <simdjson.h>

#include <nlohmann/json.hpp>

namespace sonde {
namespace {

namespace dom = simdjson::dom;

// The DOM API, not On-Demand: On-Demand is compiled into this file for the build's baseline
// ISA (plain x86-64 -> the scalar "fallback" kernel), whereas dom::parser dispatches at run time
// to the best kernel the CPU has (AVX2/AVX-512), and it validates the whole payload, which is
// what `malformed_chunk` needs. Chunks are a few hundred bytes: the tree costs nothing.

bool nonempty_string(dom::element v, std::string_view& out) {
  return !v.get_string().get(out) && !out.empty();
}

std::string scalar_text(dom::element v) {
  std::string_view s;
  if (!v.get_string().get(s)) return std::string(s);
  int64_t i = 0;
  if (!v.get_int64().get(i)) return std::to_string(i);
  return "";
}

std::string_view trim(std::string_view s) {
  const auto ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

void read_delta(dom::element v, ChunkInfo& info) {
  dom::object delta;
  if (v.get_object().get(delta)) return;
  for (const auto field : delta) {
    std::string_view text;
    // `reasoning_content` (vLLM's reasoning parsers) was renamed `reasoning` in newer vLLM.
    const bool answer = field.key == "content";
    const bool reasoning = field.key == "reasoning" || field.key == "reasoning_content";
    if ((answer || reasoning) && nonempty_string(field.value, text)) {
      info.has_text = true;
      (answer ? info.has_answer : info.has_reasoning) = true;
      if (answer) info.answer_text = text;
    }
  }
}

void read_choices(dom::element v, ChunkInfo& info) {
  dom::array choices;
  if (v.get_array().get(choices)) return;  // null or odd: ignore
  for (const dom::element choice : choices) {
    dom::object obj;
    if (choice.get_object().get(obj)) continue;
    for (const auto field : obj) {
      std::string_view text;
      if (field.key == "delta") {
        read_delta(field.value, info);
      } else if (field.key == "text") {
        if (nonempty_string(field.value, text)) {
          info.has_text = info.has_answer = true;
          info.answer_text = text;
        }
      } else if (field.key == "finish_reason") {
        if (nonempty_string(field.value, text)) info.finish_reason = text;
      }
    }
  }
}

void read_usage(dom::element v, ChunkInfo& info) {
  dom::object usage;
  if (v.get_object().get(usage)) return;  // `"usage": null` on every completions chunk
  int64_t n = 0;
  if (!usage["prompt_tokens"].get_int64().get(n)) info.prompt_tokens = n;
  if (!usage["completion_tokens"].get_int64().get(n)) info.completion_tokens = n;
  // OpenAI's shape; servers without it leave the transfer to count reasoning chunks.
  if (!usage.at_pointer("/completion_tokens_details/reasoning_tokens").get_int64().get(n)) {
    info.reasoning_tokens = n;
  }
  // vLLM sends it only when started with --enable-prompt-tokens-details (docs/vllm-facts.md).
  if (!usage.at_pointer("/prompt_tokens_details/cached_tokens").get_int64().get(n)) {
    info.cached_tokens = n;
  }
}

// message/type/code of an error object: the nested `error` value, or for older vLLM builds
// the top-level object itself ({"object":"error","message":...}).
void read_error_fields(dom::object err, ChunkInfo& info) {
  std::string_view s;
  if (!err["message"].get_string().get(s)) info.error_message.assign(s);
  if (!err["type"].get_string().get(s)) info.error_type.assign(s);
  dom::element code;
  if (!err["code"].get(code)) info.error_code = scalar_text(code);
}

void read_error(dom::element v, ChunkInfo& info) {
  dom::object err;
  std::string_view s;
  if (!v.get_object().get(err)) {
    info.has_error = true;
    read_error_fields(err, info);
  } else if (!v.get_string().get(s)) {  // some servers send "error": "text"
    info.has_error = true;
    info.error_message.assign(s);
  }
}

}  // namespace

struct ChunkReader::Impl {
  dom::parser parser;
  std::string buf;  // payload copy with SIMDJSON_PADDING spare capacity, reused
  ChunkInfo info;

  bool parse(std::string_view payload);
};

// Sized for any ordinary chunk up front so that the first larger chunk late in a run does not
// allocate on the hot path; bigger payloads still work (the buffers grow once).
constexpr size_t kInitialPayloadCapacity = 4096;

ChunkReader::ChunkReader() : impl_(std::make_unique<Impl>()) {
  impl_->buf.reserve(kInitialPayloadCapacity + simdjson::SIMDJSON_PADDING);
  [[maybe_unused]] const auto err = impl_->parser.allocate(kInitialPayloadCapacity);
}
ChunkReader::~ChunkReader() = default;

bool ChunkReader::Impl::parse(std::string_view payload) {
  buf.reserve(payload.size() + simdjson::SIMDJSON_PADDING);
  buf.assign(payload);
  dom::element doc;
  if (parser.parse(buf.data(), buf.size(), false).get(doc)) return false;
  dom::object obj;
  if (doc.get_object().get(obj)) return false;
  bool error_object = false;
  for (const auto field : obj) {
    std::string_view s;
    if (field.key == "id") {
      if (!field.value.get_string().get(s)) info.id = s;
    } else if (field.key == "choices") {
      read_choices(field.value, info);
    } else if (field.key == "usage") {
      read_usage(field.value, info);
    } else if (field.key == "error") {
      read_error(field.value, info);
    } else if (field.key == "object") {
      error_object = !field.value.get_string().get(s) && s == "error";
    }
  }
  if (error_object && !info.has_error) {
    info.has_error = true;
    read_error_fields(obj, info);
  }
  return true;
}

const ChunkInfo& ChunkReader::read(std::string_view payload) {
  ChunkInfo& info = impl_->info;
  info.is_done = info.malformed = info.empty = info.has_text = info.has_error = false;
  info.has_answer = info.has_reasoning = false;
  info.id = info.finish_reason = info.answer_text = {};
  info.prompt_tokens.reset();
  info.completion_tokens.reset();
  info.reasoning_tokens.reset();
  info.cached_tokens.reset();
  info.error_message.clear();
  info.error_type.clear();
  info.error_code.clear();
  payload = trim(payload);
  if (payload.empty()) {
    info.empty = true;
  } else if (payload == "[DONE]") {
    info.is_done = true;
  } else if (!impl_->parse(payload)) {
    info.malformed = true;
  }
  return info;
}

std::string error_message_from_body(std::string_view body, size_t max_bytes) {
  std::string message;
  const auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_object()) {
    const auto err = j.find("error");
    if (err != j.end() && err->is_object() && err->contains("message") &&
        (*err)["message"].is_string()) {
      message = (*err)["message"].get<std::string>();
    } else if (err != j.end() && err->is_string()) {
      message = err->get<std::string>();
    } else if (j.contains("message") && j["message"].is_string()) {
      message = j["message"].get<std::string>();
    } else if (j.contains("detail")) {
      message = j["detail"].is_string() ? j["detail"].get<std::string>() : j["detail"].dump();
    }
  }
  if (message.empty()) message = std::string(trim(body));
  if (message.size() > max_bytes) {
    size_t cut = max_bytes;  // do not split a UTF-8 sequence (Korean messages)
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message.resize(cut);
  }
  return message;
}

}  // namespace sonde
