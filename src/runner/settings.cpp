#include "runner/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sonde {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  bool have = false;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      else
        cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      have = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (have || !cur.empty()) words.push_back(cur);
      cur.clear();
      have = false;
    } else {
      cur += c;
    }
  }
  if (have || !cur.empty()) words.push_back(cur);
  return words;
}

std::vector<ServerSetting> settings_from_args(const std::vector<std::string>& words,
                                              const std::string& source) {
  std::vector<ServerSetting> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--", 0) != 0) {
      // The program and its subcommand (`vllm serve`, a sweep's `/path/to/sonde sim`) are not
      // the model.
      const auto is_sonde = [](const std::string& word) {
        return word == "sonde" ||
               (word.size() > 6 && word.compare(word.size() - 6, 6, "/sonde") == 0);
      };
      const bool program = w == "vllm" || w == "serve" || is_sonde(w) ||
                           (w == "sim" && i > 0 && is_sonde(words[i - 1]));
      if (!program) out.push_back({"model", w, source});
      continue;
    }
    std::string name = w.substr(2);
    std::string value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < words.size() && words[i + 1].rfind("--", 0) != 0) {
      value = words[++i];
    } else if (name.rfind("no-", 0) == 0) {
      name = name.substr(3);
      value = "false";
    } else {
      value = "true";
    }
    std::replace(name.begin(), name.end(), '_', '-');
    out.push_back({name, value, source});
  }
  return out;
}

static bool same_value(const std::string& a, const std::string& b) {
  char* ea = nullptr;
  char* eb = nullptr;
  const double da = std::strtod(a.c_str(), &ea);
  const double db = std::strtod(b.c_str(), &eb);
  if (!a.empty() && !b.empty() && *ea == '\0' && *eb == '\0') return da == db;
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(a) == lower(b);
}

void add_setting(std::vector<ServerSetting>& settings, const ServerSetting& s,
                 std::vector<std::string>& warnings) {
  for (const auto& known : settings) {
    if (known.name != s.name) continue;
    if (!same_value(known.value, s.value)) {
      warnings.push_back(fmt::format("setting {}: {} says {}, but {} says {}", s.name, known.source,
                                     known.value, s.source, s.value));
    }
    return;
  }
  settings.push_back(s);
}

std::vector<ServerSetting> settings_from_cache_config(const std::map<std::string, std::string>& labels) {
  static const std::vector<std::pair<const char*, const char*>> names{
      {"gpu_memory_utilization", "gpu-memory-utilization"},
      {"block_size", "block-size"},
      {"enable_prefix_caching", "enable-prefix-caching"},
      {"cache_dtype", "kv-cache-dtype"},
      {"num_gpu_blocks", "num-gpu-blocks"}};
  std::vector<ServerSetting> out;
  for (const auto& [label, flag] : names) {
    const auto it = labels.find(label);
    if (it != labels.end() && !it->second.empty() && it->second != "None") {
      out.push_back({flag, it->second, "cache_config_info"});
    }
  }
  return out;
}

}  // namespace sonde
