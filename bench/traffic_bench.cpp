// traffic_bench: the dataset and trace loaders at the scale real traffic files have.
//   traffic_bench [--dir DIR] [--sharegpt-mb N] [--mooncake-lines N]
// Writes a ShareGPT-format file of N MB (default 700, generated rows; no real data) and a
// Mooncake trace of N lines (default 1,000,000) into a temporary directory (deleted afterwards),
// then measures each load in a fresh child process (this program re-run with --measure), so that
// its peak RSS (getrusage ru_maxrss) is the loader's alone. Prints the figures as markdown.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "traffic/sharegpt.hpp"
#include "traffic/trace.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// JSON-escaped text to cut values from: English and Korean words, escaped newlines and quotes.
struct TextPool {
  std::string text;
  std::vector<std::size_t> word_starts;

  TextPool() {
    const std::vector<std::string> words = {
        "the",    "server",         "answers",    "every",      "request",       "with",
        "tokens", "while",          "queue",      "latency",    "grows",         "under",
        "load",   "batch",          "prefill",    "decode",     "cache",         "block",
        "서버가", "요청에",         "응답합니다", "지연",       "시간이",        "늘어납니다",
        "\\n",    "\\\"quoted\\\"", "{braces}",   "[brackets]", "back\\\\slash", "tab\\t",
        "model",  "weights",        "memory"};
    std::mt19937_64 rng(7);
    while (text.size() < (4u << 20)) {
      word_starts.push_back(text.size());
      text += words[rng() % words.size()];
      text += ' ';
    }
  }

  // About `len` bytes of text starting at a random word.
  std::string_view cut(std::mt19937_64& rng, std::size_t len) const {
    const std::size_t first = word_starts[rng() % (word_starts.size() / 2)];
    auto end = std::lower_bound(word_starts.begin(), word_starts.end(), first + len);
    return std::string_view(text).substr(first, *end - first - 1);
  }
};

void write_sharegpt(const std::string& path, std::size_t target_bytes) {
  const TextPool pool;
  std::mt19937_64 rng(42);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  std::string out = "[\n";
  std::size_t written = 0;
  for (std::size_t row = 0; written + out.size() < target_bytes; ++row) {
    if (row > 0) out += ",\n";
    out += fmt::format("  {{\n    \"id\": \"gen{}\",\n    \"conversations\": [\n", row);
    const int turns = 2 + static_cast<int>(rng() % 5);
    for (int t = 0; t < turns; ++t) {
      // Some rows open with the model talking (no human turn first), as real dumps do.
      const bool human = (t % 2 == 0) != (row % 17 == 0);
      const std::size_t len = 100 + rng() % (human ? 2000 : 5000);
      out += fmt::format(
          "      {{\n        \"from\": \"{}\",\n        \"value\": \"{}\"\n      }}{}\n",
          human ? "human" : "gpt", pool.cut(rng, len), t + 1 < turns ? "," : "");
    }
    out += "    ]\n  }";
    if (out.size() > (8u << 20)) {
      written += std::fwrite(out.data(), 1, out.size(), f);
      out.clear();
    }
  }
  out += "\n]\n";
  std::fwrite(out.data(), 1, out.size(), f);
  if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + path);
}

void write_mooncake(const std::string& path, std::size_t lines) {
  std::mt19937_64 rng(3);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  std::string out;
  std::int64_t t = 0, next_id = 1000;
  for (std::size_t i = 0; i < lines; ++i) {
    t += static_cast<std::int64_t>(rng() % 50);
    const std::size_t own = 1 + rng() % 8;
    out += fmt::format(
        "{{\"timestamp\": {}, \"input_length\": {}, \"output_length\": {}, \"hash_ids\": [{}, {}",
        t, own * 512 + 1024, 1 + rng() % 800, i % 7, 7 + i % 11);
    for (std::size_t k = 0; k < own; ++k) out += fmt::format(", {}", next_id++);
    out += "]}\n";
    if (out.size() > (8u << 20)) {
      std::fwrite(out.data(), 1, out.size(), f);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), f);
  if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + path);
}

