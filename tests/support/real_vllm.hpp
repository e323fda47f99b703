#pragma once
// Real vLLM outputs (start-up logs, /metrics pages, SSE streams, `vllm bench serve` files, ...)
// used as a regression corpus. They are read in place from SONDE_REAL_VLLM_DIR (a CMake cache
// variable, by default ../shared/real-vllm beside the source tree; its README gives each
// file's provenance) and are never copied into the repository. Without that directory the
// tests skip, saying where they looked; under CI (environment variable CI set, e.g. CI=true)
// its absence is a failure, so a CI run cannot pass without the corpus.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#ifndef SONDE_REAL_VLLM_DIR
#error "SONDE_REAL_VLLM_DIR must be defined by the build (tests/CMakeLists.txt)"
#endif

namespace sonde::test {

// True when the environment says this is a CI run (CI set to anything but "", "0" or "false").
inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  if (ci == nullptr) return false;
  const std::string v(ci);
  return !v.empty() && v != "0" && v != "false";
}

// Base fixture: each test skips (or, in CI, fails) when the corpus is absent.
class RealVllm : public ::testing::Test {
 protected:
  static std::string dir() { return SONDE_REAL_VLLM_DIR; }

  void SetUp() override {
    if (std::filesystem::is_directory(dir())) return;
    const std::string why = "the real vLLM captures are not at " + dir() +
                            " (configure with -DSONDE_REAL_VLLM_DIR=PATH to point elsewhere)";
    if (running_in_ci()) FAIL() << why << "; CI must provide them";
    GTEST_SKIP() << why;
  }

  // The whole file, byte for byte; a test failure (and "") when it cannot be read.
  static std::string capture(const std::string& name) {
    std::ifstream in(dir() + "/" + name, std::ios::binary);
    if (!in) {
      ADD_FAILURE() << "cannot read capture " << dir() << "/" << name;
      return {};
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

}  // namespace sonde::test
