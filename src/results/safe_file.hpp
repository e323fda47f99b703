#pragma once
// Result files and directories are created with explicit modes (files 0644, directories 0755;
// the umask may only take permissions away) and never through a symbolic link planted in the
// output directory: a link there could point at any file the user can write.
#include <ext/stdio_filebuf.h>

#include <filesystem>
#include <ostream>

namespace sonde {

// Opens `path` for writing with O_CREAT | O_NOFOLLOW | O_CLOEXEC | `flags` (e.g. O_APPEND,
// O_TRUNC, O_EXCL) and mode 0644. Throws sonde::Error naming the path: exit 2 when `path` is a
// symbolic link, exit 1 for other failures. Returns the descriptor.
int open_result_file(const std::filesystem::path& path, int flags);

// Creates `dir` and its missing parents with mode 0755. Throws sonde::Error (exit 2) when a
// component cannot be created or is not a directory, and when `dir` itself is a symbolic link
// and `allow_link` is false (directories sonde makes inside an output directory).
void make_result_dirs(const std::filesystem::path& dir, bool allow_link = true);

// Throws sonde::Error (exit 2) if `path` exists and is a symbolic link.
void refuse_symlink(const std::filesystem::path& path);

// An std::ostream on a file opened by open_result_file (append mode), for writers that stream
// lines (telemetry.jsonl).
class ResultStream : public std::ostream {
 public:
  explicit ResultStream(const std::filesystem::path& path);
  ~ResultStream() override;
  ResultStream(const ResultStream&) = delete;
  ResultStream& operator=(const ResultStream&) = delete;

 private:
  __gnu_cxx::stdio_filebuf<char> buf_;  // owns the descriptor
};

}  // namespace sonde
