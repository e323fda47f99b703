#pragma once
// Replaces a file so that readers see either the old or the new content, never a half-written
// one, even if the process or machine dies: run.json is rewritten after every scenario.
#include <filesystem>
#include <string_view>

namespace sonde {

// Writes `content` to a temporary file in path's directory, fsyncs it, gives it mode 0644,
// renames it over `path` and fsyncs the directory. Throws sonde::Error naming the path.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace sonde
