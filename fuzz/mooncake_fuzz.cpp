// libFuzzer target: the Mooncake trace loader on arbitrary bytes (fuzz/trace_fuzz_common.hpp).
#include <cstddef>
#include <cstdint>
#include <string>

#include "trace_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  sonde::traffic::fuzz::check_trace(input, "m.jsonl",
                                    [](std::istream& in, sonde::traffic::TraceOptions o) {
                                      return sonde::traffic::open_mooncake(in, "m.jsonl", o);
                                    });
  return 0;
}
