#include "traffic/sharegpt.hpp"

#include <fmt/format.h>

#include "traffic/json_array_scanner.hpp"
#include "traffic/json_doc.hpp"
#include "traffic/sampling.hpp"

namespace sonde::traffic {
namespace {

constexpr const char* kHint =
    "each element must be {\"conversations\": [{\"from\": \"human\", \"value\": \"...\"}, "
    "{\"from\": \"gpt\", \"value\": \"...\"}]}";

}  // namespace

struct ShareGptReader::State {
  State(std::unique_ptr<ByteSource> src, DatasetOptions opts)
      : source(std::move(src)), scanner(*source, kHint), options(std::move(opts)) {
    facts.path = source->name();
  }
  std::unique_ptr<ByteSource> source;
  JsonArrayScanner scanner;
  DatasetOptions options;
  JsonDoc doc;
  SourceFacts facts;

  void skip(SkipReason reason) { ++facts.skipped[reason]; }
  // The row of one element, or nullopt when it is skipped (counted).
  std::optional<ShareGptRowView> row(const JsonArrayScanner::Element& e);
};

std::optional<ShareGptRowView> ShareGptReader::State::row(const JsonArrayScanner::Element& e) {
  const JsonContext where{{source->name(), e.line, e.index}, kHint};
  const simdjson::dom::element root = doc.parse(e.text, where);
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    where.fail("", fmt::format("must be an object (got {})", json_type_name(root)));
  }
  simdjson::dom::element conversations;
  if (object["conversations"].get(conversations)) where.fail("conversations", "is missing");
  simdjson::dom::array turns;
  if (conversations.get_array().get(turns)) {
    where.fail("conversations",
               fmt::format("must be an array (got {})", json_type_name(conversations)));
  }
  // Only the turns up to the answer are read (and checked): later turns are never sent.
  std::optional<std::string_view> prompt;
  std::size_t i = 0;
  for (simdjson::dom::element turn : turns) {
    const std::string name = fmt::format("conversations[{}]", i++);
    simdjson::dom::object t;
    if (turn.get_object().get(t)) {
      where.fail(name, fmt::format("must be an object (got {})", json_type_name(turn)));
    }
    simdjson::dom::element from, value;
    if (t["from"].get(from)) where.fail(name + ".from", "is missing");
    const std::string_view speaker = string_field(where, from, name + ".from");
    const bool wanted = prompt ? speaker == "gpt" : speaker == "human";
    if (!wanted) continue;
    if (t["value"].get(value)) where.fail(name + ".value", "is missing");
    const std::string_view text = string_field(where, value, name + ".value");
    if (!prompt) {
      prompt = text;
      continue;
    }
    if (options.max_input_len && prompt_length(options, *prompt) > *options.max_input_len) {
      skip(SkipReason::too_long);
      return std::nullopt;
    }
    return ShareGptRowView{e.index, e.line, *prompt, text};
  }
  skip(prompt ? SkipReason::no_answer : SkipReason::no_human_turn);
  return std::nullopt;
}

ShareGptReader::ShareGptReader(const std::string& path, DatasetOptions options)
    : state_(std::make_unique<State>(std::make_unique<ByteSource>(path), std::move(options))) {}

ShareGptReader::ShareGptReader(std::istream& in, std::string name, DatasetOptions options)
    : state_(std::make_unique<State>(std::make_unique<ByteSource>(in, std::move(name)),
                                     std::move(options))) {}

ShareGptReader::~ShareGptReader() = default;

std::optional<ShareGptRowView> ShareGptReader::next() {
  State& s = *state_;
  while (const auto element = s.scanner.next()) {
    ++s.facts.rows_seen;
    if (auto row = s.row(*element)) {
      ++s.facts.rows_eligible;
      return row;
    }
  }
  if (s.facts.sha256.empty()) {
    s.facts.sha256 = s.source->finish();
    s.facts.bytes = s.source->bytes_read();
  }
  return std::nullopt;
}

const SourceFacts& ShareGptReader::facts() const { return state_->facts; }
const DatasetOptions& ShareGptReader::options() const { return state_->options; }

namespace {

ShareGptDataset sample_all(ShareGptReader& reader) {
  return sample_dataset<ShareGptDataset>(
      reader,
      [](const ShareGptRowView& row) {
        return ShareGptRow{row.index, row.line, std::string(row.prompt), std::string(row.answer)};
      },
      "row", "is an empty array",
      "a row needs a \"human\" turn followed by a \"gpt\" turn, within max_input_len");
}

}  // namespace

ShareGptDataset load_sharegpt(const std::string& path, const DatasetOptions& options) {
  ShareGptReader reader(path, options);
  return sample_all(reader);
}

ShareGptDataset load_sharegpt(std::istream& in, const std::string& name,
                              const DatasetOptions& options) {
  ShareGptReader reader(in, name, options);
  return sample_all(reader);
}

}  // namespace sonde::traffic
