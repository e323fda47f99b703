#pragma once
// Options shared by the prompt datasets (ShareGPT, JSONL prompts): which rows to keep.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace sonde::traffic {

// Length of a prompt in the caller's unit (characters, or tokens from a tokenizer).
using LengthFn = std::function<std::size_t(std::string_view)>;

struct DatasetOptions {
  std::optional<std::size_t> sample;  // keep this many rows, uniformly at random; all if unset
  std::uint64_t seed = 0;             // the same seed and file give the same sample
  std::optional<std::size_t> max_input_len;  // longer prompts are skipped (SkipReason::too_long)
  LengthFn length;                           // unit of max_input_len; unset: Unicode code points
};

// `text` measured as `options` says.
std::size_t prompt_length(const DatasetOptions& options, std::string_view text);

}  // namespace sonde::traffic
