// What a cluster job hands back to the submitting sweep: its point as sweep.json records it,
// job id and cluster-only statuses included.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "results/atomic_file.hpp"
#include "sweep/point_job.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

TEST(PointJob, FilesLiveUnderTheSweepsSlurmDirectory) {
  EXPECT_EQ("/s/slurm/p03/result.json", point_job_result("/s", "p03").string());
  EXPECT_EQ("/s/slurm/p03", point_job_dir("/s", "p03").string());
  EXPECT_EQ("/s/slurm/run_options.json", sweep_run_options_path("/s").string());
}

TEST(PointJob, ResultRoundTripsWithItsJobId) {
  const auto dir = test::fresh_dir("point_job");
  SweepResult one;
  PointResult p;
  p.name = "p02";
  p.settings = {{"max-num-seqs", "16"}};
  p.status = PointStatus::node_fail;
  p.reason = "Slurm job 41 ended NODE_FAIL";
  p.job_id = "41";
  one.points.push_back(p);
  write_file_atomic(dir / "result.json", sweep_json(one).dump());
  const auto back = read_point_job_result(dir / "result.json");
  ASSERT_TRUE(back);
  EXPECT_EQ("p02", back->name);
  EXPECT_EQ(PointStatus::node_fail, back->status);
  EXPECT_EQ("41", back->job_id);
  EXPECT_EQ(p.settings, back->settings);
}

TEST(PointJob, LocalPointsHaveNoJobId) {
  SweepResult s;
  s.points.push_back(PointResult{});
  const auto j = sweep_json(s);
  EXPECT_TRUE(j["points"][0]["job_id"].is_null());
  EXPECT_EQ("local", j["executor"]);
  EXPECT_TRUE(sweep_from_json(j).points[0].job_id.empty());
}

TEST(PointJob, MissingOrTornResultIsNone) {
  const auto dir = test::fresh_dir("point_job_torn");
  EXPECT_FALSE(read_point_job_result(dir / "absent.json"));
  std::ofstream(dir / "torn.json") << "{\"schema_version\": 1, \"points\": [";
  EXPECT_FALSE(read_point_job_result(dir / "torn.json"));
}

}  // namespace
}  // namespace sonde
