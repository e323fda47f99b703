#include "telemetry/system_specs.hpp"

#include <gtest/gtest.h>

#include "telemetry_test_util.hpp"

namespace sonde {
namespace {

using test::read_fixture;

TEST(Cpuinfo, CountsPhysicalCoresAcrossSocketsAndLogicalThreads) {
  const CpuInfo c = parse_cpuinfo(read_fixture("cpuinfo_xeon_2s.txt"));
  EXPECT_EQ(c.model, "Intel(R) Xeon(R) Platinum 8480+");
  EXPECT_EQ(c.threads, 8);
  EXPECT_EQ(c.cores, 4);  // 2 sockets x 2 cores; hyperthreads share a core id
}

TEST(Cpuinfo, WithoutTopologyFieldsCoresEqualThreads) {
  const CpuInfo c = parse_cpuinfo(read_fixture("cpuinfo_arm.txt"));
  EXPECT_EQ(c.threads, 2);
  EXPECT_EQ(c.cores, 2);
  EXPECT_EQ(c.model, "");
}

TEST(Cpuinfo, EmptyTextGivesEmptyFields) {
  const CpuInfo c = parse_cpuinfo("");
  EXPECT_EQ(c.model, "");
  EXPECT_EQ(c.threads, 0);
  EXPECT_EQ(c.cores, 0);
}

TEST(Meminfo, MemTotalKibToBytes) {
  EXPECT_EQ(parse_meminfo_total_bytes(read_fixture("meminfo.txt")), 2113433600ull * 1024);
  EXPECT_EQ(parse_meminfo_total_bytes("MemFree: 12 kB\n"), 0u);
  EXPECT_EQ(parse_meminfo_total_bytes(""), 0u);
}

TEST(OsRelease, PrefersPrettyNameAndVersionId) {
  const OsRelease r = parse_os_release(read_fixture("os-release-ubuntu.txt"));
  EXPECT_EQ(r.name, "Ubuntu 22.04.4 LTS");
  EXPECT_EQ(r.version, "22.04");
}

TEST(OsRelease, FallsBackToNameAndVersionAndUnquotes) {
  const OsRelease r = parse_os_release(read_fixture("os-release-quoting.txt"));
  EXPECT_EQ(r.name, "Rocky Linux");
  EXPECT_EQ(r.version, "9.3 (Blue \"Onyx\")");
}

TEST(OsRelease, MissingFileIsEmpty) {
  const OsRelease r = parse_os_release(read_text_file("/nonexistent/os-release"));
  EXPECT_EQ(r.name, "");
  EXPECT_EQ(r.version, "");
}

TEST(SystemSpecs, ReadsThisHost) {
  // Only facts every Linux host has: the record must never come back blank here.
  const SystemSpecs s = read_system_specs();
  EXPECT_GT(s.cpu_threads, 0);
  EXPECT_GE(s.cpu_threads, s.cpu_cores);
  EXPECT_GT(s.memory_bytes, 0u);
  EXPECT_FALSE(s.kernel.empty());
  EXPECT_FALSE(s.hostname.empty());
  EXPECT_FALSE(s.os_name.empty());
}

}  // namespace
}  // namespace sonde
