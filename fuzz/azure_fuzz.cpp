// libFuzzer target: the Azure trace loader on arbitrary bytes (fuzz/trace_fuzz_common.hpp), and
// the TIMESTAMP parser: whatever it accepts is 19+ characters and a real time.
#include <cstddef>
#include <cstdint>
#include <string>

#include "trace_fuzz_common.hpp"
#include "traffic/azure_time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (const auto ns = sonde::traffic::parse_azure_timestamp_ns(input)) {
    sonde::traffic::fuzz::check(input.size() >= 19);
  }
  sonde::traffic::fuzz::check_trace(input, "a.csv",
                                    [](std::istream& in, sonde::traffic::TraceOptions o) {
                                      return sonde::traffic::open_azure(in, "a.csv", o);
                                    });
  return 0;
}
