#include <gtest/gtest.h>

#include "server/command.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

using Argv = std::vector<std::string>;

TEST(NormalizeFlag, AcceptsDashesUnderscoresAndBareNames) {
  EXPECT_EQ(normalize_flag("max_num_batched_tokens"), "--max-num-batched-tokens");
  EXPECT_EQ(normalize_flag("--max-num-batched-tokens"), "--max-num-batched-tokens");
  EXPECT_EQ(normalize_flag("-tensor_parallel-size"), "--tensor-parallel-size");
  EXPECT_EQ(normalize_flag("enable-chunked-prefill"), "--enable-chunked-prefill");
}

TEST(NormalizeFlag, RejectsNonFlagNames) {
  EXPECT_THROW(normalize_flag(""), UsageError);
  EXPECT_THROW(normalize_flag("--"), UsageError);
  EXPECT_THROW(normalize_flag("max model len"), UsageError);
  EXPECT_THROW(normalize_flag("port=8000"), UsageError);
}

TEST(FlagValueText, NumbersRenderShortest) {
  EXPECT_EQ(flag_value_text(FlagValue{int64_t{2048}}), "2048");
  EXPECT_EQ(flag_value_text(FlagValue{0.9}), "0.9");
  EXPECT_EQ(flag_value_text(FlagValue{0.95}), "0.95");
  EXPECT_EQ(flag_value_text(FlagValue{std::string("fp8")}), "fp8");
}

TEST(RenderArgv, BooleansBecomeVllmOptionalFlags) {
  ServerCommand cmd;
  cmd.base = {"vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct"};
  cmd.fixed_args = {"--seed", "0"};
  cmd.flags = {{"enable-chunked-prefill", FlagValue{false}},
               {"enable_prefix_caching", FlagValue{true}},
               {"max_num_batched_tokens", FlagValue{int64_t{8192}}},
               {"--gpu-memory-utilization", FlagValue{0.9}},
               {"max-model-len", FlagValue{std::string("32k")}}};
  RenderOptions opts;
  opts.port = 8123;
  EXPECT_EQ(render_argv(cmd, opts),
            (Argv{"vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--seed", "0",
                  "--no-enable-chunked-prefill", "--enable-prefix-caching",
                  "--max-num-batched-tokens", "8192", "--gpu-memory-utilization", "0.9",
                  "--max-model-len", "32k", "--port", "8123", "--host", "127.0.0.1"}));
}

TEST(RenderArgv, KeepsPortAndHostTheUserGave) {
  ServerCommand cmd;
  cmd.base = {"sonde", "sim"};
  cmd.fixed_args = {"--port=9000"};
  cmd.flags = {{"host", FlagValue{std::string("0.0.0.0")}}};
  RenderOptions opts;
  opts.port = 8123;
  const Argv argv = render_argv(cmd, opts);
  EXPECT_EQ(argv, (Argv{"sonde", "sim", "--port=9000", "--host", "0.0.0.0"}));
  EXPECT_EQ(find_port_arg(argv), 9000);
}

TEST(RenderArgv, NoInjectionWhenNotAsked) {
  ServerCommand cmd;
  cmd.base = {"./serve.sh"};
  RenderOptions opts;
  opts.host.reset();
  EXPECT_EQ(render_argv(cmd, opts), (Argv{"./serve.sh"}));
  EXPECT_THROW(render_argv(ServerCommand{}, opts), UsageError);
}

TEST(FindPortArg, ParsesBothFormsAndRejectsJunk) {
  EXPECT_EQ(find_port_arg({"x", "--port", "8000"}), 8000);
  EXPECT_EQ(find_port_arg({"x", "--port=1"}), 1);
  EXPECT_FALSE(find_port_arg({"x", "--port", "http"}));
  EXPECT_FALSE(find_port_arg({"x", "--port", "70000"}));
  EXPECT_FALSE(find_port_arg({"x", "--port"}));
  EXPECT_FALSE(find_port_arg({"x", "--ports", "1"}));
}

TEST(ShellQuote, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(shell_quote("--max-num-seqs"), "--max-num-seqs");
  EXPECT_EQ(shell_quote("meta-llama/Llama-3.1-8B"), "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(R"({"level":3})"), R"('{"level":3}')");
  EXPECT_EQ(shell_quote("$HOME"), "'$HOME'");
}

TEST(RenderShellLine, EnvFirstThenQuotedArgv) {
  EXPECT_EQ(
      render_shell_line({"vllm", "serve", "m", "--x", "a b"}, {{"CUDA_VISIBLE_DEVICES", "0,1"}}),
      "CUDA_VISIBLE_DEVICES=0,1 vllm serve m --x 'a b'");
}

}  // namespace
}  // namespace sonde
