#pragma once
// Replaces a file so that readers see either the old or the new content, never a half-written
// one, even if the process or machine dies: run.json is rewritten after every scenario.
#include <filesystem>
#include <string_view>

namespace sonde {

// Writes `content` to a new temporary file (mode 0644, O_EXCL) in path's directory, fsyncs it,
// renames it over `path` and fsyncs the directory. Throws sonde::Error naming the path; exit 2
// when `path` is a symbolic link (results/safe_file.hpp). The text is redacted first
// (util/redact.hpp): API keys, URL passwords and --api-key values become "***".
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace sonde
