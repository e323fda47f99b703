// sonde_bench: proves the client is not the bottleneck . Runs every bench `--runs`
// times, prints medians as markdown tables, and writes docs/performance.md.
//
//   sonde_bench [--build DIR] [--runs N] [--quick] [--only NAME] [--out FILE]
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "bench.hpp"
#include "bench_client.hpp"
#include "bench_extra.hpp"

namespace sonde::bench {
namespace {

// The figures the targets are about, gathered from the tables as they are made.
struct Summary {
  double ingest = NAN, ratio = NAN;          // chunks/s; sonde/baseline
  double f1024_p50 = NAN, f1024_p99 = NAN;   // µs
  double f4096_p99 = NAN, f4096_wall = NAN;  // µs; wall/ideal
  double sched1000_p99 = NAN;                // µs
  double rss = NAN;                          // MiB
  double sim_rate = NAN, sim_per_cpu = NAN;  // chunks/s via `sonde sim`; per its CPU s
};
Summary g_summary;

template <class R>
std::vector<R> repeat(int n, const std::function<R()>& once) {
  std::vector<R> out;
  for (int i = 0; i < n; ++i) out.push_back(once());
  return out;
}

template <class R>
double med(const std::vector<R>& rs, double R::*field) {
  std::vector<double> v;
  for (const R& r : rs) v.push_back(r.*field);
  return median(v);
}

template <class R>
int total_failed(const std::vector<R>& rs) {
  int n = 0;
  for (const R& r : rs) n += r.failed;
  return n;
}

bool simulator_available(const Settings& s) {
  return s.simulator && access((s.build_dir + "/bench/sonde_bench_sim").c_str(), X_OK) == 0;
}

Table ingest_table(const Settings& s, std::optional<BaselineResult>& base_ingest) {
  const int streams = 8;
  const int tokens = s.quick ? 20000 : 100000;
  Blaster server(s, {"--itl-us", "0"});
  ingest_once(server, streams, 2000);  // warm-up: connections, buffers
  const auto rs = repeat<IngestResult>(s.runs, [&] { return ingest_once(server, streams, tokens); });
  Table t{
      "ingest: one client thread, unpaced streams",
      fmt::format("{} concurrent streams x {} tokens from sonde_blaster (coalesced writes); "
                  "median of {} runs. Server CPU near 100 % would mean the server, not the "
                  "client, was the limit.",
                  streams, tokens, s.runs),
      {"client", "chunks/s", "client CPU s per 1M chunks", "client CPU %", "server CPU %", "failed"},
      {},
      {}};
  const double sonde_rate = med(rs, &IngestResult::chunks_per_s);
  g_summary.ingest = sonde_rate;
  t.rows.push_back(
      {"sonde", fixed(sonde_rate, 0), fixed(med(rs, &IngestResult::cpu_s_per_million), 3),
       fixed(med(rs, &IngestResult::client_cpu_pct), 0),
       fixed(med(rs, &IngestResult::server_cpu_pct), 0), std::to_string(total_failed(rs))});
  {
    // The same runs over libcurl (`--http-client curl`), side by side: what the native
    // transport saves.
    const auto cs = repeat<IngestResult>(
        s.runs, [&] { return ingest_once(server, streams, tokens, ClientTransport::curl); });
    t.rows.push_back({"sonde --http-client curl", fixed(med(cs, &IngestResult::chunks_per_s), 0),
                      fixed(med(cs, &IngestResult::cpu_s_per_million), 3),
                      fixed(med(cs, &IngestResult::client_cpu_pct), 0),
                      fixed(med(cs, &IngestResult::server_cpu_pct), 0),
                      std::to_string(total_failed(cs))});
  }
  if (simulator_available(s)) {
    // The same client against `sonde sim --emit-send-times` at a very high --speed: shows
    // whether the simulator can feed the client (its CPU column says which side was the limit).
    Blaster sim(s, {"--speed", "100000", "--max-num-seqs", "256"}, true);
    ingest_once(sim, streams, 2000);
    const auto ss = repeat<IngestResult>(
        s.runs, [&] { return ingest_once(sim, streams, tokens / 4); });  // max_model_len 32768
    g_summary.sim_rate = med(ss, &IngestResult::chunks_per_s);
    std::vector<double> per_cpu;  // what one core of the simulator emits: chunks per its CPU second
    for (const auto& r : ss)
      per_cpu.push_back(r.chunks_per_s / std::max(r.server_cpu_pct, 1.0) * 100);
    g_summary.sim_per_cpu = median(per_cpu);
    t.rows.push_back({"sonde, fed by `sonde sim`", fixed(med(ss, &IngestResult::chunks_per_s), 0),
                      fixed(med(ss, &IngestResult::cpu_s_per_million), 3),
                      fixed(med(ss, &IngestResult::client_cpu_pct), 0),
                      fixed(med(ss, &IngestResult::server_cpu_pct), 0),
                      std::to_string(total_failed(ss))});
  }
  base_ingest = baseline_ingest(s, server, streams, s.quick ? 5000 : 20000);
  if (base_ingest) {
    t.rows.push_back({"aiohttp baseline", fixed(base_ingest->chunks_per_s, 0),
                      fixed(base_ingest->cpu_s_per_million, 3), fixed(base_ingest->cpu_pct, 0), "-",
                      std::to_string(base_ingest->failed)});
    g_summary.ratio = sonde_rate / base_ingest->chunks_per_s;
    t.rows.push_back(
        {"ratio sonde/baseline", fixed(sonde_rate / base_ingest->chunks_per_s, 1) + "x",
         fixed(base_ingest->cpu_s_per_million / med(rs, &IngestResult::cpu_s_per_million), 1) +
             "x less CPU",
         "", "", ""});
  }
  return t;
}

// One fidelity table row: medians of `rs`.
std::vector<std::string> fidelity_row(const std::string& client, int streams, int tokens,
                                      const std::vector<FidelityResult>& rs) {
  const double wall = med(rs, &FidelityResult::wall_s);
  return {client,
          std::to_string(streams),
          fixed(double(streams) * tokens / wall, 0),
          fixed(med(rs, &FidelityResult::delay_p50_us), 0),
          fixed(med(rs, &FidelityResult::delay_p99_us), 0),
          fixed(med(rs, &FidelityResult::delay_max_us), 0),
          fixed(med(rs, &FidelityResult::itl_err_p50_us), 0),
          fixed(med(rs, &FidelityResult::itl_err_p99_us), 0),
          fixed(med(rs, &FidelityResult::itl_err_max_us), 0),
          fixed(med(rs, &FidelityResult::client_cpu_pct), 0),
          fixed(med(rs, &FidelityResult::server_cpu_pct), 0),
          fixed(med(rs, &FidelityResult::backlog_ms), 2),
          fixed(wall / (tokens * 0.01), 2),
          fixed(med(rs, &FidelityResult::stall_ms), 1),
          std::to_string(total_failed(rs))};
}

// Rows for `sonde sim --emit-send-times` at its own pace (real time: an H100 8B decode step per
// token, ~10 ms+ depending on the batch), so the delay is measured against the real simulator.
void add_simulator_fidelity_rows(const Settings& s, Table& t, int tokens) {
  Blaster sim(s, {"--speed", "1", "--max-num-seqs", "4096"}, true);
  for (int streams : {64, 1024}) {
    fidelity_once(sim, 16, 5, 1);  // warm-up
    const auto rs =
        repeat<FidelityResult>(s.runs, [&] { return fidelity_once(sim, streams, tokens, 1); });
    auto row = fidelity_row("sonde, fed by `sonde sim` (its own pace)", streams, tokens, rs);
    row[12] = "-";  // wall/ideal: the simulator sets its own pace, not 10 ms per token
    t.rows.push_back(std::move(row));
  }
}

// What the stall column means (bench_stall_watch.hpp).
constexpr const char* kStallNote =
    "`VM stall max ms`: the longest time one CPU ran nothing at the client's priority during a "
    "run (a SCHED_FIFO 2 canary per CPU woke that late): this VM's host pausing it (reported as "
    "no steal time), or, when client and server saturate both cores at SCHED_FIFO, the kernel's "
    "real-time throttling (at most 95 % of each second, so stalls near 50 ms; `--no-rt` avoids "
    "it). A p99 or max near it was set by the machine, not by sonde's timing.";

Table fidelity_table(const Settings& s) {
  const int tokens = s.quick ? 50 : 100;
  std::vector<int> levels =
      s.levels.empty() ? std::vector<int>{1, 64, 512, 1024, 2048, 4096} : s.levels;
  Blaster server(s, {"--itl-us", "10000"});
  Table t{
      "fidelity: streams paced at 10 ms per token (100 tok/s each)",
      fmt::format("Receive delay = the client's read instant - the server's send instant "
                  "(sim_t_ns, CLOCK_MONOTONIC, same host). ITL error = |received gap - sent "
                  "gap| of consecutive chunks. {} tokens per stream, one client thread; "
                  "median of {} runs per row. `wall/ideal` > 1 means the client (or the server) "
                  "fell behind the 10 ms pace. {}",
                  tokens, s.runs, kStallNote),
      {"client", "streams", "chunks/s", "delay p50 µs", "delay p99 µs", "delay max µs",
       "ITL err p50 µs", "ITL err p99 µs", "ITL err max µs", "client CPU %", "server CPU %",
       "backlog max ms", "wall/ideal", "VM stall max ms", "failed"},
      {},
      {}};
  for (int streams : levels) {
    fidelity_once(server, std::min(streams, 64), 5, 1);  // warm-up
    const auto rs =
        repeat<FidelityResult>(s.runs, [&] { return fidelity_once(server, streams, tokens, 1); });
    const double wall = med(rs, &FidelityResult::wall_s);
    // Side by side at the levels the targets name: the same runs over libcurl.
    std::vector<FidelityResult> cs;
    if (streams == 512 || streams == 1024) {
      cs = repeat<FidelityResult>(
          s.runs, [&] { return fidelity_once(server, streams, tokens, 1, ClientTransport::curl); });
    }
    if (streams == 1024) {
      g_summary.f1024_p50 = med(rs, &FidelityResult::delay_p50_us);
      g_summary.f1024_p99 = med(rs, &FidelityResult::delay_p99_us);
    }
    if (streams == 4096) {
      g_summary.f4096_p99 = med(rs, &FidelityResult::delay_p99_us);
      g_summary.f4096_wall = wall / (tokens * 0.01);
    }
    t.rows.push_back(fidelity_row("sonde", streams, tokens, rs));
    if (!cs.empty())
      t.rows.push_back(fidelity_row("sonde --http-client curl", streams, tokens, cs));
    std::cerr << "fidelity " << streams << " done\n";
  }
  if (simulator_available(s)) add_simulator_fidelity_rows(s, t, tokens);
  for (int streams : levels) {
    const auto b = baseline_fidelity(s, server, streams, tokens);
    if (!b) break;
    t.rows.push_back({"aiohttp baseline", std::to_string(streams),
                      fixed(double(streams) * tokens / b->wall_s, 0), fixed(b->delay_p50_us, 0),
                      fixed(b->delay_p99_us, 0), fixed(b->delay_max_us, 0),
                      fixed(b->itl_err_p50_us, 0), fixed(b->itl_err_p99_us, 0),
                      fixed(b->itl_err_max_us, 0), fixed(b->cpu_pct, 0), "-", "-",
                      fixed(b->wall_s / (tokens * 0.01), 2), "-", std::to_string(b->failed)});
  }
  return t;
}

Table schedule_table(const Settings& s) {
  Blaster server(s, {"--itl-us", "0"});
  Table t{"schedule: open-loop Poisson arrivals, short requests (4 tokens, unpaced)",
          fmt::format("start - intended_start per request (start = the request is written on "
                      "its connection); 2 s of arrivals per run, one client thread, keep-alive; "
                      "median of {} runs. {}",
                      s.runs, kStallNote),
          {"rate req/s", "p50 µs", "p99 µs", "max µs", "client CPU %", "VM stall max ms", "failed"},
          {},
          {}};
  for (double rate : {100.0, 1000.0, 5000.0}) {
    const int n = static_cast<int>(rate * (s.quick ? 0.5 : 2.0));
    uint64_t seed = 1;
    const auto rs =
        repeat<ScheduleResult>(s.runs, [&] { return schedule_once(server, rate, n, seed++); });
    if (rate == 1000.0) g_summary.sched1000_p99 = med(rs, &ScheduleResult::p99_us);
    t.rows.push_back(
        {fixed(rate, 0), fixed(med(rs, &ScheduleResult::p50_us), 0),
         fixed(med(rs, &ScheduleResult::p99_us), 0), fixed(med(rs, &ScheduleResult::max_us), 0),
         fixed(med(rs, &ScheduleResult::client_cpu_pct), 0),
         fixed(med(rs, &ScheduleResult::stall_ms), 1), std::to_string(total_failed(rs))});
  }
  return t;
}

Table footprint_table(const Settings& s) {
  const int streams = 4096;
  const int tokens = s.quick ? 10 : 30;
  Blaster server(s, {"--itl-us", "100000"});
  const auto rs =
      repeat<FootprintResult>(s.runs, [&] { return footprint_once(server, streams, tokens); });
  Table t{"footprint: 4096 open streams",
          fmt::format("{} streams x {} tokens at 100 ms per token ({} s open); RSS of the whole "
                      "bench process (an upper bound of the client's); median of {} runs.",
                      streams, tokens, tokens / 10.0, s.runs),
          {"streams", "peak RSS MiB", "RSS growth MiB", "client CPU %", "failed"},
          {},
          {}};
  g_summary.rss = med(rs, &FootprintResult::peak_rss_mib);
  t.rows.push_back({std::to_string(streams), fixed(med(rs, &FootprintResult::peak_rss_mib), 1),
                    fixed(med(rs, &FootprintResult::delta_rss_mib), 1),
                    fixed(med(rs, &FootprintResult::client_cpu_pct), 0),
                    std::to_string(total_failed(rs))});
  return t;
}

std::string verdict(double value, double target, bool at_most, const std::string& unit) {
  if (std::isnan(value)) return "not measured";
  const bool met = at_most ? value <= target : value >= target;
  if (met) return "met";
  const double by = at_most ? value / target : target / value;
  return fmt::format("**missed** by {:.1f}x ({} {})", by, fixed(value, value < 10 ? 2 : 0), unit);
}

Table targets_table() {
  const Summary& m = g_summary;
  Table t{"targets on this machine",
          "Computed from the tables below; prep reports its own.",
          {"target", "measured", "verdict"},
          {},
          {}};
  t.rows.push_back({"ingest >= 250,000 chunks/s, one client thread", fixed(m.ingest, 0),
                    verdict(m.ingest, 250000, false, "chunks/s")});
  t.rows.push_back({"`sonde sim` >= 500,000 chunks/s on one core (per second of its CPU)",
                    fixed(m.sim_per_cpu, 0) + " (" + fixed(m.sim_rate, 0) + "/s wall)",
                    verdict(m.sim_per_cpu, 500000, false, "chunks/s")});
  t.rows.push_back({"ingest >= 10x the aiohttp baseline", fixed(m.ratio, 1) + "x",
                    verdict(m.ratio, 10, false, "x")});
  t.rows.push_back({"1024 streams x 100 tok/s: delay p50 <= 100 µs", fixed(m.f1024_p50, 0) + " µs",
                    verdict(m.f1024_p50, 100, true, "µs")});
  t.rows.push_back({"1024 streams x 100 tok/s: delay p99 <= 2 ms", fixed(m.f1024_p99, 0) + " µs",
                    verdict(m.f1024_p99, 2000, true, "µs")});
  t.rows.push_back({"4096 streams: keeps up (wall/ideal <= 1.1)",
                    fixed(m.f4096_wall, 2) + ", p99 " + fixed(m.f4096_p99 / 1000, 1) + " ms",
                    verdict(m.f4096_wall, 1.1, true, "x the ideal time")});
  t.rows.push_back({"schedule at 1000 req/s: p99 <= 1 ms", fixed(m.sched1000_p99, 0) + " µs",
                    verdict(m.sched1000_p99, 1000, true, "µs")});
  t.rows.push_back({"footprint at 4096 streams: RSS <= 256 MiB", fixed(m.rss, 1) + " MiB",
                    verdict(m.rss, 256, true, "MiB")});
  return t;
}

std::string machine_line() {
  return fmt::format(
      "{}, {} hardware threads; load average {:.2f} at the start (other "
      "processes share this machine)",
      cpu_model(), std::thread::hardware_concurrency(), loadavg1());
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
  return buf;
}

int run(int argc, char** argv) {
  Settings s;
  s.build_dir = "build";
  s.source_dir = SONDE_SOURCE_DIR;
  std::string out = s.source_dir + "/docs/performance.md";
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--build" && i + 1 < argc)
      s.build_dir = argv[++i];
    else if (a == "--runs" && i + 1 < argc)
      s.runs = std::stoi(argv[++i]);
    else if (a == "--out" && i + 1 < argc)
      out = argv[++i];
    else if (a == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (a == "--quick")
      s.quick = true;
    else if (a == "--levels" && i + 1 < argc)
      s.levels.push_back(std::stoi(argv[++i]));
    else if (a == "--no-baseline")
      s.baseline = false;
    else if (a == "--no-rt")
      s.realtime = false;
    else if (a == "--no-sim")
      s.simulator = false;
    else {
      std::cerr
          << "usage: sonde_bench [--build DIR] [--runs N] [--quick] [--only NAME] [--out FILE]"
             " [--levels N]... [--no-baseline] [--no-rt] [--no-sim]\n";
      return 2;
    }
  }
  raise_fd_limit();
  s.scheduling = s.realtime ? enter_realtime() : "SCHED_OTHER (default)";
  const auto began = std::chrono::steady_clock::now();
  const std::string machine = machine_line();
  std::cout << "machine: " << machine << "\n\n";
  std::vector<Table> tables;
  std::optional<BaselineResult> base_ingest;
  const std::vector<std::pair<std::string, std::function<Table()>>> benches = {
      {"ingest", [&] { return ingest_table(s, base_ingest); }},
      {"fidelity", [&] { return fidelity_table(s); }},
      {"schedule", [&] { return schedule_table(s); }},
      {"footprint", [&] { return footprint_table(s); }},
      {"prep", [&] { return prep_table(s); }},
  };
  for (const auto& [name, bench] : benches) {
    if (!only.empty() && only != name) continue;
    tables.push_back(bench());
    std::cout << tables.back().markdown() << std::flush;
  }
  if (only.empty()) std::cout << targets_table().markdown();
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (only.empty() && out != "-") {
    std::ofstream f(out);
    f << performance_doc_head(machine, now_utc(), s, took, loadavg1());
    f << targets_table().markdown();
    for (const auto& t : tables) f << t.markdown();
    f << performance_doc_tail();
    std::cout << "wrote " << out << " (" << fixed(took, 0) << " s)\n";
  }
  return 0;
}

}  // namespace
}  // namespace sonde::bench

int main(int argc, char** argv) {
  try {
    return sonde::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "sonde_bench: " << e.what() << "\n";
    return 1;
  }
}
