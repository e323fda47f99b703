// libFuzzer target: the sweep-file loader (src/sweep/sweep_yaml.cpp) on arbitrary file
// contents. Whatever the bytes, it returns a sweep or throws sonde::UsageError (a message naming
// the file and key); any other exception or a crash is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sweep/sweep_file.hpp"
#include "util/error.hpp"

namespace {

const std::string& temp_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/sonde-sweep-fuzz-" +
           std::to_string(getpid()) + ".yaml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FILE* f = std::fopen(temp_path().c_str(), "wb");
  if (!f) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  sonde::SweepSpec spec;
  try {
    spec = sonde::load_sweep_file(temp_path());
  } catch (const sonde::UsageError&) {
    return 0;  // the expected answer to a bad file
  }
  // Anything else propagates (libFuzzer reports an uncaught exception as a crash). A loaded
  // sweep expands to points (a huge matrix may be refused, but only with UsageError).
  try {
    for (const auto& point : sonde::expand_points(spec)) (void)sonde::describe(point.flags);
  } catch (const sonde::UsageError&) {
  }
  return 0;
}
