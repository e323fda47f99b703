#pragma once
// JSONL prompt files: one request per line, {"prompt": "..."} (completions) or
// {"messages": [{"role": "...", "content": "..."}, ...]} (chat), with an optional
// "output_len" (positive integer). Text is kept exactly as written: it is sent verbatim.
// Empty lines are skipped (SkipReason::empty_line).
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "traffic/dataset_options.hpp"
#include "traffic/facts.hpp"

namespace sonde::traffic {

struct ChatMessage {
  std::string role;     // "system", "user", "assistant", ... (not checked)
  std::string content;  // exactly as in the file
};

struct PromptRow {
  std::size_t line;                                           // 1-based line in the file
  std::variant<std::string, std::vector<ChatMessage>> input;  // "prompt" text, or "messages"
  std::optional<std::int64_t> output_len;                     // "output_len" (tokens) when given

  bool is_chat() const { return std::holds_alternative<std::vector<ChatMessage>>(input); }
};

// Reads the rows one at a time; rows over max_input_len (for "messages": the contents' lengths
// summed) are skipped and counted. `sample` and `seed` are not used here (see load_prompts).
class PromptReader {
 public:
  PromptReader(const std::string& path, DatasetOptions options);
  PromptReader(std::istream& in, std::string name, DatasetOptions options);
  ~PromptReader();
  PromptReader(const PromptReader&) = delete;
  PromptReader& operator=(const PromptReader&) = delete;

  // The next eligible row, or nullopt at the end of the file.
  std::optional<PromptRow> next();
  // Counters so far; sha256 and bytes of the whole file once next() has returned nullopt.
  const SourceFacts& facts() const;
  const DatasetOptions& options() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct PromptDataset {
  std::vector<PromptRow> rows;  // the sampled rows, in file order
  SourceFacts facts;            // sha256 of the file, rows seen / used / skipped
};

// The whole file in one pass, sampled like load_sharegpt. No eligible row is a TrafficError.
PromptDataset load_prompts(const std::string& path, const DatasetOptions& options);
PromptDataset load_prompts(std::istream& in, const std::string& name, const DatasetOptions& options);

}  // namespace sonde::traffic
