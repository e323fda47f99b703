#pragma once
// Scratch directories for unit tests. ctest runs every test case in its own process, two at a
// time, so a fixed path under /tmp is shared by concurrent cases and races; these are unique.
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "util/error.hpp"

namespace sonde::test {

// A fresh directory under the system temp dir, removed with its contents at scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sonde-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw Error(ExitCode::failure, "cannot create a scratch dir under /tmp");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return std::filesystem::path(path_) / name; }

 private:
  std::string path_;
};

// This process's own scratch directory, made on first use and removed when the process exits.
inline const std::filesystem::path& scratch_dir() {
  static const ScratchDir dir;
  static const std::filesystem::path path = dir.path();
  return path;
}

}  // namespace sonde::test
