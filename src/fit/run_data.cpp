#include "fit/run_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <variant>

#include "profiles/profiles.hpp"
#include "results/journal.hpp"
#include "results/json.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde::fit {
namespace {

constexpr const char* kWhatToRun =
    "run the seed suite first, e.g. `sonde run --base-url URL --suite examples/seed-suite.yaml "
    "--out DIR` (or `sonde run --sim ...`)";

int64_t to_int(const std::string& dir, const std::string& name, const std::string& value) {
  try {
    size_t used = 0;
    const long long v = std::stoll(value, &used);
    if (used == value.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(
      fmt::format("{}/run.json: server setting {} = \"{}\" is not an integer", dir, name, value));
}

double to_double(const std::string& dir, const std::string& name, const std::string& value) {
  try {
    size_t used = 0;
    const double v = std::stod(value, &used);
    if (used == value.size() && std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(
      fmt::format("{}/run.json: server setting {} = \"{}\" is not a number", dir, name, value));
}

bool to_bool(const std::string& value) {
  return value == "true" || value == "True" || value == "1";
}

// The settings run.json recorded, as `sonde sim` would be started with them (vLLM's defaults for
// what was not recorded).
void apply_settings(RunData& r) {
  SimOptions& o = r.options;
  for (const auto& [name, value] : r.settings) {
    if (name == "tensor-parallel-size") o.tensor_parallel_size = int(to_int(r.dir, name, value));
    if (name == "max-num-batched-tokens") o.max_num_batched_tokens = to_int(r.dir, name, value);
    if (name == "max-num-seqs") o.max_num_seqs = int(to_int(r.dir, name, value));
    if (name == "max-model-len") o.max_model_len = to_int(r.dir, name, value);
    if (name == "block-size") o.block_size = int(to_int(r.dir, name, value));
    if (name == "gpu-memory-utilization") o.gpu_memory_utilization = to_double(r.dir, name, value);
    if (name == "enable-chunked-prefill") o.enable_chunked_prefill = to_bool(value);
    if (name == "enable-prefix-caching") o.enable_prefix_caching = to_bool(value);
    if (name == "dtype") o.dtype = value;
    if (name == "quantization") o.quantization = value == "none" ? "" : value;
    if (name == "kv-cache-dtype") o.kv_cache_dtype = value;
    if (name == "num-gpu-blocks") r.num_gpu_blocks = to_int(r.dir, name, value);
  }
  o.gpus = o.tensor_parallel_size;
}

// The GPU and model profiles the run measured: the simulator's own label, else the GPU the
// environment recorded and the model name; --gpu / --model-profile win.
void identify(RunData& r, const RunResult& run, const ReadOptions& opt) {
  std::string product, model;
  if (!run.sim_profile.empty()) {
    const auto slash = run.sim_profile.find(" / ");
    product = run.sim_profile.substr(0, slash);
    if (const auto x = product.rfind(" x"); x != std::string::npos) product.resize(x);
    if (slash != std::string::npos) {
      model = run.sim_profile.substr(slash + 3);
      model = model.substr(0, model.find(" / "));
    }
  } else if (run.environment && !run.environment->gpus.gpus.empty()) {
    product = run.environment->gpus.gpus.front().name;
  }
  if (!opt.gpu.empty()) {
    r.gpu = profiles::find_gpu(profiles::builtin_gpus(), opt.gpu).name;
  } else if (const auto* g = profiles::gpu_by_product_name(product, !run.sim_profile.empty())) {
    r.gpu = g->name;
  } else {
    throw UsageError(fmt::format(
        "{}: cannot tell which GPU ran it (recorded: \"{}\"); pass --gpu NAME with one of the "
        "built-in GPU profiles (sonde sim --help lists them)",
        r.dir, product.empty() ? "none" : product));
  }
  if (!opt.model_profile.empty()) {
    r.model_profile = profiles::find_model(profiles::builtin_models(), opt.model_profile).name;
    return;
  }
  for (const auto& m : profiles::builtin_models()) {
    if (m.name == model) r.model_profile = m.name;
  }
  if (r.model_profile.empty()) {
    const auto* m = profiles::infer_model(profiles::builtin_models(), run.target.model);
    if (m == nullptr) m = profiles::infer_model(profiles::builtin_models(), run.server.model_root);
    if (m == nullptr) {
      throw UsageError(fmt::format(
          "{}: no built-in model profile matches model \"{}\"; pass --model-profile NAME", r.dir,
          run.target.model));
    }
    r.model_profile = m->name;
  }
}

// The scenario's figures: the server's histograms when it reported them, else the client's.
void measure(Observation& o, const ScenarioResult& s, const std::vector<const RequestRecord*>& ok) {
  double ttft = 0, tpot = 0, out_tokens = 0;
  int tpot_n = 0;
  for (const auto* rec : ok) {
    ttft += rec->ttft_ms.value_or(0);
    if (rec->tpot_ms) {
      tpot += *rec->tpot_ms;
      ++tpot_n;
    }
    out_tokens += static_cast<double>(rec->output_tokens);
  }
  const auto& sm = s.server_metrics;
  if (sm && sm->prefill_ms.count > 0 && sm->decode_ms.count > 0 &&
      std::isfinite(sm->prefill_ms.mean) && std::isfinite(sm->decode_ms.mean)) {
    const double count = static_cast<double>(sm->decode_ms.count);
    const double generated =
        sm->generation_tokens ? static_cast<double>(*sm->generation_tokens) : out_tokens;
    if (generated > count) {
      o.server_side = true;
      o.prefill_ms = sm->prefill_ms.mean;
      o.tpot_ms = sm->decode_ms.mean * count / (generated - count);
      return;
    }
  }
  o.prefill_ms = ttft / static_cast<double>(ok.size());
  if (tpot_n > 0) o.tpot_ms = tpot / tpot_n;
}

std::vector<Observation> observe(const RunResult& run, const std::vector<RequestRecord>& records,
                                 std::size_t run_index, std::vector<std::string>& notes,
                                 const std::string& dir) {
  std::vector<Observation> out;
  for (const auto& s : run.scenarios) {
    std::vector<const RequestRecord*> ok;
    for (const auto& rec : records) {
      if (rec.scenario == s.spec.name && rec.ok && rec.ttft_ms) ok.push_back(&rec);
    }
    if (ok.empty()) {
      notes.push_back(
          fmt::format("{}: scenario {} left out: no successful request", dir, s.spec.name));
      continue;
    }
    if (!std::holds_alternative<SyntheticSource>(s.spec.source) || s.spec.repeat_prompt) {
      notes.push_back(
          fmt::format("{}: scenario {} left out: only the suite's generated, distinct "
                      "prompts are replayed (not datasets, traces, shared prefixes "
                      "or repeated prompts)",
                      dir, s.spec.name));
      continue;
    }
    std::sort(ok.begin(), ok.end(),
              [](const auto* a, const auto* b) { return a->start_ms < b->start_ms; });
    Observation o;
    o.run = run_index;
    o.scenario = s.spec.name;
    o.concurrency = s.spec.concurrency;
    o.input_len = s.spec.input_len;
    for (const auto* rec : ok) {
      o.requests.push_back({std::max<int64_t>(1, rec->input_tokens),
                            std::max<int64_t>(1, rec->output_tokens),
                            (rec->start_ms - ok.front()->start_ms) / 1000});
    }
    measure(o, s, ok);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

FitInput read_runs(const std::vector<std::string>& dirs, const ReadOptions& options) {
  FitInput in;
  for (const auto& dir : dirs) {
    const fs::path run_json = fs::path(dir) / "run.json",
                   journal = fs::path(dir) / "requests.jsonl";
    if (!fs::exists(run_json)) {
      throw UsageError(fmt::format("{}: no run.json; give directories written by `sonde run` ({})",
                                   dir, kWhatToRun));
    }
    if (!fs::exists(journal)) {
      throw UsageError(
          fmt::format("{}: no requests.jsonl beside run.json; give the whole "
                      "directory `sonde run` wrote",
                      dir));
    }
    const RunResult run = read_run_json(run_json);
    const JournalContents records = read_journal(journal);
    RunData r;
    r.dir = dir;
    r.run_id = run.run_id;
    r.vllm_version = run.server.version;
    r.simulated = run.simulated;
    r.sim_profile = run.sim_profile;
    r.model = run.target.model;
    for (const auto& s : run.server.settings) r.settings.emplace_back(s.name, s.value);
    apply_settings(r);
    identify(r, run, options);
    auto obs = observe(run, records.records, in.runs.size(), in.notes, dir);
    if (obs.empty()) {
      throw UsageError(fmt::format("{}: no scenario with a successful request; {}", dir, kWhatToRun));
    }
    if (!in.runs.empty() &&
        (r.gpu != in.runs.front().gpu || r.model_profile != in.runs.front().model_profile)) {
      throw UsageError(fmt::format(
          "{}: measured {} / {}, but {} measured {} / {}; one profile is fitted to one GPU and "
          "model: give runs of the same server",
          dir, r.gpu, r.model_profile, in.runs.front().dir, in.runs.front().gpu,
          in.runs.front().model_profile));
    }
    in.runs.push_back(std::move(r));
    for (auto& o : obs) in.observations.push_back(std::move(o));
  }
  return in;
}

}  // namespace sonde::fit
