// libFuzzer target: the JSONL prompts loader on arbitrary bytes. Invariants: it loads or throws
// a TrafficError naming the input; loaded text is UTF-8; rows are counted; line numbers rise.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "traffic/jsonl_prompts.hpp"
#include "traffic_fuzz_common.hpp"

using namespace sonde::traffic;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  DatasetOptions options;
  if (size % 2) options.max_input_len = 30;
  try {
    std::istringstream in(input);
    const PromptDataset d = load_prompts(in, "p.jsonl", options);
    fuzz::check_facts(d.facts, input);
    std::size_t last_line = 0;
    for (const PromptRow& r : d.rows) {
      check(r.line > last_line);
      last_line = r.line;
      check(!r.output_len || *r.output_len > 0);
      if (const auto* text = std::get_if<std::string>(&r.input)) {
        check(first_invalid_utf8(*text) == std::string_view::npos);
      } else {
        const auto& messages = std::get<std::vector<ChatMessage>>(r.input);
        check(!messages.empty());
        for (const ChatMessage& m : messages) {
          check(first_invalid_utf8(m.role) == std::string_view::npos);
          check(first_invalid_utf8(m.content) == std::string_view::npos);
        }
      }
    }
  } catch (const TrafficError& e) {
    fuzz::check_error(e, "p.jsonl");
  }
  return 0;
}
