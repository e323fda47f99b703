#include "results/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "results/safe_file.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err = errno) {
  throw Error(ExitCode::failure, "cannot " + what + " " + path.string() + ": " + std::strerror(err) +
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

void write_file_atomic(const std::filesystem::path& path, std::string_view raw) {
  // Every result file passes here: the one place that guarantees no key or URL password lands
  // on disk, whichever writer produced the text.
  const std::string content = redact(raw);
  const std::filesystem::path dir = path.parent_path();
  // rename(2) would replace a planted link rather than follow it, but say so instead of
  // silently dropping what the user put there.
  refuse_symlink(path);
  // The temporary file lives beside the target: rename(2) is only atomic within a filesystem.
  // O_EXCL: a fresh file of our own, mode 0644 less the umask (mkstemp's 0600 would need a
  // chmod that overrides a stricter umask).
  static std::atomic<unsigned> counter{0};
  int fd = -1;
  std::filesystem::path tmp;
  for (int attempt = 0; fd < 0; ++attempt) {
    // Appended piece by piece: g++ 12 -O3 reports a false -Wrestrict on `"." + string + ...`.
    std::string name = ".";
    name += path.filename().string();
    name += ".tmp.";
    name += std::to_string(::getpid());
    name += '.';
    name += std::to_string(counter.fetch_add(1));
    tmp = dir / name;
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && (errno != EEXIST || attempt > 100)) fail("create a temporary file for", path);
  }
  try {
    write_all(fd, content, tmp);
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
