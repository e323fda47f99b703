#include "traffic/jsonl_prompts.hpp"

#include <fmt/format.h>

#include "traffic/json_doc.hpp"
#include "traffic/sampling.hpp"
#include "traffic/source.hpp"
#include "util/text.hpp"

namespace sonde::traffic {
namespace {

constexpr const char* kHint = "each line must be {\"prompt\": \"...\"} or {\"messages\": [...]}";
constexpr const char* kMessagesHint =
    "\"messages\" must be [{\"role\": \"user\", \"content\": \"...\"}, ...]";

std::vector<ChatMessage> read_messages(const JsonContext& where, simdjson::dom::element value) {
  simdjson::dom::array list;
  if (value.get_array().get(list)) {
    where.fail("messages", fmt::format("must be an array (got {})", json_type_name(value)));
  }
  const JsonContext inner{where.site, kMessagesHint};
  std::vector<ChatMessage> out;
  std::size_t i = 0;
  for (simdjson::dom::element m : list) {
    const std::string name = fmt::format("messages[{}]", i++);
    simdjson::dom::object object;
    if (m.get_object().get(object)) {
      inner.fail(name, fmt::format("must be an object (got {})", json_type_name(m)));
    }
    simdjson::dom::element role, content;
    if (object["role"].get(role)) inner.fail(name + ".role", "is missing");
    if (object["content"].get(content)) inner.fail(name + ".content", "is missing");
    out.push_back({std::string(string_field(inner, role, name + ".role")),
                   std::string(string_field(inner, content, name + ".content"))});
  }
  if (out.empty()) inner.fail("messages", "is empty");
  return out;
}

PromptRow read_row(JsonDoc& doc, const JsonContext& where, std::string_view text) {
  const simdjson::dom::element root = doc.parse(text, where);
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    where.fail("", fmt::format("must be a JSON object (got {})", json_type_name(root)));
  }
  PromptRow row{where.site.line, {}, {}};
  bool has_prompt = false, has_messages = false;
  for (const auto [key, value] : object) {
    if (key == "prompt") {
      row.input = std::string(string_field(where, value, "prompt"));
      has_prompt = true;
    } else if (key == "messages") {
      row.input = read_messages(where, value);
      has_messages = true;
    } else if (key == "output_len") {
      const std::int64_t n = integer_field(where, value, "output_len");
      if (n <= 0) where.fail("output_len", fmt::format("must be a positive integer (got {})", n));
      row.output_len = n;
    } else {
      where.fail(std::string(key), "is not a known key; allowed: prompt, messages, output_len");
    }
  }
  if (has_prompt && has_messages)
    where.fail("messages", "is given together with \"prompt\"; keep one");
  if (!has_prompt && !has_messages) where.fail("prompt", "is missing");
  return row;
}

std::size_t input_length(const DatasetOptions& options, const PromptRow& row) {
  if (const auto* text = std::get_if<std::string>(&row.input)) return prompt_length(options, *text);
  std::size_t n = 0;
  for (const ChatMessage& m : std::get<std::vector<ChatMessage>>(row.input)) {
    n += prompt_length(options, m.content);
  }
  return n;
}

}  // namespace

struct PromptReader::State {
  State(std::unique_ptr<ByteSource> src, DatasetOptions opts)
      : source(std::move(src)), lines(*source), options(std::move(opts)) {
    facts.path = source->name();
  }
  std::unique_ptr<ByteSource> source;
  LineReader lines;
  DatasetOptions options;
  JsonDoc doc;
  SourceFacts facts;
};

PromptReader::PromptReader(const std::string& path, DatasetOptions options)
    : state_(std::make_unique<State>(std::make_unique<ByteSource>(path), std::move(options))) {}

PromptReader::PromptReader(std::istream& in, std::string name, DatasetOptions options)
    : state_(std::make_unique<State>(std::make_unique<ByteSource>(in, std::move(name)),
                                     std::move(options))) {}

PromptReader::~PromptReader() = default;

std::optional<PromptRow> PromptReader::next() {
  State& s = *state_;
  while (const auto line = s.lines.next()) {
    ++s.facts.rows_seen;
    if (trim(*line).empty()) {
      ++s.facts.skipped[SkipReason::empty_line];
      continue;
    }
    const JsonContext where{{s.source->name(), s.lines.line(), {}}, kHint};
    PromptRow row = read_row(s.doc, where, *line);
    if (s.options.max_input_len && input_length(s.options, row) > *s.options.max_input_len) {
      ++s.facts.skipped[SkipReason::too_long];
      continue;
    }
    ++s.facts.rows_eligible;
    return row;
  }
  if (s.facts.sha256.empty()) {
    s.facts.sha256 = s.source->finish();
    s.facts.bytes = s.source->bytes_read();
  }
  return std::nullopt;
}

const SourceFacts& PromptReader::facts() const { return state_->facts; }
const DatasetOptions& PromptReader::options() const { return state_->options; }

namespace {

PromptDataset sample_all(PromptReader& reader) {
  return sample_dataset<PromptDataset>(
      reader, [](PromptRow& row) { return std::move(row); }, "line", nullptr,
      "add lines like {\"prompt\": \"...\"}, within max_input_len");
}

}  // namespace

PromptDataset load_prompts(const std::string& path, const DatasetOptions& options) {
  PromptReader reader(path, options);
  return sample_all(reader);
}

PromptDataset load_prompts(std::istream& in, const std::string& name, const DatasetOptions& options) {
  PromptReader reader(in, name, options);
  return sample_all(reader);
}

}  // namespace sonde::traffic
