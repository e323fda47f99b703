#pragma once
// What a loader read from its file: identity (SHA-256) and row counters, for run.json.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace sonde::traffic {

// Why a row of a dataset was left out (not an error: the rest of the file is still used).
enum class SkipReason {
  no_human_turn,  // ShareGPT: no turn with "from": "human"
  no_answer,      // ShareGPT: no "gpt" turn after the first human turn
  too_long,       // the prompt is longer than max_input_len
  empty_line,     // JSONL: a line that is empty or only spaces
};

// "no_human_turn", "no_answer", "too_long", "empty_line": the keys run.json will use.
std::string_view to_string(SkipReason reason);

struct SourceFacts {
  std::string path;                             // the file as the user named it
  std::string sha256;                           // of the whole file, hex; "" until finished
  std::uint64_t bytes = 0;                      // bytes read (the whole file once finished)
  std::uint64_t rows_seen = 0;                  // array elements or non-header lines read
  std::uint64_t rows_eligible = 0;              // rows that passed every check
  std::uint64_t rows_used = 0;                  // rows handed to the caller (after sampling)
  std::map<SkipReason, std::uint64_t> skipped;  // rows left out, by reason

  std::uint64_t rows_skipped() const;  // sum of `skipped`
  // "3 without a human turn, 1 too long" (for messages); "none" when nothing was skipped.
  std::string skipped_summary() const;
};

}  // namespace sonde::traffic
