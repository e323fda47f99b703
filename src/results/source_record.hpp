#pragma once
// What a dataset or trace scenario read and sent: the file's identity, its row counters and the
// lengths asked for versus the lengths prepared (run.json scenario "source"; docs/traffic.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

// min / median / max of a set of token counts (all 0 when empty).
struct LengthRange {
  int64_t min = 0;  // tokens
  int64_t p50 = 0;  // tokens, the lower median
  int64_t max = 0;  // tokens
};

struct SourceRecord {
  std::string kind;                         // "sharegpt", "jsonl", "mooncake", "azure"
  std::string path;                         // the file as the suite (or --dataset) named it
  std::string sha256;                       // of the whole file, hex
  uint64_t rows_used = 0;                   // rows that became requests
  uint64_t rows_skipped = 0;                // sum of `skipped`
  std::map<std::string, uint64_t> skipped;  // rows left out, by reason (docs/traffic.md)
  std::optional<uint64_t> seed;             // dataset: sampling seed (with `sample`);
                                            // trace: seed of the generated prompt words
  // How the scenario asked for its rows (so that a rebuilt spec says the same).
  std::optional<uint64_t> sample;        // dataset: rows drawn; unset = all
  std::optional<int64_t> max_input_len;  // dataset: longest prompt kept (tokens)
  std::optional<int64_t> output_len;     // dataset: forced output; unset = the dataset's
  std::optional<double> speedup;         // trace: timestamps divided by this
  std::optional<uint64_t> max_requests;  // trace: rows read at most
  std::optional<int64_t> block_tokens;   // trace (Mooncake): tokens per hash id
  LengthRange input_tokens_target;    // the row's own prompt length (trace input_length; dataset:
                                      // the server's count of the row)
  LengthRange input_tokens_prepared;  // server-counted tokens of the prompts as sent
  LengthRange output_tokens_target;   // max_tokens sent (ignore_eos: the output length forced)
  // Mooncake: what its hash ids promise a prefix-caching server (workload/trace_cache.hpp,
  // docs/metrics.md "Expected prefix-cache hit rate"); unset for other sources.
  std::optional<int64_t> cacheable_tokens;         // prompt tokens expected from the cache
  std::optional<int64_t> prompt_tokens;            // server-counted tokens of every prompt sent
  std::optional<int> block_size;                   // the KV block (tokens) assumed
  std::optional<double> expected_prefix_hit_rate;  // cacheable / prompt tokens, in [0, 1]
};

// The range of `values` (sorted copy; empty gives zeros).
LengthRange length_range(std::vector<int64_t> values);

}  // namespace sonde
