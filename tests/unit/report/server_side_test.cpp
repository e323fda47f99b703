// The server-side parts of report.md (warnings, section 1 from the environment record and the
// settings, the server columns, the derived conclusions) on the cases the goldens do not cover:
// an old run.json with nothing recorded, a local server without a GPU, a counter reset, a
// repeat_prompt scenario, and records too damaged to read.
#include <gtest/gtest.h>

#include <sstream>

#include "report/markdown.hpp"
#include "results/json.hpp"

namespace sonde {
namespace {

RunResult fixture(const std::string& name) {
  return read_run_json(std::string(SONDE_FIXTURES) + "/report/" + name + ".run.json");
}

std::string render(const RunResult& run, Lang lang = Lang::en) {
  std::ostringstream out;
  write_markdown_report(run, lang, out);
  return out.str();
}

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// The text of one "## " section, from its heading to the next.
std::string section(const std::string& md, const std::string& heading) {
  const auto from = md.find(heading);
  if (from == std::string::npos) return "";
  return md.substr(from, md.find("\n## ", from + 1) - from);
}

// A run.json written by an older sonde: no environment, settings or server-side records.
RunResult legacy_run() {
  RunResult run = fixture("mixed_real");
  run.environment.reset();
  run.server.settings.clear();
  run.warnings.clear();
  for (auto& sc : run.scenarios) sc.gpu_memory.reset(), sc.server_metrics.reset();
  return run;
}

TEST(ServerSideReport, OldRunSaysWhatIsMissingAndHowToRecordIt) {
  const std::string md = render(legacy_run());
  const std::string env = section(md, "## 1.");
  EXPECT_TRUE(has(env, "- **CPU**: not recorded"));
  EXPECT_TRUE(has(env, "- **Tensor parallel**: not recorded"));
  EXPECT_TRUE(has(env, "no environment record; `sonde specs`"));
  EXPECT_TRUE(has(env, "`--gpu-metrics-url http://<server>:9400/metrics`"));
  EXPECT_TRUE(has(env, "--server-args"));
  EXPECT_FALSE(has(env, "| Setting | Value | Source |"));
  const std::string warnings = section(md, "## Warnings");
  EXPECT_TRUE(has(warnings, "GPU memory (VRAM) was not measured: no GPU source was available"));
  EXPECT_TRUE(has(warnings, "vLLM's `/metrics` was not read, so the server-side columns"));
  EXPECT_TRUE(has(md, "| short_1k | 1,000 / 1,000 |"));
  EXPECT_TRUE(has(md, "| — | 6.44 | 3.29 / — | — | — |"));  // queue/prefill, decode, KV, VRAM
  EXPECT_TRUE(has(md, "Not measured: the KV cache size is unknown"));  // no /metrics, no cache config
  EXPECT_FALSE(has(md, "vLLM counted"));
}

TEST(ServerSideReport, RunnerWarningsAreQuotedVerbatimAndNotRepeated) {
  RunResult run = legacy_run();
  run.warnings = {
      "http://gpu-node-3:8000/metrics did not answer with Prometheus text: "
      "server-side prefill/decode times, KV-cache usage and preemptions are not "
      "measured"};
  const std::string warnings = section(render(run), "## Warnings");
  EXPECT_TRUE(has(warnings, "- http://gpu-node-3:8000/metrics did not answer"));
  EXPECT_FALSE(has(warnings, "was not read, so the server-side columns"));  // said once
  run.warnings = {"odd *value* with_underscores"};
  EXPECT_TRUE(has(render(run), "- odd \\*value\\* with\\_underscores\n"));
}

TEST(ServerSideReport, LocalServerWithoutGpuIsAFindingNotAGap) {
  RunResult run = legacy_run();
  Environment env;
  env.system.cpu_model = "Test CPU";
  env.system.arch = "x86_64";
  env.system.cpu_cores = 2;
  env.system.cpu_threads = 4;
  env.system.memory_bytes = 8ull << 30;
  env.system.os_name = "Debian GNU/Linux 12 (bookworm)";
  env.system.os_version = "12";
  env.system.kernel = "6.1.0";
  env.gpus.source = "none";
  env.gpus.note = "NVML: libnvidia-ml.so.1 not found";
  env.recorded_on = "server host";
  run.environment = env;
  const std::string md = render(run);
  EXPECT_TRUE(has(md, "- **CPU**: Test CPU (2 cores / 4 threads, x86_64)\n"));
  EXPECT_TRUE(has(md, "- **RAM**: 8.0 GiB\n"));
  EXPECT_TRUE(has(md, "- **OS**: Debian GNU/Linux 12 (bookworm) (kernel 6.1.0)\n"));
  EXPECT_TRUE(has(md, "- **GPU**: no NVIDIA GPU found (NVML: libnvidia-ml.so.1 not found)\n"));
  EXPECT_TRUE(has(md, "- **GPU count**: 0\n"));
  EXPECT_TRUE(
      has(md, "no NVIDIA GPU was found on the server host (NVML: libnvidia-ml.so.1 not found)"));
  EXPECT_FALSE(has(section(md, "## Warnings"), "--gpu-metrics-url"));  // local: no remote hint
}

TEST(ServerSideReport, GpusNamedByTheDcgmSamplesFillSectionOne) {
  RunResult run = fixture("seed_sim");
  run.simulated = false;
  run.environment.reset();
  const std::string env = section(render(run), "## 1.");
  EXPECT_TRUE(has(env, "- **GPU**: NVIDIA H100 80GB HBM3 × 1\n"));
  EXPECT_TRUE(has(env, "- **VRAM**: 79.6 GiB per GPU\n"));
  EXPECT_TRUE(has(env, "- **CUDA**: not recorded\n"));
}

TEST(ServerSideReport, RepeatPromptHitsAreOnPurposeAndResetsAreFlagged) {
  RunResult run = fixture("mixed_real");
  run.scenarios[0].spec.repeat_prompt = true;
  run.scenarios[0].server_metrics->prefix_cache_hit_rate = 0.9;
  run.scenarios[1].server_metrics->reset_detected = true;
  run.scenarios[2].server_metrics.reset();
  const std::string warnings = section(render(run), "## Warnings");
  EXPECT_FALSE(has(warnings, "may be flattered"));
  EXPECT_TRUE(has(warnings,
                  "`short_1k` repeats one prompt on purpose (`repeat_prompt: true`): its "
                  "prefix-cache hit rate of 90.0%"));
  EXPECT_TRUE(has(warnings, "counters went backwards during `long_6k`"));
  EXPECT_TRUE(has(warnings, "`/metrics` was not read for `concurrency_4`"));
  const std::string ko = section(render(run, Lang::ko), "## 주의 사항");
  EXPECT_TRUE(has(ko, "`repeat_prompt: true`"));
}

TEST(ServerSideReport, ConflictingSettingValuesShowEverySource) {
  RunResult run = fixture("mixed_real");
  run.server.settings.push_back({"gpu-memory-utilization", "0.85", "cache_config_info"});
  run.server.settings.push_back({"block-size", "16.0", "suite"});
  const std::string env = section(render(run), "## 1.");
  EXPECT_TRUE(has(env,
                  "| `gpu-memory-utilization` | **0.9 (`--server-args`) ≠ 0.85 (`/metrics` "
                  "cache_config_info)** (sources disagree, see Warnings) |"));
  EXPECT_TRUE(
      has(env, "| `block-size` | 16 | `/metrics` cache_config_info, suite YAML `server:` |"));
}

TEST(ServerSideReport, DamagedRecordsReadAsMissingInsteadOfFailing) {
  nlohmann::json j = fixture("seed_sim");  // as a hand-edited run.json would hold them
  j["scenarios"][0]["server_metrics"]["num_preemptions"] = "many";
  j["scenarios"][0]["gpu_memory"]["gpus"][0]["peak_used_bytes"] = "lots";
  j["environment"]["gpus"]["devices"] = 7;
  const RunResult run = j.get<RunResult>();
  EXPECT_FALSE(run.scenarios[0].server_metrics);
  EXPECT_FALSE(run.scenarios[0].gpu_memory);
  ASSERT_TRUE(run.environment);  // a wrong-typed devices list reads as no devices
  EXPECT_TRUE(run.environment->gpus.gpus.empty());
  const std::string md = render(run);
  EXPECT_TRUE(has(md, "| short_1k | 1,000 / 1,000 |"));
  EXPECT_TRUE(has(section(md, "## Warnings"), "`/metrics` was not read for `short_1k`"));
  EXPECT_TRUE(
      has(section(md, "## Warnings"), "GPU memory (VRAM) readings are missing for `short_1k`"));
}

TEST(ServerSideReport, ConclusionsQuoteTheServerSideNumbers) {
  const std::string concl = section(render(fixture("mixed_real")), "## 5.");
  EXPECT_TRUE(has(concl, "vLLM preempted 3 request(s) in all (`poisson_2rps` 3)"));
  EXPECT_TRUE(has(concl, "1,024 blocks × 16 tokens = 16,384 tokens"));
  EXPECT_TRUE(has(concl, "equal the client's usage totals exactly"));
  RunResult run = fixture("mixed_real");
  run.scenarios[0].server_metrics->prompt_tokens = 1;
  EXPECT_TRUE(has(section(render(run), "## 5."), "differ from the client's usage totals"));
}

}  // namespace
}  // namespace sonde
