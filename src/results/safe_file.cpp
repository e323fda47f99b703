#include "results/safe_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "util/error.hpp"

namespace sonde {
namespace {

[[noreturn]] void link_refused(const std::filesystem::path& path) {
  throw Error(ExitCode::usage, path.string() +
                                   " is a symbolic link; sonde never writes results through a link "
                                   "(it could point anywhere): remove it or choose another --out");
}

bool is_link(const std::filesystem::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

}  // namespace

void refuse_symlink(const std::filesystem::path& path) {
  if (is_link(path)) link_refused(path);
}

int open_result_file(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | flags, 0644);
  if (fd >= 0) return fd;
  const int err = errno;
  if (err == ELOOP || is_link(path)) link_refused(path);
  throw Error(ExitCode::failure, "cannot create " + path.string() + ": " + std::strerror(err) +
                                     "; check that the output directory is writable");
}

void make_result_dirs(const std::filesystem::path& dir, bool allow_link) {
  std::filesystem::path partial;
  for (const auto& part : dir) {
    partial /= part;
    if (partial == partial.root_path()) continue;
    if (::mkdir(partial.c_str(), 0755) == 0) continue;
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::stat(partial.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    throw Error(ExitCode::usage, "cannot create directory " + partial.string() + ": " +
                                     (err == EEXIST ? std::string("a file of that name exists")
                                                    : std::strerror(err)));
  }
  if (!allow_link) refuse_symlink(dir);
}

ResultStream::ResultStream(const std::filesystem::path& path)
    : std::ostream(nullptr), buf_(open_result_file(path, O_APPEND), std::ios::out | std::ios::app) {
  rdbuf(&buf_);
}

ResultStream::~ResultStream() { buf_.close(); }

}  // namespace sonde
