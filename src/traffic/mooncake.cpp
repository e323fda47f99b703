// Mooncake traces (JSONL): {"timestamp": ms, "input_length": n, "output_length": n,
// "hash_ids": [block ids]} per line. Other keys are ignored.
#include <fmt/format.h>

#include "traffic/json_doc.hpp"
#include "traffic/source.hpp"
#include "traffic/line_trace_reader.hpp"
#include "traffic/trace.hpp"
#include "traffic/trace_clock.hpp"
#include "util/text.hpp"

namespace sonde::traffic {
namespace {

constexpr const char* kHint =
    "each line must be {\"timestamp\": ms, \"input_length\": n, \"output_length\": n, "
    "\"hash_ids\": [...]}";

simdjson::dom::element required(const JsonContext& where, simdjson::dom::object object,
                                const char* key) {
  simdjson::dom::element value;
  if (object[key].get(value)) where.fail(key, "is missing");
  return value;
}

std::int64_t length(const JsonContext& where, simdjson::dom::object object, const char* key) {
  const std::int64_t n = integer_field(where, required(where, object, key), key);
  if (n < 0) where.fail(key, fmt::format("must not be negative (got {})", n));
  return n;
}

class MooncakeReader final : public LineTraceReader {
 public:
  MooncakeReader(std::unique_ptr<ByteSource> source, TraceOptions options)
      : LineTraceReader(std::move(source), options) {}

 private:
  TraceRow parse(std::string_view text) override {
    const JsonContext where{{source_->name(), lines_.line(), {}}, kHint};
    const simdjson::dom::element root = doc_.parse(text, where);
    simdjson::dom::object object;
    if (root.get_object().get(object)) {
      where.fail("", fmt::format("must be a JSON object (got {})", json_type_name(root)));
    }
    const double timestamp = number_field(where, required(where, object, "timestamp"), "timestamp");
    if (timestamp < 0)
      where.fail("timestamp", fmt::format("must not be negative (got {})", timestamp));
    TraceRow row{lines_.line(),
                 clock_.arrival(timestamp, where.site, "timestamp"),
                 length(where, object, "input_length"),
                 length(where, object, "output_length"),
                 {}};
    const simdjson::dom::element ids = required(where, object, "hash_ids");
    simdjson::dom::array list;
    if (ids.get_array().get(list)) {
      where.fail("hash_ids",
                 fmt::format("must be an array of integers (got {})", json_type_name(ids)));
    }
    std::size_t i = 0;
    for (simdjson::dom::element id : list) {
      row.hash_ids.push_back(integer_field(where, id, fmt::format("hash_ids[{}]", i++)));
    }
    return row;
  }

  JsonDoc doc_;
  TraceClock clock_;
};

}  // namespace

std::unique_ptr<TraceReader> open_mooncake(const std::string& path, TraceOptions options) {
  return std::make_unique<MooncakeReader>(std::make_unique<ByteSource>(path), options);
}

std::unique_ptr<TraceReader> open_mooncake(std::istream& in, std::string name, TraceOptions options) {
  return std::make_unique<MooncakeReader>(std::make_unique<ByteSource>(in, std::move(name)), options);
}

}  // namespace sonde::traffic
