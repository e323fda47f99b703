#include "results/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using test::fresh_dir;
using test::slurp;

TEST(WriteFileAtomic, ReplacesContentWithMode0644AndLeavesNoTemporaryFiles) {
  const fs::path dir = fresh_dir("atomic_write");
  const fs::path p = dir / "run.json";
  write_file_atomic(p, "first\n");
  write_file_atomic(p, "second, longer content\n");
  EXPECT_EQ("second, longer content\n", slurp(p));
  struct stat st {};
  ASSERT_EQ(0, ::stat(p.c_str(), &st));
  EXPECT_EQ(0644u, st.st_mode & 0777u);
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(1, entries);
}

TEST(WriteFileAtomic, EmptyContentIsAValidFile) {
  const fs::path p = fresh_dir("atomic_empty") / "empty.txt";
  write_file_atomic(p, "");
  EXPECT_TRUE(fs::exists(p));
  EXPECT_EQ(0u, fs::file_size(p));
}

TEST(WriteFileAtomic, MissingDirectoryIsAnErrorNamingThePath) {
  try {
    write_file_atomic("/nonexistent-dir-for-sonde/run.json", "x");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("/nonexistent-dir-for-sonde/run.json"));
  }
}

}  // namespace
}  // namespace sonde
