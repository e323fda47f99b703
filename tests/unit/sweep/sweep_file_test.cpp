#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sweep/sweep_file.hpp"
#include "sweep/validate.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = test::scratch_dir();
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

TEST(SweepFile, ExampleExpandsToMatrixPlusPoints) {
  const auto spec = load_sweep_file(std::string(SONDE_SOURCE_DIR) + "/examples/sweep-sim.yaml");
  const auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 11u);  // 2 x 2 x 2 matrix + 3 explicit points
  EXPECT_EQ(points[0].name, "p01");
  EXPECT_EQ(describe(points[0].flags),
            "enable-chunked-prefill=true, max-num-batched-tokens=2048, tensor-parallel-size=1");
  EXPECT_TRUE(std::holds_alternative<bool>(points[4].flags[0].second));
  EXPECT_EQ(spec.scenarios.size(), 5u);
}

TEST(SweepFile, ChecksWhatVllmWouldReject) {
  const auto spec = load_sweep_file(std::string(SONDE_SOURCE_DIR) + "/examples/sweep-sim.yaml");
  const auto points = expand_points(spec);
  EXPECT_FALSE(check_point(spec, points[0]));     // chunked on, 2048
  const auto off = check_point(spec, points[4]);  // chunked off, 2048 < max-model-len
  ASSERT_TRUE(off);
  EXPECT_EQ(off->status, PointStatus::invalid_config);
  EXPECT_NE(off->reason.find("max_num_batched_tokens (2048) is smaller than max_model_len (12288)"),
            std::string::npos);
  EXPECT_FALSE(check_point(spec, points[8]));  // chunked off, 12288: valid
}

TEST(SweepFile, TooManyGpusIsSkipped) {
  const auto path = write_temp("tp.yaml",
                               "server: {command: vllm serve m, gpus: 2}\n"
                               "axes: {tensor-parallel-size: [2, 4]}\n");
  const auto spec = load_sweep_file(path);
  const auto points = expand_points(spec);
  EXPECT_FALSE(check_point(spec, points[0]));
  const auto v = check_point(spec, points[1]);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->status, PointStatus::skipped);
}

TEST(SweepFile, ExcludeDropsMatchingPoints) {
  const auto path =
      write_temp("ex.yaml", "axes: {a: [1, 2], b: [x, y]}\nexclude: [{a: 2, b: y}]\n");
  EXPECT_EQ(expand_points(load_sweep_file(path)).size(), 3u);
}

TEST(SweepFile, ErrorsNameFileLineAndKey) {
  const auto path = write_temp("bad.yaml", "axes:\n  max-num-seqs: []\n");
  try {
    load_sweep_file(path);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":2: axes.max-num-seqs"), std::string::npos)
        << e.what();
  }
  // Found by sweep_yaml_fuzz: a list where a string belongs used to escape as a yaml-cpp error.
  const std::string fuzz = std::string(SONDE_FIXTURES) + "/suites/sweep_list_model.yaml";
  EXPECT_THROW(load_sweep_file(fuzz), UsageError);
}

}  // namespace
}  // namespace sonde
