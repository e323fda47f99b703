#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/startup_log.hpp"

namespace sonde {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SONDE_FIXTURES) + "/server/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ServerFailure exited(const std::string& log, int code = 1) {
  return classify_startup_failure(scan_log_text(fixture(log)), code, std::nullopt, false);
}

bool excerpt_has(const ServerFailure& f, const std::string& needle) {
  for (const auto& l : f.log_excerpt) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(StartupLog, HealthyLogGivesAllFacts) {
  const LogScanner s = scan_log_text(fixture("healthy.log"));
  const StartupFacts& f = s.facts();
  EXPECT_EQ(f.kv_cache_tokens, 426784);
  EXPECT_EQ(f.max_concurrency_tokens, 131072);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value(), 3.26);
  EXPECT_DOUBLE_EQ(f.available_kv_cache_gib.value(), 52.10);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value(), 14.9889);
  EXPECT_DOUBLE_EQ(f.model_load_s.value(), 6.123456);
  EXPECT_TRUE(s.started());
  EXPECT_FALSE(s.startup_failure());
  EXPECT_FALSE(s.runtime_failure());
}

TEST(StartupLog, NewerBuildsPrintSizeAndConcurrencyOnOneLine) {
  const StartupFacts f = scan_log_text(fixture("oneline_facts.log")).facts();
  EXPECT_EQ(f.kv_cache_tokens, 123456);
  EXPECT_EQ(f.max_concurrency_tokens, 32768);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value(), 3.77);
  EXPECT_DOUBLE_EQ(f.model_load_gib.value(), 15.2683);  // "GiB memory and" form
  EXPECT_DOUBLE_EQ(f.model_load_s.value(), 7.5);
  EXPECT_FALSE(f.available_kv_cache_gib);
}

TEST(StartupLog, OomDuringLoadIsOomStartupWithItsLine) {
  const ServerFailure f = exited("oom_startup.log");
  EXPECT_EQ(f.kind, FailureKind::oom_startup);
  EXPECT_NE(f.message.find("torch.OutOfMemoryError: CUDA out of memory"), std::string::npos);
  ASSERT_EQ(f.log_excerpt.size(), 4u);  // the line and three before it
  EXPECT_NE(f.log_excerpt.back().find("OutOfMemoryError"), std::string::npos);
  EXPECT_TRUE(excerpt_has(f, "weight = Parameter"));
  EXPECT_EQ(f.exit_code, 1);
}

TEST(StartupLog, KvCacheInsufficientRecordsEstimatedLength) {
  const ServerFailure f = exited("kv_cache_insufficient.log");
  EXPECT_EQ(f.kind, FailureKind::kv_cache_insufficient);
  EXPECT_EQ(f.max_seq_len, 131072);
  EXPECT_DOUBLE_EQ(f.kv_cache_needed_gib.value(), 8.18);
  EXPECT_DOUBLE_EQ(f.kv_cache_available_gib.value(), 7.04);
  EXPECT_EQ(f.estimated_max_model_len, 112064);
  EXPECT_TRUE(excerpt_has(f, "To serve at least one request"));
}

TEST(StartupLog, KvCacheInsufficientEstimateOnAWrappedLine) {
  LogScanner s;
  s.feed(
      "ValueError: To serve at least one request with the model's max seq len (32768), "
      "(4.00 GiB KV cache is needed, which is larger than the available KV cache memory "
      "(2.00 GiB).");
  s.feed("Based on the available memory, the estimated maximum model length is 16384.");
  const auto f = s.startup_failure();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->estimated_max_model_len, 16384);
}

TEST(StartupLog, VllmV0KvMessageInTokens) {
  LogScanner s;
  s.feed(
      "ValueError: The model's max seq len (131072) is larger than the maximum number of "
      "tokens that can be stored in KV cache (45,000). Try increasing gpu_memory_utilization");
  const auto f = s.startup_failure();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, FailureKind::kv_cache_insufficient);
  EXPECT_EQ(f->max_seq_len, 131072);
  EXPECT_EQ(f->estimated_max_model_len, 45000);
}

TEST(StartupLog, NoCacheMemory) {
  const ServerFailure f = exited("no_cache_memory.log");
  EXPECT_EQ(f.kind, FailureKind::no_cache_memory);
  EXPECT_NE(f.message.find("No available memory for the cache blocks"), std::string::npos);
}

TEST(StartupLog, InsufficientFreeMemoryWithFigures) {
  const ServerFailure f = exited("insufficient_free_memory.log");
  EXPECT_EQ(f.kind, FailureKind::insufficient_free_memory);
  EXPECT_DOUBLE_EQ(f.free_memory_gib.value(), 7.34);
  EXPECT_DOUBLE_EQ(f.total_memory_gib.value(), 15.49);
  EXPECT_DOUBLE_EQ(f.requested_utilization.value(), 0.8);
  EXPECT_DOUBLE_EQ(f.requested_memory_gib.value(), 12.39);
}

TEST(StartupLog, ChunkedPrefillOffBudgetBelowModelLenIsInvalidConfig) {
  const ServerFailure f = exited("invalid_config.log");
  EXPECT_EQ(f.kind, FailureKind::invalid_config);
  EXPECT_TRUE(excerpt_has(f, "max_num_batched_tokens (2048) is smaller than max_model_len"));
}

TEST(StartupLog, ArgparseErrorIsInvalidConfig) {
  const ServerFailure f = exited("argparse_error.log", 2);
  EXPECT_EQ(f.kind, FailureKind::invalid_config);
  EXPECT_NE(f.message.find("invalid int value"), std::string::npos);
  EXPECT_EQ(f.exit_code, 2);
}

