#pragma once
// The vLLM settings record (run.json server.settings): what sonde knows of the server's
// configuration, each value with its source, cross-checked against vLLM's cache_config_info.
#include <map>
#include <string>
#include <vector>

#include "results/run_result.hpp"

namespace sonde {

// Parses vLLM serve flags ("--tensor-parallel-size 2 --no-enable-chunked-prefill ...", already
// split into words) into settings with `source`. `--x` -> "true", `--no-x` -> "false".
// A positional word (the model) becomes the setting "model"; the program and its subcommand
// (`vllm serve`, `/path/to/sonde sim`) do not.
std::vector<ServerSetting> settings_from_args(const std::vector<std::string>& words,
                                              const std::string& source);

// Splits a shell-like string on whitespace, honouring single and double quotes.
std::vector<std::string> split_words(const std::string& text);

// Adds `s` unless a setting of that name is already known; when it is and the values disagree
// (numerically or case-insensitively), appends a warning naming both sources.
void add_setting(std::vector<ServerSetting>& settings, const ServerSetting& s,
                 std::vector<std::string>& warnings);

// vllm:cache_config_info labels -> settings with source "cache_config_info".
std::vector<ServerSetting> settings_from_cache_config(const std::map<std::string, std::string>& labels);

}  // namespace sonde
