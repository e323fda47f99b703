#include "results/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace sonde {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path,
                       int err = errno) {
  throw Error(ExitCode::failure,
              "cannot " + what + " " + path.string() + ": " + std::strerror(err) +
                  "; check that the output directory exists and is writable");
}

void write_all(int fd, std::string_view content, const std::filesystem::path& tmp) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", tmp);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Makes the rename itself durable; best effort, since some filesystems refuse fsync on a dir.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path dir = path.parent_path();
  // The temporary file lives beside the target: rename(2) is only atomic within a filesystem.
  std::string pattern = (dir / ("." + path.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) fail("create a temporary file for", path);
  const std::filesystem::path tmp(name.data());
  try {
    write_all(fd, content, tmp);
    // mkstemp creates 0600; results are meant to be shared like any other output file.
    if (::fchmod(fd, 0644) != 0) fail("set the mode of", tmp);
    if (::fsync(fd) != 0) fail("fsync", tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;  // unlink below may overwrite errno
    ::unlink(tmp.c_str());
    fail("close", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail("rename a temporary file onto", path, err);
  }
  sync_directory(dir);
}

}  // namespace sonde
