#include "cli/clients_flags.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>

#include "util/error.hpp"

namespace sonde {
namespace {

int parse_int(std::string_view text, const char* what) {
  int v = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError(fmt::format("--shard: {} '{}' is not a number (internal flag: K/N)", what, text));
  }
  return v;
}

// argv as the kernel holds it: the words exactly as this process was started with.
std::vector<std::string> own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> out;
  std::string word;
  for (const char c : raw) {
    if (c == '\0') {
      out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

std::string own_program() {
  std::array<char, 4096> path{};
  const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) throw Error(ExitCode::failure, "cannot find this program (/proc/self/exe)");
  return std::string(path.data(), static_cast<std::size_t>(n));
}

}  // namespace

void add_clients_flags(CLI::App* cmd, ClientsFlags& f) {
  cmd->add_option("--clients", f.clients,
                  "Client processes that share every scenario's load (rate: arrivals thinned; "
                  "closed/burst: users divided); merged into one run at the end")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--executor", f.executor,
                  "Where the --clients processes run: local (child processes) or slurm (N tasks "
                  "of one srun, inside an allocation)")
      ->check(CLI::IsMember({"local", "slurm"}))
      ->capture_default_str();
  const std::string internal = "";  // an empty group hides them from --help
  cmd->add_option("--shard", f.shard, "internal: this process is shard K of N")->group(internal);
  cmd->add_option("--shard-run-id", f.run_id, "internal")->group(internal);
  cmd->add_option("--shard-start-at", f.start_at_ns, "internal")->group(internal);
  cmd->add_option("--shard-clock", f.clock, "internal")->group(internal);
  cmd->add_option("--shard-sim-url", f.sim_url, "internal")->group(internal);
}

void apply_shard_flags(const ClientsFlags& f, Plan& plan) {
  const auto slash = f.shard.find('/');
  if (slash == std::string::npos) {
    throw UsageError(fmt::format("--shard: '{}' is not K/N (internal flag of --clients)", f.shard));
  }
  ShardWiring w;
  w.count = parse_int(std::string_view(f.shard).substr(slash + 1), "N");
  const std::string k = f.shard.substr(0, slash);
  if (k == "slurm") {
    const char* procid = std::getenv("SLURM_PROCID");
    if (procid == nullptr) {
      throw UsageError("--shard slurm/N: SLURM_PROCID is not set; run it as a task of srun");
    }
    w.index = parse_int(procid, "SLURM_PROCID");
  } else {
    w.index = parse_int(k, "K");
  }
  if (w.count < 1 || w.index < 0 || w.index >= w.count) {
    throw UsageError(fmt::format("--shard: {} is not a shard of {}", w.index, w.count));
  }
  if (plan.out_dir.empty() || f.run_id.empty() || f.start_at_ns <= 0) {
    throw UsageError(
        "--shard: needs --out, --shard-run-id and --shard-start-at (internal flags "
        "of --clients; run `sonde run --clients N` instead)");
  }
  w.start_at_unix_ns = f.start_at_ns;
  w.run_id = f.run_id;
  w.sync_dir = plan.out_dir + "/shards/sync";
  w.clock_server = f.clock;
  plan.out_dir += "/shards/" + std::to_string(w.index);
  if (!f.sim_url.empty()) {  // the parent's simulator, measured exactly as --sim would
    plan.sim = false;
    plan.base_url = f.sim_url;
    plan.wiring.simulated_server = true;
    plan.wiring.time_scale = plan.sim_speed;
    w.parent_sim = true;
  }
  plan.wiring.shard = w;
}

ClientsLaunch clients_launch(const ClientsFlags& f) {
  ClientsLaunch launch;
  launch.clients = f.clients;
  launch.executor = f.executor == "slurm" ? ClientsExecutor::slurm : ClientsExecutor::local;
  const std::vector<std::string> words = own_command_line();
  const std::set<std::string> with_value = {"--clients", "--executor", "--out", "--sim-speed",
                                            "--base-url"};
  launch.shard_argv.push_back(own_program());
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string name = w.substr(0, w.find('='));
    if (w == "--sim") continue;
    if (with_value.contains(name)) {
      if (name == w) ++i;  // its value is the next word
      continue;
    }
    launch.shard_argv.push_back(w);
  }
  return launch;
}

}  // namespace sonde
