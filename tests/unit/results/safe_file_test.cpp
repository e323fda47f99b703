// Result files: explicit modes whatever the umask, and never written through a planted link.
#include "results/safe_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "results/atomic_file.hpp"
#include "results/journal.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using test::fresh_dir;
using test::slurp;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(0, ::lstat(p.c_str(), &st)) << p;
  return st.st_mode & 0777u;
}

// Sets the umask for one test and restores it.
struct Umask {
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
  mode_t old;
};

// A planted link must end in an Error with exit 2 naming the path, and the target untouched.
template <typename F>
void expect_link_refused(const fs::path& link, const fs::path& target, F&& write) {
  try {
    write();
    FAIL() << "wrote through the symbolic link " << link;
  } catch (const Error& e) {
    EXPECT_EQ(ExitCode::usage, e.code());
    EXPECT_NE(std::string::npos, std::string(e.what()).find(link.string())) << e.what();
    EXPECT_NE(std::string::npos, std::string(e.what()).find("symbolic link")) << e.what();
  }
  EXPECT_EQ("precious\n", slurp(target));
}

TEST(SafeFile, LooseUmaskStillGivesFiles0644AndDirectories0755) {
  const Umask loose(0);
  const fs::path dir = fresh_dir("safe_modes");
  make_result_dirs(dir / "a" / "b");
  EXPECT_EQ(0755u, mode_of(dir / "a"));
  EXPECT_EQ(0755u, mode_of(dir / "a" / "b"));
  ::close(open_result_file(dir / "a" / "x.jsonl", O_APPEND));
  EXPECT_EQ(0644u, mode_of(dir / "a" / "x.jsonl"));
  write_file_atomic(dir / "run.json", "{}\n");
  EXPECT_EQ(0644u, mode_of(dir / "run.json"));
  { JournalWriter j(dir / "requests.jsonl"); }
  EXPECT_EQ(0644u, mode_of(dir / "requests.jsonl"));
}

TEST(SafeFile, StrictUmaskOnlyRestricts) {
  const Umask strict(077);
  const fs::path dir = fresh_dir("safe_strict");
  make_result_dirs(dir / "d");
  EXPECT_EQ(0700u, mode_of(dir / "d"));
  write_file_atomic(dir / "run.json", "{}\n");
  EXPECT_EQ(0600u, mode_of(dir / "run.json"));
}

TEST(SafeFile, PlantedSymlinkIsRefusedByEveryWriter) {
  const fs::path dir = fresh_dir("safe_links");
  const fs::path target = dir / "elsewhere.txt";
  std::ofstream(target) << "precious\n";
  const fs::path out = dir / "out";
  fs::create_directories(out);
  for (const char* name : {"run.json", "requests.jsonl", "telemetry.jsonl"}) {
    fs::create_symlink(target, out / name);
  }
  expect_link_refused(out / "run.json", target, [&] { write_file_atomic(out / "run.json", "x"); });
  expect_link_refused(out / "requests.jsonl", target,
                      [&] { JournalWriter j(out / "requests.jsonl"); });
  expect_link_refused(out / "telemetry.jsonl", target,
                      [&] { ResultStream s(out / "telemetry.jsonl"); });
  EXPECT_TRUE(fs::is_symlink(out / "run.json"));  // left for the user to look at
}

TEST(SafeFile, DanglingSymlinkIsRefusedToo) {
  const fs::path dir = fresh_dir("safe_dangling");
  const fs::path nowhere = dir / "would-be-created";
  fs::create_symlink(nowhere, dir / "requests.jsonl");
  EXPECT_THROW(JournalWriter j(dir / "requests.jsonl"), Error);
  EXPECT_FALSE(fs::exists(nowhere));
}

TEST(SafeFile, SymlinkedSubdirectoryIsRefusedUnlessAllowed) {
  const fs::path dir = fresh_dir("safe_subdir");
  fs::create_directories(dir / "real");
  fs::create_directory_symlink(dir / "real", dir / "vllm");
  EXPECT_THROW(make_result_dirs(dir / "vllm", /*allow_link=*/false), Error);
  EXPECT_NO_THROW(make_result_dirs(dir / "vllm", /*allow_link=*/true));  // --out itself may be one
}

TEST(SafeFile, FileInTheWayOfADirectoryIsAnErrorNamingIt) {
  const fs::path dir = fresh_dir("safe_file_in_way");
  std::ofstream(dir / "x") << "";
  try {
    make_result_dirs(dir / "x" / "y");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find((dir / "x").string())) << e.what();
  }
}

TEST(SafeFile, ResultStreamAppends) {
  const fs::path p = fresh_dir("safe_stream") / "t.jsonl";
  {
    ResultStream s(p);
    s << "a\n";
  }
  {
    ResultStream s(p);
    s << "b\n";
  }
  EXPECT_EQ("a\nb\n", slurp(p));
}

}  // namespace
}  // namespace sonde
