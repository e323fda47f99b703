// A sweep file's `executor:` block (kind, partition, gres, time, account, extra_args, output),
// and what a finished Slurm job's state means for its point.
#include <gtest/gtest.h>

#include "sweep/slurm_state.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep_block_files.hpp"
#include "support/test_files.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

using test::refusal;
using test::write_sweep;

TEST(ExecutorBlock, NoBlockMeansLocal) {
  const auto spec = load_sweep_file(write_sweep("none.yaml", ""));
  EXPECT_EQ("local", spec.executor.kind);
  EXPECT_TRUE(spec.executor.gres.empty());
}

TEST(ExecutorBlock, ReadsEveryKey) {
  const auto spec = load_sweep_file(write_sweep(
      "all.yaml",
      "executor:\n  kind: slurm\n  partition: gpu\n  gres: gpu:2\n  time: \"01:30:00\"\n"
      "  account: lab\n  extra_args: [--qos=high, --exclusive]\n  output: /shared/sonde\n"));
  EXPECT_EQ("slurm", spec.executor.kind);
  EXPECT_EQ("gpu", spec.executor.partition);
  EXPECT_EQ("gpu:2", spec.executor.gres);
  EXPECT_EQ("01:30:00", spec.executor.time);
  EXPECT_EQ("lab", spec.executor.account);
  EXPECT_EQ((std::vector<std::string>{"--qos=high", "--exclusive"}), spec.executor.extra_args);
  EXPECT_EQ("/shared/sonde", spec.executor.output);
}

TEST(ExecutorBlock, ExtraArgsAsOneString) {
  const auto spec =
      load_sweep_file(write_sweep("words.yaml", "executor: {extra_args: \"--qos=high  -N 1\"}\n"));
  EXPECT_EQ((std::vector<std::string>{"--qos=high", "-N", "1"}), spec.executor.extra_args);
}

TEST(ExecutorBlock, MinutesAreATime) {
  EXPECT_EQ("30", load_sweep_file(write_sweep("min.yaml", "executor: {time: 30}\n")).executor.time);
}

TEST(ExecutorBlock, ErrorsNameTheKeyAndLine) {
  const std::string kind = refusal(write_sweep("kind.yaml", "executor:\n  kind: k8s\n"));
  EXPECT_NE(
      kind.find("kind.yaml:4: executor.kind: unknown executor \"k8s\"; allowed: local, slurm"),
      std::string::npos)
      << kind;
  const std::string time = refusal(write_sweep("time.yaml", "executor:\n  time: an hour\n"));
  EXPECT_NE(time.find("time.yaml:4: executor.time"), std::string::npos) << time;
  const std::string key = refusal(write_sweep("key.yaml", "executor:\n  nodes: 2\n"));
  EXPECT_NE(key.find("executor.nodes: unknown key; allowed: kind, partition"), std::string::npos)
      << key;
  EXPECT_NE(refusal(write_sweep("gres.yaml", "executor: {gres: \"\"}\n")).find("executor.gres"),
            std::string::npos);
  EXPECT_NE(
      refusal(write_sweep("map.yaml", "executor: slurm\n")).find("executor: expected a mapping"),
      std::string::npos);
}

TEST(ExecutorKind, FlagIsChecked) {
  EXPECT_NO_THROW(check_executor_kind("slurm", "--executor"));
  try {
    check_executor_kind("pbs", "--executor");
    FAIL() << "accepted pbs";
  } catch (const UsageError& e) {
    EXPECT_STREQ("--executor: unknown executor \"pbs\"; allowed: local, slurm", e.what());
  }
}

TEST(SlurmState, FinalStates) {
  for (const char* s : {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "CANCELLED by 1000",
                        "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED"})
    EXPECT_TRUE(slurm_state_final(s)) << s;
  for (const char* s :
       {"PENDING", "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED", "REQUEUED", ""})
    EXPECT_FALSE(slurm_state_final(s)) << s;
}

TEST(SlurmState, ClusterVerdicts) {
  EXPECT_EQ(PointStatus::timeout, point_status_of_slurm_state("TIMEOUT"));
  EXPECT_EQ(PointStatus::timeout, point_status_of_slurm_state("DEADLINE"));
  EXPECT_EQ(PointStatus::node_fail, point_status_of_slurm_state("NODE_FAIL"));
  EXPECT_EQ(PointStatus::cancelled, point_status_of_slurm_state("CANCELLED by 0"));
  EXPECT_EQ(PointStatus::cancelled, point_status_of_slurm_state("CANCELLED+"));
  EXPECT_EQ(PointStatus::out_of_memory, point_status_of_slurm_state("OUT_OF_MEMORY"));
  // A job that ended on its own: what sonde recorded on the node decides.
  EXPECT_FALSE(point_status_of_slurm_state("COMPLETED"));
  EXPECT_FALSE(point_status_of_slurm_state("FAILED"));
}

TEST(SlurmState, StatusNamesRoundTrip) {
  for (auto s : {PointStatus::submitted, PointStatus::node_fail, PointStatus::cancelled,
                 PointStatus::out_of_memory})
    EXPECT_EQ(s, parse_point_status(point_status_name(s)));
}

}  // namespace
}  // namespace sonde
