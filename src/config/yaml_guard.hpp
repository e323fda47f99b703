#pragma once
#include <string>

namespace sonde {

// Reads a YAML file for yaml-cpp, refusing (UsageError naming `path`) text whose flow nesting
// ('[' / '{') is deeper than any suite or sweep needs: yaml-cpp parses recursively, and a
// hostile or corrupt file must not be able to exhaust the stack.
std::string read_yaml_text(const std::string& path, const char* what);

}  // namespace sonde
