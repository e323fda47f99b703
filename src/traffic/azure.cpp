// Azure LLM inference traces (CSV): a header naming TIMESTAMP, ContextTokens and GeneratedTokens
// (any order, other columns ignored), then one request per line. No quoting: the public traces
// have none, and none of the three columns can hold a comma.
#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "traffic/azure_time.hpp"
#include "traffic/error.hpp"
#include "traffic/source.hpp"
#include "traffic/line_trace_reader.hpp"
#include "traffic/trace.hpp"
#include "traffic/trace_clock.hpp"
#include "traffic/utf8.hpp"
#include "util/text.hpp"

namespace sonde::traffic {
namespace {

constexpr const char* kHint =
    "the file must start with the header TIMESTAMP,ContextTokens,GeneratedTokens and each row "
    "look like 2023-11-16 18:15:46.6805900,4808,10";

void split(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  for (;;) {
    const auto comma = line.find(',');
    out.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    line.remove_prefix(comma + 1);
  }
}

class AzureReader final : public LineTraceReader {
 public:
  AzureReader(std::unique_ptr<ByteSource> source, TraceOptions options)
      : LineTraceReader(std::move(source), options) {}

 private:
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw TrafficError({source_->name(), lines_.line(), {}}, field, what, kHint);
  }

  void read_header() override {
    auto line = lines_.next();
    if (!line) throw TrafficError({source_->name(), 0, {}}, "", "is empty", kHint);
    std::string_view header = *line;
    if (header.substr(0, 3) == "\xEF\xBB\xBF") header.remove_prefix(3);  // byte-order mark
    split(header, fields_);
    columns_ = fields_.size();
    const auto find = [&](std::string_view name) {
      for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i] == name) return i;
      }
      fail(std::string(name),
           fmt::format("is missing from the header {}", quote_for_message(header, 80)));
    };
    timestamp_ = find("TIMESTAMP");
    context_ = find("ContextTokens");
    generated_ = find("GeneratedTokens");
  }

  std::int64_t tokens(std::size_t column, const char* name) const {
    const std::string_view text = fields_[column];
    std::int64_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size()) {
      fail(name, fmt::format("must be a whole number (got {})", quote_for_message(text)));
    }
    if (n < 0) fail(name, fmt::format("must not be negative (got {})", n));
    return n;
  }

  TraceRow parse(std::string_view line) override {
    split(line, fields_);
    if (fields_.size() != columns_) {
      fail("", fmt::format("has {} columns; the header has {}", fields_.size(), columns_));
    }
    const std::string_view stamp = fields_[timestamp_];
    const auto ns = parse_azure_timestamp_ns(stamp);
    if (!ns) {
      fail("TIMESTAMP", fmt::format("must look like 2023-11-16 18:15:46.6805900 (got {})",
                                    quote_for_message(stamp)));
    }
    const ErrorSite site{source_->name(), lines_.line(), {}};
    if (!first_ns_) first_ns_ = *ns;
    const double arrival =
        clock_.arrival(static_cast<double>(*ns - *first_ns_) / 1e6, site, "TIMESTAMP");
    return {lines_.line(),
            arrival,
            tokens(context_, "ContextTokens"),
            tokens(generated_, "GeneratedTokens"),
            {}};
  }

  TraceClock clock_;
  std::optional<std::int64_t> first_ns_;  // the first row's TIMESTAMP
  std::vector<std::string_view> fields_;  // the current line's columns
  std::size_t columns_ = 0, timestamp_ = 0, context_ = 0, generated_ = 0;
};

}  // namespace

std::unique_ptr<TraceReader> open_azure(const std::string& path, TraceOptions options) {
  return std::make_unique<AzureReader>(std::make_unique<ByteSource>(path), options);
}

std::unique_ptr<TraceReader> open_azure(std::istream& in, std::string name, TraceOptions options) {
  return std::make_unique<AzureReader>(std::make_unique<ByteSource>(in, std::move(name)), options);
}

}  // namespace sonde::traffic
