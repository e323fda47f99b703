#include "telemetry/process.hpp"

#include <gtest/gtest.h>

namespace sonde {
namespace {

using namespace std::chrono_literals;

TEST(RunProcess, CapturesStdout) {
  const ProcessResult r = run_process({"/bin/sh", "-c", "echo hello; echo oops >&2"}, 10s);
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "hello\n");  // stderr is discarded
  EXPECT_EQ(r.error, "");
}

TEST(RunProcess, NonZeroExitIsReported) {
  const ProcessResult r = run_process({"/bin/sh", "-c", "exit 9"}, 10s);
  EXPECT_EQ(r.exit_code, 9);
  EXPECT_NE(r.error.find("exit status 9"), std::string::npos);
}

TEST(RunProcess, MissingProgramIsNotStarted) {
  const ProcessResult r = run_process({"/nonexistent/program"}, 10s);
  EXPECT_FALSE(r.started);
  EXPECT_FALSE(r.error.empty());
}

TEST(RunProcess, HungProgramIsKilledAtTheDeadline) {
  const ProcessResult r = run_process({"/bin/sh", "-c", "echo partial; exec sleep 600"}, 300ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.out, "partial\n");
  EXPECT_NE(r.error.find("no answer"), std::string::npos);
}

}  // namespace
}  // namespace sonde
