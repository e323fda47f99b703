// Real vLLM start-up logs (see tests/support/real_vllm.hpp) read by the scanner sonde runs over
// every server it launches. Each expected value was read by eye from the capture named in the
// test; the logs carry thousands separators, ANSI colour codes, carriage returns, hard-wrapped
// lines, tensor-parallel workers that each print their own lines, and one V0 engine.
#include <gtest/gtest.h>

#include "server/startup_log.hpp"
#include "support/real_vllm.hpp"

namespace sonde {
namespace {

using RealVllmStartup = test::RealVllm;

bool any_has_escape(const std::vector<std::string>& lines) {
  for (const auto& l : lines) {
    if (l.find('\x1b') != std::string::npos) return true;
  }
  return false;
}

// 0.10.1.1, Qwen2-7B-Instruct, TP=2: both workers print "Model loading took 7.1217 GiB" (after
// 168.264821 and 168.306294 s) and "Available KV cache memory: 12.02 GiB"; the engine prints
// "GPU KV cache size: 450,192 tokens" and "Maximum concurrency for 16,384 tokens per request:
// 27.48x" twice.
TEST_F(RealVllmStartup, Log1Tp2SeparatorsInTokenCounts) {
  const LogScanner s = scan_log_text(capture("log-startup-1.txt"));
  const StartupFacts& f = s.facts();
  EXPECT_EQ(f.kv_cache_tokens, 450192);
  EXPECT_EQ(f.max_concurrency_tokens, 16384);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value_or(0), 27.48);
  EXPECT_DOUBLE_EQ(f.available_kv_cache_gib.value_or(0), 12.02);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value_or(0), 7.1217);
  EXPECT_DOUBLE_EQ(f.model_load_s.value_or(0), 168.306294);  // the slower of the two workers
  EXPECT_TRUE(s.started());                                  // "Application startup complete."
  EXPECT_FALSE(s.startup_failure());
  EXPECT_FALSE(s.last_error());
}

// 0.10.1.1, gpt-oss-120b, TP=4 over Ray nodes, every line prefixed with ANSI colour codes:
// "GPU KV cache size: 2,640,144 tokens" and "... 16,384 tokens per request: 284.25x" four times,
// four workers loading 17.2217 GiB in 1219.491504, 1219.554719, 1229.728125 and 1229.597812 s,
// "Available KV cache memory: 45.32 GiB" (once followed by Ray's coloured "[repeated 3x across
// cluster]"), and two "ERROR ... Error retrieving safetensors" lines before start-up.
TEST_F(RealVllmStartup, Log2AnsiColouredRayWorkers) {
  const LogScanner s = scan_log_text(capture("log-startup-2.txt"));
  const StartupFacts& f = s.facts();
  EXPECT_EQ(f.kv_cache_tokens, 2640144);
  EXPECT_EQ(f.max_concurrency_tokens, 16384);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value_or(0), 284.25);
  EXPECT_DOUBLE_EQ(f.available_kv_cache_gib.value_or(0), 45.32);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value_or(0), 17.2217);
  EXPECT_DOUBLE_EQ(f.model_load_s.value_or(0), 1229.728125);
  EXPECT_TRUE(s.started());
  EXPECT_FALSE(s.startup_failure());  // a retried safetensors lookup is not a start-up failure
  // What a report would quote contains no escape codes.
  EXPECT_EQ(s.tail().back(), "(APIServer pid=1009) INFO:     Application startup complete.");
  EXPECT_FALSE(any_has_escape(s.tail()));
  ASSERT_TRUE(s.last_error());
  EXPECT_EQ(s.last_error()->message,
            "(APIServer pid=1009) ERROR 09-10 23:26:31 [config.py:128] Error retrieving "
            "safetensors: 'gpt-oss-120b' is not a safetensors repo. Couldn't find "
            "'model.safetensors.index.json' or 'model.safetensors' files.");
  EXPECT_FALSE(any_has_escape(s.last_error()->log_excerpt));
  // Had this server then exited, the failure would quote that line, without colour codes.
  const ServerFailure crash = classify_startup_failure(s, 1, std::nullopt, false);
  EXPECT_EQ(crash.kind, FailureKind::crashed);
  EXPECT_EQ(crash.message.find("the server exited with status 1: (APIServer pid=1009) ERROR"), 0u);
}

