#pragma once
// requests.jsonl: one RequestRecord per line, appended as each request finishes so that a crash
// or Ctrl-C loses at most the line being written.
#include <cstddef>
#include <filesystem>
#include <vector>

#include "results/record.hpp"

namespace sonde {

class JournalWriter {
 public:
  // Opens (creating, mode 0644) `path` for appending, never through a symbolic link. Throws
  // sonde::Error naming the path.
  explicit JournalWriter(const std::filesystem::path& path);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  JournalWriter(JournalWriter&& other) noexcept;
  JournalWriter& operator=(JournalWriter&& other) noexcept;

  // Writes the record as one JSON line with a single write(2) (retried only for the unwritten
  // rest after a short write), so the OS holds it even if the process dies right after.
  // Not thread-safe: one writer thread (records are merged before they are journaled).
  void append(const RequestRecord& record);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;  // the journal file
  int fd_ = -1;                 // open descriptor, O_APPEND
};

struct JournalContents {
  std::vector<RequestRecord> records;  // every line that parsed, in file order
  std::size_t torn_lines_skipped = 0;  // lines that were not a complete record (crash mid-write)
};

// Reads a requests.jsonl. Blank lines are ignored. Throws sonde::UsageError if the file cannot
// be opened, or naming the file and line when a complete record names an unknown error kind.
JournalContents read_journal(const std::filesystem::path& path);

}  // namespace sonde
