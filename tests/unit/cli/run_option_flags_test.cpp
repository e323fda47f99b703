// The shared measurement flags: names and defaults as `sonde run` always had them, and only the
// flags actually given override what a sweep file set.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/run_option_flags.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

void parse(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
}

TEST(RunOptionFlags, HelpShowsEveryFlagWithItsDefault) {
  CLI::App app;
  RunOptionFlags f;
  add_run_option_flags(&app, f);
  const std::string help = app.help();
  for (const char* flag : {"--endpoint",       "--warmup",         "--seed",
                           "--corpus",         "--no-ignore-eos",  "--lang",
                           "--api-key-env",    "--api-key-file",   "--insecure",
                           "--ca-cert",        "--timeout-s",      "--first-token-timeout-s",
                           "--idle-timeout-s", "--grace-s",        "--retries",
                           "--max-error-rate", "--client-threads", "--new-connection-per-request",
                           "--http-client",    "--gpu-metrics-url"}) {
    EXPECT_NE(std::string::npos, help.find(flag)) << flag;
  }
  EXPECT_NE(std::string::npos, help.find("/v1/chat/completions")) << help;
  EXPECT_NE(std::string::npos, help.find("OPENAI_API_KEY")) << help;
  EXPECT_NE(std::string::npos, help.find("600")) << help;
}

TEST(RunOptionFlags, OnlyGivenFlagsOverrideTheFile) {
  CLI::App app;
  RunOptionFlags f;
  add_run_option_flags(&app, f);
  parse(app,
        {"--timeout-s", "0.5", "--insecure", "--http-client", "curl", "--max-error-rate", "0.5/10"});
  RunOptions o;  // as a sweep file's `run:` block left it
  o.seed = 7;
  o.timeout_s = 30;
  o.lang = Lang::en;
  apply_run_option_flags(&app, f, o);
  EXPECT_DOUBLE_EQ(0.5, o.timeout_s);
  EXPECT_TRUE(o.insecure);
  EXPECT_EQ(HttpClientKind::curl, o.http_client);
  EXPECT_DOUBLE_EQ(0.5, o.max_error_rate);
  EXPECT_EQ(10, o.max_error_window);
  EXPECT_EQ(7u, o.seed) << "not given on the command line: the file's value stays";
  EXPECT_EQ(Lang::en, o.lang);
  EXPECT_TRUE(o.ignore_eos);
}

TEST(RunOptionFlags, GoodputTakesVllmsSeveralWordsAndMaxFailedPctANumber) {
  CLI::App app;
  RunOptionFlags f;
  add_run_option_flags(&app, f);
  parse(app, join_several_word_flags({"--goodput", "ttft:500", "tpot:50", "e2el:8000",
                                      "--max-failed-pct", "20", "--seed", "3"}));
  RunOptions o;
  apply_run_option_flags(&app, f, o);
  EXPECT_EQ(500, o.goodput.ttft_ms);
  EXPECT_EQ(50, o.goodput.tpot_ms);
  EXPECT_EQ(8000, o.goodput.e2el_ms);
  EXPECT_DOUBLE_EQ(20, o.max_failed_pct);
  EXPECT_EQ(3u, o.seed);
  const std::string help = app.help();
  EXPECT_NE(std::string::npos, help.find("--goodput")) << help;
  EXPECT_NE(std::string::npos, help.find("--max-failed-pct")) << help;
  EXPECT_NE(std::string::npos, help.find("Unlike --max-error-rate")) << help;
}

TEST(RunOptionFlags, NoIgnoreEosAndBadValues) {
  CLI::App app;
  RunOptionFlags f;
  add_run_option_flags(&app, f);
  parse(app, {"--no-ignore-eos", "--retries", "many"});
  RunOptions o;
  try {
    apply_run_option_flags(&app, f, o);
    FAIL() << "accepted --retries many";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("--retries: 'many'")) << e.what();
  }
  CLI::App ok;
  RunOptionFlags g;
  add_run_option_flags(&ok, g);
  parse(ok, {"--no-ignore-eos"});
  apply_run_option_flags(&ok, g, o);
  EXPECT_FALSE(o.ignore_eos);
}

TEST(RunOptionFlags, BothKeySourcesRefused) {
  CLI::App app;
  RunOptionFlags f;
  add_run_option_flags(&app, f);
  parse(app, {"--api-key-env", "K", "--api-key-file", "/k"});
  RunOptions o;
  EXPECT_THROW(apply_run_option_flags(&app, f, o), UsageError);
}

// `sonde sweep --goodput ttft:500 tpot:50 sweep.yaml`: the file stays the positional argument.
TEST(RunOptionFlags, SeveralWordFlagStopsAtTheFirstWordThatIsNotAnSlo) {
  using Args = std::vector<std::string>;
  EXPECT_EQ(join_several_word_flags({"--goodput", "ttft:500", "tpot:50", "sweep.yaml"}),
            (Args{"--goodput", "ttft:500 tpot:50", "sweep.yaml"}));
  EXPECT_EQ(join_several_word_flags({"--goodput=ttft:500", "e2el:8000", "--seed", "3"}),
            (Args{"--goodput", "ttft:500 e2el:8000", "--seed", "3"}));
  // The first word is always the flag's, so that a bad one is reported as the flag's error.
  EXPECT_EQ(join_several_word_flags({"--goodput", "tpot", "x.yaml"}),
            (Args{"--goodput", "tpot", "x.yaml"}));
  EXPECT_EQ(join_several_word_flags({"--goodput", "--seed", "3"}),
            (Args{"--goodput", "--seed", "3"}));
  EXPECT_EQ(join_several_word_flags({"--", "--goodput", "a:1", "b:2"}),
            (Args{"--", "--goodput", "a:1", "b:2"}));
  EXPECT_EQ(join_several_word_flags({"--seed", "ttft:1"}), (Args{"--seed", "ttft:1"}));

  CLI::App app;
  RunOptionFlags f;
  add_run_option_flags(&app, f);
  std::string file;
  app.add_option("file", file);
  parse(app, join_several_word_flags({"--goodput", "ttft:500", "tpot:50", "sweep.yaml"}));
  RunOptions o;
  apply_run_option_flags(&app, f, o);
  EXPECT_EQ(file, "sweep.yaml");
  EXPECT_EQ(to_string(o.goodput), "ttft:500 tpot:50");
}

}  // namespace
}  // namespace sonde