// 0.10.1.1, one GPU, lines hard-wrapped at about 140 columns: "GPU KV cache size: 93,872
// tokens", "... 16,384 tokens per request: 5.73x", "Available KV cache memory: 5.01 GiB",
// "Model loading took 14.2488 GiB and 4.422213 seconds".
TEST_F(RealVllmStartup, Log3HardWrappedSingleGpu) {
  const LogScanner s = scan_log_text(capture("log-startup-3.txt"));
  const StartupFacts& f = s.facts();
  EXPECT_EQ(f.kv_cache_tokens, 93872);
  EXPECT_EQ(f.max_concurrency_tokens, 16384);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value_or(0), 5.73);
  EXPECT_DOUBLE_EQ(f.available_kv_cache_gib.value_or(0), 5.01);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value_or(0), 14.2488);
  EXPECT_DOUBLE_EQ(f.model_load_s.value_or(0), 4.422213);
  EXPECT_TRUE(s.started());
  EXPECT_FALSE(s.startup_failure());
}

// 0.11.0, Qwen3-VL-30B-A3B on Blackwell, ANSI codes and carriage-return progress bars:
// "GPU KV cache size: 1,063,792 tokens", "Maximum concurrency for 40,960 tokens per request:
// 25.97x", "Available KV cache memory: 97.39 GiB", "Model loading took 58.2294 GiB and
// 35.779356 seconds". The capture ends at the route list, before "Application startup
// complete.".
TEST_F(RealVllmStartup, Log4V011Blackwell) {
  const LogScanner s = scan_log_text(capture("log-startup-4.txt"));
  const StartupFacts& f = s.facts();
  EXPECT_EQ(f.kv_cache_tokens, 1063792);
  EXPECT_EQ(f.max_concurrency_tokens, 40960);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value_or(0), 25.97);
  EXPECT_DOUBLE_EQ(f.available_kv_cache_gib.value_or(0), 97.39);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value_or(0), 58.2294);
  EXPECT_DOUBLE_EQ(f.model_load_s.value_or(0), 35.779356);
  EXPECT_FALSE(s.started());
  EXPECT_FALSE(s.startup_failure());
  EXPECT_EQ(s.tail().back(),
            "(APIServer pid=4023019) INFO 11-17 14:44:11 [launcher.py:42] Route: /metrics, "
            "Methods: GET");
}

// 0.6.6.post1 (V0 engine), offline LLM with TP=8: "# GPU blocks: 5065, # CPU blocks: 6553",
// "Maximum concurrency for 8192 tokens per request: 9.89x", each worker's "Loading model
// weights took 21.6682 GB" and "the rest of the memory reserved for KV Cache is 3.09GiB".
TEST_F(RealVllmStartup, Log5V0EngineOffline) {
  const LogScanner s = scan_log_text(capture("log-startup-5-v0.6.6-offline-tp8.txt"));
  const StartupFacts& f = s.facts();
  EXPECT_EQ(f.max_concurrency_tokens, 8192);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value_or(0), 9.89);
  EXPECT_DOUBLE_EQ(f.available_kv_cache_gib.value_or(0), 3.09);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value_or(0), 21.6682);
  // V0 printed blocks, not tokens, and the block size is not in the log; nor a loading time.
  EXPECT_FALSE(f.kv_cache_tokens);
  EXPECT_FALSE(f.model_load_s);
  EXPECT_FALSE(s.started());  // an offline run has no API server
  EXPECT_FALSE(s.startup_failure());
  // "If out-of-memory error occurs during cudagraph capture, ..." is advice, not an OOM.
  EXPECT_FALSE(s.last_error());
}

}  // namespace
}  // namespace sonde
