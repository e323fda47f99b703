#pragma once
// The host half of the test-environment record: CPU, RAM, OS, kernel, hostname. Each parser
// takes the file's text so tests can feed fixtures; read_system_specs() reads the real files.
// A missing or odd file gives empty fields, never an error: specs are context, not a gate.
#include <cstdint>
#include <string>
#include <string_view>

#include "results/environment.hpp"  // SystemSpecs

namespace sonde {

struct CpuInfo {
  std::string model;  // first "model name" (or "Processor"/"cpu model" on other arches)
  int cores = 0;      // distinct (physical id, core id) pairs; threads when those are absent
  int threads = 0;    // "processor" entries
};

struct OsRelease {
  std::string name;     // PRETTY_NAME, else NAME
  std::string version;  // VERSION_ID, else VERSION
};

CpuInfo parse_cpuinfo(std::string_view text);
uint64_t parse_meminfo_total_bytes(std::string_view text);  // 0 when MemTotal is absent
OsRelease parse_os_release(std::string_view text);

// The whole file, or "" when it cannot be read.
std::string read_text_file(const std::string& path);

// Reads /proc/cpuinfo, /proc/meminfo, /etc/os-release (then /usr/lib/os-release), uname and
// gethostname.
SystemSpecs read_system_specs();

}  // namespace sonde
