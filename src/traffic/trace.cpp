#include "traffic/trace.hpp"

#include "traffic/error.hpp"

namespace sonde::traffic {

std::unique_ptr<TraceReader> open_trace(TraceFormat format, const std::string& path,
                                        TraceOptions options) {
  return format == TraceFormat::mooncake ? open_mooncake(path, options) : open_azure(path, options);
}

Trace read_trace(TraceReader& reader) {
  Trace out;
  while (auto row = reader.next()) out.rows.push_back(std::move(*row));
  out.facts = reader.finish();
  if (out.rows.empty()) {
    throw TrafficError({out.facts.path, 0, {}}, "", "has no request rows",
                       "a trace needs at least one row after its header (if any)");
  }
  return out;
}

}  // namespace sonde::traffic
