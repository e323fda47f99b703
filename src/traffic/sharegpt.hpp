#pragma once
// ShareGPT-format datasets: a JSON array of {"id": ..., "conversations": [{"from": "human" |
// "gpt", "value": "..."}, ...]}. A row gives its first human turn (the prompt) and the first
// "gpt" turn after it (the answer, whose length `output_len: dataset` uses). The file is
// streamed: one element is parsed at a time and only sampled rows are kept (docs/traffic.md).
#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffic/dataset_options.hpp"
#include "traffic/facts.hpp"

namespace sonde::traffic {

// One row, viewing the parser's buffer: valid until the reader's next call.
struct ShareGptRowView {
  std::size_t index;        // 0-based position of the element in the array
  std::size_t line;         // 1-based line where the element starts
  std::string_view prompt;  // the first "human" turn's value, exactly as in the file
  std::string_view answer;  // the first "gpt" turn's value after it
};

// The same row, owning its text.
struct ShareGptRow {
  std::size_t index;   // 0-based position of the element in the array
  std::size_t line;    // 1-based line where the element starts
  std::string prompt;  // the first "human" turn's value, exactly as in the file
  std::string answer;  // the first "gpt" turn's value after it
};

// Reads the rows of a ShareGPT file one at a time, skipping (and counting) rows without a human
// turn, without an answer, or over max_input_len. `sample` and `seed` are not used here (see
// load_sharegpt). Malformed input is a TrafficError naming line, element and field.
class ShareGptReader {
 public:
  ShareGptReader(const std::string& path, DatasetOptions options);
  // Reads `in` (not owned), called `name` in error messages.
  ShareGptReader(std::istream& in, std::string name, DatasetOptions options);
  ~ShareGptReader();
  ShareGptReader(const ShareGptReader&) = delete;
  ShareGptReader& operator=(const ShareGptReader&) = delete;

  // The next eligible row, or nullopt at the end of the array.
  std::optional<ShareGptRowView> next();
  // Counters so far; sha256 and bytes of the whole file once next() has returned nullopt.
  const SourceFacts& facts() const;
  const DatasetOptions& options() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct ShareGptDataset {
  std::vector<ShareGptRow> rows;  // the sampled rows, in file order
  SourceFacts facts;              // sha256 of the file, rows seen / used / skipped
};

// Reads the whole file in one pass and keeps `options.sample` rows chosen uniformly at random
// (reservoir sampling: the same seed gives the same rows), or every eligible row. A file with no
// eligible row is a TrafficError.
ShareGptDataset load_sharegpt(const std::string& path, const DatasetOptions& options);
ShareGptDataset load_sharegpt(std::istream& in, const std::string& name,
                              const DatasetOptions& options);

}  // namespace sonde::traffic
