#pragma once
// Request traces (Mooncake JSONL, Azure LLM inference CSV): when each request arrived and how
// many tokens it had in and out. Read one row at a time, so `max_requests` stops reading there.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "traffic/facts.hpp"

namespace sonde::traffic {

struct TraceRow {
  std::size_t line;                    // 1-based line in the file
  double arrival_ms;                   // since the first row's timestamp (the first row: 0)
  std::int64_t input_tokens;           // Mooncake input_length / Azure ContextTokens
  std::int64_t output_tokens;          // Mooncake output_length / Azure GeneratedTokens
  std::vector<std::int64_t> hash_ids;  // Mooncake: prefix-cache block ids; Azure: none
};

struct TraceOptions {
  std::optional<std::size_t> max_requests;  // stop after this many rows; all rows when unset
};

// One trace format. next() errors (TrafficError) name file, line and field; a timestamp earlier
// than the row before it is an error.
class TraceReader {
 public:
  virtual ~TraceReader() = default;
  // The next row, or nullopt at the end of the file or after max_requests rows (the rest of the
  // file is then not read).
  virtual std::optional<TraceRow> next() = 0;
  // Counters so far; bytes: read so far (whole chunks); sha256 empty.
  virtual const SourceFacts& facts() const = 0;
  // Reads the rest of the file only to hash it (no parsing, fixed memory) and returns the facts
  // with sha256 and bytes of the whole file.
  virtual SourceFacts finish() = 0;
};

enum class TraceFormat { mooncake, azure };

// The reader of `format` for `path` (what a suite's `trace: {kind: ...}` names).
std::unique_ptr<TraceReader> open_trace(TraceFormat format, const std::string& path,
                                        TraceOptions options);
std::unique_ptr<TraceReader> open_mooncake(const std::string& path, TraceOptions options);
std::unique_ptr<TraceReader> open_mooncake(std::istream& in, std::string name, TraceOptions options);
std::unique_ptr<TraceReader> open_azure(const std::string& path, TraceOptions options);
std::unique_ptr<TraceReader> open_azure(std::istream& in, std::string name, TraceOptions options);

struct Trace {
  std::vector<TraceRow> rows;  // in file order
  SourceFacts facts;           // sha256 of the whole file
};

// Every row of `reader` (up to max_requests), then finish(). No row is a TrafficError.
Trace read_trace(TraceReader& reader);

}  // namespace sonde::traffic