TEST(StartupLog, UnrecognisedExitIsCrashedQuotingTheLastError) {
  LogScanner s;
  s.feed("INFO starting");
  s.feed("Traceback (most recent call last):");
  s.feed("ImportError: libcudart.so.12: cannot open shared object file");
  s.feed("INFO bye");
  const ServerFailure f = classify_startup_failure(s, std::nullopt, 11, false);
  EXPECT_EQ(f.kind, FailureKind::crashed);
  EXPECT_EQ(f.signal, 11);
  EXPECT_NE(f.message.find("signal 11"), std::string::npos);
  ASSERT_FALSE(f.log_excerpt.empty());
  EXPECT_NE(f.log_excerpt.back().find("ImportError"), std::string::npos);
}

TEST(StartupLog, NeverHealthyIsTimeout) {
  LogScanner s;
  s.feed("INFO loading weights");
  const ServerFailure f = classify_startup_failure(s, std::nullopt, std::nullopt, true);
  EXPECT_EQ(f.kind, FailureKind::timeout);
  EXPECT_EQ(f.log_excerpt, std::vector<std::string>{"INFO loading weights"});
}

TEST(StartupLog, EngineDeadAfterStartIsServerDied) {
  const LogScanner s = scan_log_text(fixture("engine_dead_runtime.log"));
  EXPECT_FALSE(s.startup_failure());
  const auto f = s.runtime_failure();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, FailureKind::server_died);
  EXPECT_NE(f->message.find("EngineCore encountered a fatal error"), std::string::npos);
}

TEST(StartupLog, OomAfterStartIsOomRuntime) {
  const LogScanner s = scan_log_text(fixture("oom_runtime.log"));
  const auto f = s.runtime_failure();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, FailureKind::oom_runtime);
  EXPECT_TRUE(excerpt_has(*f, "EngineCore encountered a fatal error"));
}

TEST(StartupLog, ExplicitStartMarkMakesOomRuntime) {
  LogScanner s;
  s.mark_started();
  s.feed("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1 GiB");
  EXPECT_FALSE(s.startup_failure());
  ASSERT_TRUE(s.runtime_failure());
  EXPECT_EQ(s.runtime_failure()->kind, FailureKind::oom_runtime);
}

TEST(StartupLog, SpecificCauseBeatsEarlierGenericValueError) {
  LogScanner s;
  s.feed("ValueError: something generic");
  s.feed("ValueError: No available memory for the cache blocks.");
  EXPECT_EQ(s.startup_failure()->kind, FailureKind::no_cache_memory);
}

TEST(StartupLog, LongLinesAreTrimmed) {
  const std::string line = "  " + std::string(1000, 'x') + "\r\n";
  const std::string t = trim_log_line(line);
  EXPECT_EQ(t.size(), 403u);
  EXPECT_EQ(t.substr(0, 3), "xxx");
  EXPECT_EQ(t.substr(400), "...");
}

TEST(StartupLog, ColourCodesAreStripped) {
  // Complete CSI sequences go; an unfinished one at the end is kept as it came.
  EXPECT_EQ(trim_log_line("\x1b[1;36m(APIServer pid=7)\x1b[0;0m INFO \x1b[32mok\x1b[0m\n"),
            "(APIServer pid=7) INFO ok");
  EXPECT_EQ(trim_log_line("tail \x1b[1;3"), "tail \x1b[1;3");
  EXPECT_EQ(trim_log_line("plain line"), "plain line");
}

TEST(StartupLogJson, RoundTripsWithNullsForUnknowns) {
  const ServerFailure f = exited("kv_cache_insufficient.log");
  const nlohmann::json j = f;
  EXPECT_EQ(j["kind"], "kv_cache_insufficient");
  EXPECT_EQ(j["estimated_max_model_len"], 112064);
  EXPECT_TRUE(j["signal"].is_null());
  EXPECT_TRUE(j["free_memory_gib"].is_null());
  const ServerFailure back = j.get<ServerFailure>();
  EXPECT_EQ(back.kind, f.kind);
  EXPECT_EQ(back.log_excerpt, f.log_excerpt);
  EXPECT_EQ(back.estimated_max_model_len, f.estimated_max_model_len);
  EXPECT_EQ(back.exit_code, 1);

  const StartupFacts facts = scan_log_text(fixture("healthy.log")).facts();
  const nlohmann::json fj = facts;
  EXPECT_EQ(fj["kv_cache_tokens"], 426784);
  const StartupFacts fb = fj.get<StartupFacts>();
  EXPECT_EQ(fb.kv_cache_tokens, facts.kv_cache_tokens);
  EXPECT_EQ(fb.model_load_s, facts.model_load_s);
  EXPECT_TRUE(nlohmann::json(StartupFacts{})["max_concurrency"].is_null());
}

TEST(StartupLogJson, KindNamesRoundTrip) {
  for (auto k :
       {FailureKind::oom_startup, FailureKind::kv_cache_insufficient, FailureKind::no_cache_memory,
        FailureKind::insufficient_free_memory, FailureKind::invalid_config, FailureKind::crashed,
        FailureKind::timeout, FailureKind::server_died, FailureKind::oom_runtime}) {
    EXPECT_EQ(parse_failure_kind(failure_kind_name(k)), k);
  }
  EXPECT_FALSE(parse_failure_kind("bogus"));
}

}  // namespace
}  // namespace sonde
