// A sweep file's `run:` block: the run options by key, checked like the rest of the file.
#include <gtest/gtest.h>

#include "sweep/sweep_file.hpp"
#include "sweep_block_files.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

using test::refusal;
using test::write_sweep;

TEST(SweepRunBlock, ExampleSetsItsOptions) {
  const auto spec = load_sweep_file(std::string(SONDE_SOURCE_DIR) + "/examples/sweep-sim.yaml");
  EXPECT_DOUBLE_EQ(300, spec.run.timeout_s);
  EXPECT_EQ(0u, spec.run.seed);
}

TEST(SweepRunBlock, NoBlockMeansDefaults) {
  EXPECT_EQ(RunOptions{}, load_sweep_file(write_sweep("none.yaml", "")).run);
}

TEST(SweepRunBlock, EveryKindOfValue) {
  const std::string words = test::write_scratch("words.txt", "Some words.\n");
  const auto spec = load_sweep_file(write_sweep(
      "all.yaml",
      "run:\n  seed: 7\n  timeout_s: 0.5\n  no_ignore_eos: true\n  insecure: true\n"
      "  endpoint: /v1/completions\n  http_client: curl\n  lang: en\n  max_error_rate: 0.5/20\n"
      "  corpus: words.txt\n  api_key_env: MY_KEY\n"));
  const RunOptions& o = spec.run;
  EXPECT_EQ(7u, o.seed);
  EXPECT_DOUBLE_EQ(0.5, o.timeout_s);
  EXPECT_FALSE(o.ignore_eos);
  EXPECT_TRUE(o.insecure);
  EXPECT_EQ(ApiEndpoint::completions, o.endpoint);
  EXPECT_EQ(HttpClientKind::curl, o.http_client);
  EXPECT_EQ(Lang::en, o.lang);
  EXPECT_DOUBLE_EQ(0.5, o.max_error_rate);
  EXPECT_EQ(20, o.max_error_window);
  EXPECT_EQ("MY_KEY", o.api_key_env);
  // A relative file is the sweep file's neighbour, as `suite:` is.
  EXPECT_EQ(words, o.corpus);
}

TEST(SweepRunBlock, UnknownKeyNamesItAndTheAllowedOnes) {
  const std::string e = refusal(write_sweep("dash.yaml", "run:\n  timeout-s: 5\n"));
  EXPECT_NE(std::string::npos, e.find("dash.yaml:4: run.timeout-s: unknown key")) << e;
  EXPECT_NE(std::string::npos, e.find("write it as timeout_s")) << e;
  EXPECT_NE(std::string::npos, e.find("allowed: endpoint, warmup, seed")) << e;
  const std::string m = refusal(write_sweep("model.yaml", "run:\n  model: x\n"));
  EXPECT_NE(std::string::npos, m.find("run.model: unknown key")) << m;
}

TEST(SweepRunBlock, BadValuesNameFileLineAndKey) {
  std::string e = refusal(write_sweep("num.yaml", "run:\n  seed: 7\n  retries: lots\n"));
  EXPECT_NE(std::string::npos, e.find("num.yaml:5: run.retries: 'lots'")) << e;
  e = refusal(write_sweep("range.yaml", "run:\n  timeout_s: -1\n"));
  EXPECT_NE(std::string::npos, e.find("range.yaml:4: run: --timeout-s: -1 must be > 0")) << e;
  e = refusal(write_sweep("choice.yaml", "run:\n  http_client: h2\n"));
  EXPECT_NE(std::string::npos,
            e.find("run.http_client: 'h2' is not a transport; use native or curl"))
      << e;
  e = refusal(write_sweep("list.yaml", "run:\n  seed: [1, 2]\n"));
  EXPECT_NE(std::string::npos, e.find("run.seed: expected a single value")) << e;
  e = refusal(write_sweep("keys.yaml", "run:\n  api_key_env: K\n  api_key_file: /k\n"));
  EXPECT_NE(std::string::npos, e.find("choose one source for the API key")) << e;
  e = refusal(write_sweep("scalar.yaml", "run: 5\n"));
  EXPECT_NE(std::string::npos, e.find("run: expected a mapping")) << e;
}

}  // namespace
}  // namespace sonde
