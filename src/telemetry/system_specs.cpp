#include "telemetry/system_specs.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "util/text.hpp"

namespace sonde {
namespace {

// Calls fn(key, value) for each "key : value" line (cpuinfo, meminfo use this shape).
template <typename Fn>
void for_each_colon_line(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      fn(trim(line), std::string_view{});
      continue;
    }
    fn(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
}

// os-release values may be quoted with " or ' and use shell-style backslash escapes.
std::string unquote_os_release(std::string_view v) {
  v = trim(v);
  if (v.size() < 2 || (v.front() != '"' && v.front() != '\'') || v.back() != v.front()) {
    return std::string(v);
  }
  const bool escapes = v.front() == '"';
  v = v.substr(1, v.size() - 2);
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (escapes && v[i] == '\\' && i + 1 < v.size()) ++i;
    out += v[i];
  }
  return out;
}

}  // namespace

CpuInfo parse_cpuinfo(std::string_view text) {
  CpuInfo info;
  std::set<std::pair<std::string, std::string>> cores;  // (physical id, core id)
  std::string physical_id;
  std::string fallback_model;
  for_each_colon_line(text, [&](std::string_view key, std::string_view value) {
    if (key == "processor") {
      ++info.threads;
      physical_id.clear();
    } else if (key == "model name" && info.model.empty()) {
      info.model = value;
    } else if ((key == "Processor" || key == "cpu model" || key == "cpu") && fallback_model.empty()) {
      fallback_model = value;  // ARM, MIPS, POWER name the CPU differently
    } else if (key == "physical id") {
      physical_id = value;
    } else if (key == "core id") {
      cores.emplace(physical_id, std::string(value));
    }
  });
  if (info.model.empty()) info.model = fallback_model;
  info.cores = cores.empty() ? info.threads : static_cast<int>(cores.size());
  return info;
}

uint64_t parse_meminfo_total_bytes(std::string_view text) {
  uint64_t bytes = 0;
  for_each_colon_line(text, [&](std::string_view key, std::string_view value) {
    if (key != "MemTotal" || bytes != 0) return;
    uint64_t kib = 0;
    std::istringstream in{std::string(value)};
    if (in >> kib) bytes = kib * 1024;  // meminfo's "kB" is KiB
  });
  return bytes;
}

OsRelease parse_os_release(std::string_view text) {
  std::string pretty, name, version_id, version;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto eq = line.find('=');
    if (line.empty() || line.front() == '#' || eq == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, eq);
    const std::string value = unquote_os_release(line.substr(eq + 1));
    if (key == "PRETTY_NAME") pretty = value;
    if (key == "NAME") name = value;
    if (key == "VERSION_ID") version_id = value;
    if (key == "VERSION") version = value;
  }
  return {pretty.empty() ? name : pretty, version_id.empty() ? version : version_id};
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SystemSpecs read_system_specs() {
  SystemSpecs s;
  const CpuInfo cpu = parse_cpuinfo(read_text_file("/proc/cpuinfo"));
  s.cpu_model = cpu.model;
  s.cpu_cores = cpu.cores;
  s.cpu_threads = cpu.threads;
  if (s.cpu_threads == 0) s.cpu_threads = static_cast<int>(std::thread::hardware_concurrency());
  s.memory_bytes = parse_meminfo_total_bytes(read_text_file("/proc/meminfo"));
  std::string os = read_text_file("/etc/os-release");
  if (os.empty()) os = read_text_file("/usr/lib/os-release");  // the spec's fallback location
  const OsRelease rel = parse_os_release(os);
  s.os_name = rel.name;
  s.os_version = rel.version;
  utsname u{};
  if (uname(&u) == 0) {
    s.kernel = u.release;
    s.arch = u.machine;
    if (s.os_name.empty()) s.os_name = u.sysname;
  }
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) s.hostname = host;
  return s;
}

}  // namespace sonde
