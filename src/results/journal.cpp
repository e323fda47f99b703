#include "results/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>

#include "results/json.hpp"
#include "results/safe_file.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {

JournalWriter::JournalWriter(const std::filesystem::path& path) : path_(path) {
  fd_ = open_result_file(path, O_APPEND);  // 0644, never through a planted symlink
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void JournalWriter::append(const RequestRecord& record) {
  // Error messages may quote a server that echoes request headers: redact before writing.
  const std::string line = redact(nlohmann::json(record).dump() + "\n");
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ExitCode::failure,
                  "cannot write to " + path_.string() + ": " + std::strerror(errno));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

JournalContents read_journal(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path.string() + ": no such file or not readable");
  JournalContents out;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // A torn line (the process died mid-write) is either not JSON or lacks required keys.
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      ++out.torn_lines_skipped;
      continue;
    }
    try {
      out.records.push_back(j.get<RequestRecord>());
    } catch (const nlohmann::json::exception&) {
      ++out.torn_lines_skipped;
    } catch (const Error& e) {
      // A whole line that names something unknown is not a torn write: skipping it would lose data.
      throw Error(e.code(), path.string() + ":" + std::to_string(line_no) + ": " + e.what());
    }
  }
  return out;
}

}  // namespace sonde
