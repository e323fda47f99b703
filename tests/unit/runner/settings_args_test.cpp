// A launched server's command line read back as settings: the program and its subcommand
// (`vllm serve`, a sweep's `/path/to/sonde sim`) are not the model.
#include <gtest/gtest.h>

#include "runner/settings.hpp"

namespace sonde {
namespace {

std::string model_of(const std::vector<ServerSetting>& settings) {
  std::string out;
  for (const auto& s : settings) {
    if (s.name == "model") out += (out.empty() ? "" : ",") + s.value;
  }
  return out;
}

TEST(SettingsFromArgs, TheProgramAndSubcommandAreNotTheModel) {
  EXPECT_EQ(model_of(settings_from_args({"vllm", "serve", "meta-llama/X", "--max-num-seqs", "8"},
                                        "launched")),
            "meta-llama/X");
  EXPECT_EQ(model_of(settings_from_args({"/opt/bin/sonde", "sim", "meta-llama/X", "--speed", "20"},
                                        "launched")),
            "meta-llama/X");
  EXPECT_EQ(model_of(settings_from_args({"/opt/bin/sonde", "sim", "--gpus", "2"}, "launched")), "");
  // --server-args may start with the model itself.
  EXPECT_EQ(model_of(settings_from_args({"Qwen/Qwen2.5-7B", "--tensor-parallel-size", "2"},
                                        "--server-args")),
            "Qwen/Qwen2.5-7B");
}

}  // namespace
}  // namespace sonde
