#include "util/redact.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace sonde {
namespace {

std::mutex g_mu;
std::vector<std::string> g_secrets;  // registered with add_secret, longest first

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_quote(char c) { return c == '"' || c == '\''; }

// A secret value ends at whitespace, a quote, an escape or a JSON/list delimiter.
bool ends_value(char c) {
  return is_space(c) || is_quote(c) || c == '\\' || c == ',' || c == ';' || c == '&' || c == ']' ||
         c == '}' || c == ')';
}

void replace_all(std::string& s, std::string_view needle) {
  if (needle.empty()) return;
  for (size_t pos = s.find(needle); pos != std::string::npos;
       pos = s.find(needle, pos + kRedacted.size())) {
    s.replace(pos, needle.size(), kRedacted);
  }
}

bool iequals_at(const std::string& s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[pos + i])) != word[i]) return false;
  }
  return true;
}

// Replaces the value starting at `pos` (up to ends_value) and returns the index after "***".
size_t replace_value(std::string& s, size_t pos) {
  size_t end = pos;
  while (end < s.size() && !ends_value(s[end])) ++end;
  if (end == pos || s[pos] == '-') return pos;  // no value, or the next flag
  s.replace(pos, end - pos, kRedacted);
  return pos + kRedacted.size();
}

size_t skip(const std::string& s, size_t pos, bool (*pred)(char)) {
  while (pos < s.size() && pred(s[pos])) ++pos;
  return pos;
}

bool is_quote_or_escape(char c) { return is_quote(c) || c == '\\'; }
bool is_space_or_list(char c) { return is_space(c) || c == '['; }

// `--api-key VALUE`, `--api-key=VALUE`, `api_key='VALUE'`, `"api_key": ["VALUE"]`,
// `OPENAI_API_KEY=VALUE`: the value becomes "***".
void redact_key_assignments(std::string& s) {
  for (size_t pos = 0; pos < s.size(); ++pos) {
    const bool flag = s.compare(pos, 9, "--api-key") == 0;
    const bool word = !flag && iequals_at(s, pos, "api_key");
    if (!flag && !word) continue;
    size_t p = pos + (flag ? 9 : 7);
    if (p >= s.size()) break;
    p = skip(s, p, is_quote_or_escape);  // a closing quote: "--api-key", 'api_key'
    p = skip(s, p, is_space);
    if (p >= s.size()) break;
    if (s[p] == '=' || s[p] == ':' || (flag && s[p] == ',')) {
      ++p;  // VALUE after =, : (JSON, Python dicts) or , (a JSON argv list)
    } else if (!flag || p == pos + 9) {
      continue;  // api_key without an assignment, or --api-key-env and the like
    }
    p = skip(s, p, is_space_or_list);
    p = skip(s, p, is_quote_or_escape);
    pos = replace_value(s, p);
  }
}

// `Authorization: Bearer TOKEN` echoed back by a server.
void redact_bearer(std::string& s) {
  for (size_t pos = 0; pos < s.size(); ++pos) {
    if (!iequals_at(s, pos, "bearer ")) continue;
    pos = replace_value(s, skip(s, pos + 7, is_space));
  }
}

bool ends_authority(char c) {
  return is_space(c) || is_quote(c) || c == '/' || c == '?' || c == '#' || c == '\\' || c == '<' ||
         c == '>' || c == ',' || c == ')' || c == ']';
}

// scheme://user:password@host -> scheme://user:***@host; scheme://token@host -> ***@host.
void redact_userinfo(std::string& s) {
  for (size_t pos = s.find("://"); pos != std::string::npos; pos = s.find("://", pos + 3)) {
    const size_t start = pos + 3;
    size_t end = start;
    while (end < s.size() && !ends_authority(s[end])) ++end;
    const size_t at = s.rfind('@', end == 0 ? 0 : end - 1);
    if (at == std::string::npos || at < start) continue;
    const size_t colon = s.find(':', start);
    const size_t from = colon != std::string::npos && colon < at ? colon + 1 : start;
    if (s.compare(from, at - from, kRedacted) != 0) s.replace(from, at - from, kRedacted);
  }
}

}  // namespace

void add_secret(std::string_view secret) {
  if (secret.size() < kMinGlobalSecret) return;
  std::lock_guard lock(g_mu);
  if (std::find(g_secrets.begin(), g_secrets.end(), secret) != g_secrets.end()) return;
  g_secrets.emplace_back(secret);
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(g_secrets.begin(), g_secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string redact(std::string_view text, const std::vector<std::string>& extra) {
  std::string out(text);
  for (const auto& s : extra) replace_all(out, s);
  {
    std::lock_guard lock(g_mu);
    for (const auto& s : g_secrets) replace_all(out, s);
  }
  redact_userinfo(out);
  redact_key_assignments(out);
  redact_bearer(out);
  return out;
}

std::vector<std::string> api_key_args(std::string_view command_line) {
  std::vector<std::string> out;
  const std::string s(command_line);
  for (size_t pos = s.find("--api-key"); pos != std::string::npos;
       pos = s.find("--api-key", pos + 9)) {
    size_t p = pos + 9;
    if (p >= s.size() || (s[p] != '=' && !is_space(s[p]))) continue;
    p = skip(s, p + 1, is_space);
    p = skip(s, p, is_quote_or_escape);
    size_t end = p;
    while (end < s.size() && !ends_value(s[end])) ++end;
    if (end > p && s[p] != '-') out.push_back(s.substr(p, end - p));
  }
  return out;
}

}  // namespace sonde
