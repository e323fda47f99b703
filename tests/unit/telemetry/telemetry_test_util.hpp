#pragma once
// Helpers shared by the telemetry tests: fixture reading, a scratch directory, an environment
// variable set for one scope, and a fake nvidia-smi script.
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "support/test_files.hpp"

namespace sonde::test {

inline std::string fixture_path(const std::string& name) {
  return std::string(SONDE_FIXTURES) + "/telemetry/" + name;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Sets (or unsets, with nullopt) an environment variable and restores it at scope exit.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Writes an executable nvidia-smi stand-in into `dir`: with exactly sonde's query arguments it
// prints the CSV fixture, with no arguments the banner fixture, otherwise it fails (exit 3).
inline std::string write_fake_nvidia_smi(const std::string& dir, const std::string& csv_fixture) {
  const std::string path = dir + "/nvidia-smi";
  std::ofstream out(path);
  out << "#!/bin/sh\n"
      << "if [ $# -eq 0 ]; then exec cat '" << fixture_path("nvidia_smi_banner.txt") << "'; fi\n"
      << "if [ \"$1\" = '--query-gpu=index,name,uuid,pci.bus_id,memory.total,memory.used,"
         "utilization.gpu,driver_version,power.draw' ] && [ \"$2\" = "
         "'--format=csv,noheader,nounits' ]; "
         "then exec cat '"
      << fixture_path(csv_fixture) << "'; fi\n"
      << "exit 3\n";
  out.close();
  chmod(path.c_str(), 0755);
  return path;
}

}  // namespace sonde::test