// Child side: one load, its figures on stdout as "key value" words.
int measure(const std::string& what, const std::string& path) {
  using namespace sonde::traffic;
  const auto start = Clock::now();
  if (what == "sharegpt") {
    DatasetOptions o;
    o.sample = 1000;
    o.seed = 1;
    const ShareGptDataset d = load_sharegpt(path, o);
    fmt::print("wall_s {:.2f} rows {} seen {} skipped {} bytes {}\n", seconds_since(start),
               d.rows.size(), d.facts.rows_seen, d.facts.rows_skipped(), d.facts.bytes);
  } else {
    auto reader = open_mooncake(path, {.max_requests = 10000});
    std::size_t n = 0;
    while (reader->next()) ++n;
    const double first = seconds_since(start);
    const std::uint64_t read = reader->facts().bytes;
    const auto hashed = Clock::now();
    const SourceFacts facts = reader->finish();
    fmt::print("wall_s {:.3f} rows {} bytes_read {} finish_s {:.2f} bytes {}\n", first, n, read,
               seconds_since(hashed), facts.bytes);
  }
  return 0;
}

struct ChildRun {
  std::string out;  // the child's figures
  double rss_mib;   // its peak RSS
  double cpu_s;     // its user + system CPU time (the wall time also counts other processes)
};

// Runs this program with --measure in a child.
ChildRun run_child(const std::string& what, const std::string& path) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    execl("/proc/self/exe", "traffic_bench", "--measure", what.c_str(), path.c_str(), nullptr);
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(what + " load failed");
  const auto secs = [](timeval t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {out, static_cast<double>(ru.ru_maxrss) / 1024.0, secs(ru.ru_utime) + secs(ru.ru_stime)};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "--measure") return measure(args[1], args[2]);
    std::string dir_base = fs::temp_directory_path().string();
    std::size_t sharegpt_mb = 700, mooncake_lines = 1000000;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
      if (args[i] == "--dir")
        dir_base = args[i + 1];
      else if (args[i] == "--sharegpt-mb")
        sharegpt_mb = std::stoul(args[i + 1]);
      else if (args[i] == "--mooncake-lines")
        mooncake_lines = std::stoul(args[i + 1]);
      else
        throw std::runtime_error("unknown flag " + args[i]);
    }
    std::string tmpl = dir_base + "/traffic-bench-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a directory in " + dir_base);
    const fs::path dir = tmpl;
    if (std::getenv("TRAFFIC_BENCH_KEEP")) fmt::print(stderr, "keeping {}\n", dir.string());
    struct Cleanup {
      fs::path dir;
      ~Cleanup() {
        std::error_code ec;
        if (!std::getenv("TRAFFIC_BENCH_KEEP")) fs::remove_all(dir, ec);
      }
    } cleanup{dir};

    const std::string sharegpt = (dir / "sharegpt.json").string();
    const std::string mooncake = (dir / "mooncake.jsonl").string();
    auto start = Clock::now();
    write_sharegpt(sharegpt, sharegpt_mb << 20);
    fmt::print(stderr, "wrote {} ({:.0f} MiB) in {:.1f} s\n", sharegpt,
               static_cast<double>(fs::file_size(sharegpt)) / (1 << 20), seconds_since(start));
    start = Clock::now();
    write_mooncake(mooncake, mooncake_lines);
    fmt::print(stderr, "wrote {} ({:.0f} MiB) in {:.1f} s\n", mooncake,
               static_cast<double>(fs::file_size(mooncake)) / (1 << 20), seconds_since(start));

    const ChildRun s = run_child("sharegpt", sharegpt);
    const ChildRun m = run_child("mooncake", mooncake);
    double load[3] = {};
    getloadavg(load, 3);
    fmt::print("load average {:.2f}\n", load[0]);
    fmt::print("| load | file | result | CPU | peak RSS |\n|---|---|---|---|---|\n");
    fmt::print("| ShareGPT, sample 1,000 | {:.0f} MiB | {} | {:.2f} s | {:.0f} MiB |\n",
               static_cast<double>(fs::file_size(sharegpt)) / (1 << 20),
               s.out.substr(0, s.out.size() - 1), s.cpu_s, s.rss_mib);
    fmt::print(
        "| Mooncake, first 10,000 rows, then finish() | {} lines, {:.0f} MiB | {} | {:.2f} s | "
        "{:.0f} MiB |\n",
        mooncake_lines, static_cast<double>(fs::file_size(mooncake)) / (1 << 20),
        m.out.substr(0, m.out.size() - 1), m.cpu_s, m.rss_mib);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "traffic_bench: {}\n", e.what());
    return 1;
  }
}
