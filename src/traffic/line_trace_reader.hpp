#pragma once
// What the one-row-per-line trace readers (Mooncake, Azure) share: the row loop (empty lines
// skipped and counted, max_requests), the facts, and hashing the rest of the file. A format
// supplies parse() and, when it has one, reads its header in read_header().
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "traffic/source.hpp"
#include "traffic/trace.hpp"
#include "util/text.hpp"

namespace sonde::traffic {

class LineTraceReader : public TraceReader {
 public:
  std::optional<TraceRow> next() final {
    if (options_.max_requests && facts_.rows_used >= *options_.max_requests) return std::nullopt;
    if (!started_) {
      started_ = true;
      read_header();
    }
    while (const auto line = lines_.next()) {
      ++facts_.rows_seen;
      if (trim(*line).empty()) {
        ++facts_.skipped[SkipReason::empty_line];
        continue;
      }
      TraceRow row = parse(*line);
      facts_.bytes = source_->bytes_read();
      ++facts_.rows_eligible;
      ++facts_.rows_used;
      return row;
    }
    return std::nullopt;
  }

  const SourceFacts& facts() const final { return facts_; }

  SourceFacts finish() final {
    facts_.sha256 = source_->finish();
    facts_.bytes = source_->bytes_read();
    return facts_;
  }

 protected:
  LineTraceReader(std::unique_ptr<ByteSource> source, TraceOptions options)
      : source_(std::move(source)), lines_(*source_), options_(options) {
    facts_.path = source_->name();
  }

  virtual void read_header() {}  // called once, before the first row
  virtual TraceRow parse(std::string_view line) = 0;

  std::unique_ptr<ByteSource> source_;
  LineReader lines_;
  SourceFacts facts_;

 private:
  TraceOptions options_;
  bool started_ = false;
};

}  // namespace sonde::traffic
