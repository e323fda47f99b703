#pragma once
// Files for unit tests: scratch directories and reading a file whole. ctest runs every test case
// in its own process, two at a time, so a fixed path under /tmp is shared by concurrent cases and
// races; these directories are unique.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "util/error.hpp"

namespace sonde::test {

// A fresh directory under the system temp dir, removed with its contents at scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sonde-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr)
      throw Error(ExitCode::failure, "cannot create a scratch dir under /tmp");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const {
    return std::filesystem::path(path_) / name;
  }

 private:
  std::string path_;
};

// This process's own scratch directory, made on first use and removed when the process exits.
inline const std::filesystem::path& scratch_dir() {
  static const ScratchDir dir;
  static const std::filesystem::path path = dir.path();
  return path;
}

// An empty directory `name` inside this process's scratch directory (emptied if it exists).
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = scratch_dir() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes `text` to the file `name` in this process's scratch directory; returns its path.
inline std::string write_scratch(const std::string& name, const std::string& text) {
  const auto dir = scratch_dir();
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

// The whole content of a file ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sonde::test
