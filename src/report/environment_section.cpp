// Section 1 of the report: the test environment as run.json recorded it (environment, server
// info and vLLM settings with their sources), and for every field nothing recorded, a hint
// saying how the next run can record it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"

namespace sonde::report {
namespace {

// What the report can say about the server's GPUs, from the environment record or, failing
// that, from the GPU memory samples (a DCGM exporter names its GPUs too).
struct GpuFacts {
  std::vector<std::pair<std::string, int>> models;  // device name → count, in index order
  int count = 0;                                    // devices
  std::vector<uint64_t> totals;                     // memory size per device, bytes
  std::string driver;                               // driver version ("" unknown)
  std::string cuda;                                 // the driver's CUDA version ("" unknown)
  std::string note;                                 // the record's caveat ("" none)
  bool none_found = false;                          // a source looked and found no GPU
};

void add_model(GpuFacts& f, const std::string& name, std::optional<uint64_t> total) {
  const std::string label = name.empty() ? "GPU" : name;
  auto it = std::find_if(f.models.begin(), f.models.end(),
                         [&](const auto& p) { return p.first == label; });
  if (it == f.models.end())
    f.models.emplace_back(label, 1);
  else
    ++it->second;
  ++f.count;
  if (total) f.totals.push_back(*total);
}

GpuFacts gpu_facts(const RunResult& run, const std::optional<Environment>& env) {
  GpuFacts f;
  if (env) {
    for (const GpuInfo& g : env->gpus.gpus) add_model(f, g.name, g.memory_total_bytes);
    f.driver = env->gpus.driver_version;
    f.cuda = env->gpus.cuda_driver_version;
    f.note = env->gpus.note;
    // On the client host, "none" describes the wrong machine: it is not a finding.
    f.none_found = f.count == 0 && env->gpus.source == "none" && !recorded_on_client(run);
  }
  if (f.count > 0) return f;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto rec = gpu_memory_of(sc);
    if (!rec || rec->gpus.empty()) continue;
    for (const GpuMemorySummary& g : rec->gpus) add_model(f, g.name, g.total_bytes);
    f.none_found = false;
    break;
  }
  return f;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A setting's value as a reader expects it: switches as ON/OFF, None as "none".
std::string display_value(const std::string& value, const Messages& m) {
  const std::string v = lower(value);
  if (v == "true") return m.on;
  if (v == "false") return m.off;
  if (v.empty() || v == "none" || v == "null") return m.value_none;
  return value;
}

// "2 (`--server-args`)", with every source when they disagree.
std::string setting_text(const RunResult& run, const std::string& name, const Messages& m,
                         bool with_source) {
  const auto values = settings_named(run, name);
  if (values.empty()) return m.not_recorded;
  bool agree = true;
  for (const auto& v : values) agree = agree && same_setting_value(v.value, values[0].value);
  std::string text;
  if (agree) {
    text = display_value(values[0].value, m);
    if (with_source) text += " (" + source_label(values[0].source, m) + ")";
  } else {
    std::string all;
    for (const auto& v : values) {
      all += (all.empty() ? "" : " ≠ ") + display_value(v.value, m) + " (" +
             source_label(v.source, m) + ")";
    }
    text = m.settings_conflict.format(arg<"values">(all));
  }
  if (agree && setting_has_warning(run, name)) text += " ⚠";
  return text;
}

std::string gpu_line(const RunResult& run, const GpuFacts& f, const Messages& m) {
  if (f.count > 0) {
    std::string gpus;
    for (const auto& [name, n] : f.models)
      gpus += (gpus.empty() ? "" : ", ") + name + " × " + std::to_string(n);
    if (!run.simulated) return gpus;
    return m.simulated_gpu_named.format(arg<"gpus">(gpus), arg<"profile">(run.sim_profile));
  }
  if (run.simulated) return m.simulated_gpu.format(arg<"profile">(run.sim_profile));
  std::string text = f.none_found ? m.gpu_none : m.not_recorded;
  // On the client host the note is about the wrong machine; the GPU hint below says what to do.
  if (!f.note.empty() && !recorded_on_client(run)) text += " (" + doc::literal(f.note) + ")";
  return text;
}

std::string vram_line(const GpuFacts& f, const Messages& m) {
  if (f.totals.empty()) return m.not_recorded;
  std::vector<std::string> sizes;
  for (uint64_t t : f.totals) {
    const std::string s = number(gib(t), 1);
    if (std::find(sizes.begin(), sizes.end(), s) == sizes.end()) sizes.push_back(s);
  }
  std::string joined;
  for (const auto& s : sizes) joined += (joined.empty() ? "" : " / ") + s;
  return m.vram_per_gpu.format(arg<"gib">(joined));
}

// A field of the GPU driver: its value, "n/a (simulated)" or "not recorded".
std::string driver_field(const std::string& value, const std::string& text, bool simulated,
                         const Messages& m) {
  if (!value.empty()) return text;
  return simulated ? m.sim_na : m.not_recorded;
}

std::string cpu_line(const Environment& e, const Messages& m) {
  const SystemSpecs& s = e.system;
  if (s.cpu_model.empty()) return m.not_recorded;
  if (s.cpu_cores <= 0 || s.cpu_threads <= 0) return s.cpu_model;
  return m.env_cpu_line.format(arg<"model">(s.cpu_model), arg<"cores">(s.cpu_cores),
                               arg<"threads">(s.cpu_threads),
                               arg<"arch">(s.arch.empty() ? "?" : s.arch));
}

std::string os_line(const Environment& e, const Messages& m) {
  const SystemSpecs& s = e.system;
  std::string name = s.os_name;
  // PRETTY_NAME usually carries the version already ("Ubuntu 22.04.4 LTS").
  if (!s.os_version.empty() && name.find(s.os_version) == std::string::npos)
    name += " " + s.os_version;
  if (name.empty()) return m.not_recorded;
  if (s.kernel.empty()) return name;
  return m.env_os_line.format(arg<"name">(name), arg<"kernel">(s.kernel));
}

std::string model_line(const RunResult& run, const Messages& m) {
  std::string model =
      run.target.model.empty() ? std::string(m.not_recorded) : "`" + run.target.model + "`";
  if (!run.server.model_root.empty() && run.server.model_root != run.target.model) {
    model += " (`" + run.server.model_root + "`)";
  }
  return model;
}

void settings_table(const RunResult& run, const Messages& m, std::vector<doc::Block>& out) {
  if (run.server.settings.empty()) return;
  std::vector<std::string> names;
  for (const ServerSetting& s : run.server.settings) {
    if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
  }
  out.push_back(doc::Paragraph{m.settings_intro});
  doc::Table table{doc::header_cells(m.settings_header), {}, {}};
  for (const std::string& name : names) {
    std::string sources;
    for (const auto& v : settings_named(run, name)) {
      const std::string label = source_label(v.source, m);
      if (sources.find(label) == std::string::npos)
        sources += (sources.empty() ? "" : ", ") + label;
    }
    table.rows.push_back({"`" + name + "`", setting_text(run, name, m, false), sources});
  }
  out.push_back(std::move(table));
}

void hints(const RunResult& run, const std::optional<Environment>& env, const GpuFacts& f,
           const Messages& m, std::vector<doc::Block>& out) {
  std::vector<const char*> hints;
  if (recorded_on_client(run)) hints.push_back(m.env_note_client);
  if (!env) hints.push_back(m.env_hint_no_env);
  if (!run.simulated && f.count == 0 && !f.none_found) hints.push_back(m.env_hint_gpu);
  bool settings_missing = false;
  for (const char* name : {"tensor-parallel-size", "quantization", "enable-chunked-prefill"}) {
    settings_missing = settings_missing || settings_named(run, name).empty();
  }
  if (!run.simulated && settings_missing) hints.push_back(m.env_hint_settings);
  for (const char* h : hints) out.push_back(doc::Paragraph{h});
}

// Who measured: sonde's transport and its own load at its busiest scenario, so a reader can
// see the client was not the limit (omitted for runs recorded without client_health).
void client_line(const RunResult& run, const Messages& m, std::vector<doc::Block>& out) {
  const ScenarioResult* busiest = nullptr;
  double backlog = 0;
  for (const ScenarioResult& s : run.scenarios) {
    if (!s.client_health || !std::isfinite(s.client_health->cpu_util_pct)) continue;
    backlog = std::max(backlog, s.client_health->max_receive_backlog_ms);
    if (busiest == nullptr || s.client_health->cpu_util_pct > busiest->client_health->cpu_util_pct) {
      busiest = &s;
    }
  }
  if (busiest == nullptr) return;
  const ClientHealth& h = *busiest->client_health;
  out.push_back(doc::Paragraph{m.client_line.format(
      arg<"transport">(h.transport), arg<"threads">(h.threads), arg<"cpu">(trimmed(h.cpu_util_pct, 0)),
      arg<"scenario">(busiest->spec.name), arg<"backlog">(trimmed(backlog, 1)))});
}

}  // namespace

doc::Section environment_section(const RunResult& run, const Messages& m) {
  const std::string nr = m.not_recorded;
  const auto env = environment_of(run);
  const GpuFacts f = gpu_facts(run, env);
  const std::string client = recorded_on_client(run) ? m.env_client_suffix : "";
  const std::string ram = env && env->system.memory_bytes > 0
                              ? number(gib(env->system.memory_bytes), 1) + " GiB" + client
                              : nr;
  const std::string cuda = m.cuda_line.format(arg<"version">(f.cuda));
  const std::vector<std::pair<const char*, std::string>> rows{
      {m.env_cpu, env && !env->system.cpu_model.empty() ? cpu_line(*env, m) + client : nr},
      {m.env_ram, ram},
      {m.env_gpu, gpu_line(run, f, m)},
      {m.env_vram, vram_line(f, m)},
      {m.env_gpu_count, f.count > 0 || f.none_found ? std::to_string(f.count) : nr},
      {m.env_os, env && !env->system.os_name.empty() ? os_line(*env, m) + client : nr},
      {m.env_cuda, driver_field(f.cuda, cuda, run.simulated, m)},
      {m.env_driver, driver_field(f.driver, f.driver, run.simulated, m)},
      {m.env_vllm, run.server.version.empty() ? nr : run.server.version},
      {m.env_model, model_line(run, m)},
      {m.env_max_model_len, run.server.max_model_len > 0 ? integer(run.server.max_model_len) : nr},
      {m.env_tp, setting_text(run, "tensor-parallel-size", m, true)},
      {m.env_quant, setting_text(run, "quantization", m, true)},
      {m.env_chunked, setting_text(run, "enable-chunked-prefill", m, true)},
      {m.env_target, "`" + run.target.base_url + "`"},
  };
  doc::Section section{"environment", m.env_heading, {}};
  doc::KeyValues kv;
  for (const auto& [label, value] : rows) kv.rows.emplace_back(label, value);
  section.blocks.push_back(std::move(kv));
  hints(run, env, f, m, section.blocks);
  settings_table(run, m, section.blocks);
  section.blocks.push_back(doc::Paragraph{m.conditions.format(
      arg<"endpoint">(run.target.endpoint), arg<"ignore_eos">(run.options.ignore_eos ? m.on : m.off),
      arg<"warmup">(run.options.warmup), arg<"corpus">(run.options.corpus),
      arg<"seed">(run.options.seed), arg<"timeout">(trimmed(run.options.timeout_s, 1)))});
  client_line(run, m, section.blocks);
  return section;
}

}  // namespace sonde::report
