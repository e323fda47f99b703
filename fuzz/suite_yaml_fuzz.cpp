// libFuzzer target: the suite YAML loader on arbitrary file contents. Whatever the bytes, it
// returns a suite or throws sonde::UsageError (a message naming the file and key); any other
// exception or a crash is a bug. A suite it returns passes its own validation.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "config/suite.hpp"
#include "util/error.hpp"

namespace {

const std::string& temp_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/sonde-suite-fuzz-" +
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
  sonde::SuiteFile suite;
  try {
    suite = sonde::load_suite(temp_path());
  } catch (const sonde::UsageError&) {
    return 0;  // the expected answer to a bad file
  }
  // Anything else propagates (libFuzzer reports an uncaught exception as a crash), and so does
  // a loaded scenario that its own validation rejects.
  for (const auto& s : suite.scenarios) sonde::validate_scenario(s, "fuzz");
  return 0;
}
