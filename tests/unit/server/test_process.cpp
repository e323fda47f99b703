// Real child processes: fixture scripts that fail, hang, ignore signals and serve HTTP.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "server/command.hpp"
#include "server/port.hpp"
#include "server/process.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using test::slurp;

const std::string kFixtures = std::string(SONDE_FIXTURES) + "/server/";

// Short grace periods: the fixtures either die at once or ignore the signal entirely.
StopTimeouts fast_stop() {
  StopTimeouts t;
  t.sigint_grace = milliseconds(300);
  t.sigterm_grace = milliseconds(300);
  t.sigkill_wait = milliseconds(10000);
  t.port_wait = milliseconds(10000);
  return t;
}

HealthOptions fast_health(milliseconds timeout) {
  HealthOptions h;
  h.timeout = timeout;
  h.poll_interval = milliseconds(50);
  h.request_timeout = milliseconds(2000);
  return h;
}

bool group_gone(pid_t pgid) { return kill(-pgid, 0) == -1 && errno == ESRCH; }
bool pid_gone(pid_t pid) { return kill(pid, 0) == -1 && errno == ESRCH; }

class ServerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sonde-server-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ServerOptions options(std::vector<std::string> argv, const std::string& point = "p0") {
    ServerOptions o;
    o.argv = std::move(argv);
    o.log_path = dir_ / "server" / point / "server.log";
    o.stop = fast_stop();
    return o;
  }

  fs::path dir_;
};

TEST_F(ServerProcessTest, KvCacheInsufficientScriptIsClassifiedWithEstimatedLength) {
  ServerProcess p(options({"/bin/sh", kFixtures + "kv_cache_insufficient.sh"}));
  const uint16_t unused = pick_free_port();
  const HealthResult h =
      p.wait_healthy("http://127.0.0.1:" + std::to_string(unused), fast_health(milliseconds(30000)));
  ASSERT_EQ(h.status, HealthStatus::failed);
  ASSERT_TRUE(h.failure);
  EXPECT_EQ(h.failure->kind, FailureKind::kv_cache_insufficient);
  EXPECT_EQ(h.failure->estimated_max_model_len, 112064);
  EXPECT_EQ(h.failure->max_seq_len, 131072);
  EXPECT_EQ(h.failure->exit_code, 1);
  EXPECT_FALSE(h.failure->log_excerpt.empty());
  const StopResult s = p.stop();
  EXPECT_TRUE(s.group_gone);
  EXPECT_EQ(s.escalation, "none");
  // stderr went to the log too, and the facts before the failure were parsed.
  EXPECT_NE(slurp(p.options().log_path).find("To serve at least one request"), std::string::npos);
  EXPECT_DOUBLE_EQ(p.startup_facts().available_kv_cache_gib.value(), 7.04);
}

TEST_F(ServerProcessTest, StopKillsAGroupThatIgnoresSigintAndSigterm) {
  ServerProcess p(options({"/bin/sh", kFixtures + "stubborn.sh"}));
  ASSERT_TRUE(p.wait_for_line("ready", milliseconds(10000)));
  pid_t grandchild = 0;
  for (const auto& line : p.recent_log_lines()) {
    if (line.rfind("grandchild ", 0) == 0) grandchild = std::stoi(line.substr(11));
  }
  ASSERT_GT(grandchild, 0);
  EXPECT_EQ(getpgid(grandchild), p.pgid());
  const pid_t pgid = p.pgid();
  EXPECT_NE(pgid, getpgrp());  // its own group, not sonde's

  const StopResult s = p.stop();
  EXPECT_EQ(s.escalation, "sigkill");
  EXPECT_TRUE(s.group_gone);
  EXPECT_TRUE(group_gone(pgid));
  EXPECT_TRUE(pid_gone(grandchild));
  EXPECT_LT(s.took_s, 30.0);  // bounded: the grace periods plus the SIGKILL wait
  ASSERT_TRUE(p.exit_status());
  EXPECT_EQ(p.exit_status()->signal, SIGKILL);
  EXPECT_EQ(p.stop().escalation, "sigkill");  // idempotent
}

TEST_F(ServerProcessTest, HealthyServerThenStopFreesThePort) {
  const uint16_t port = pick_free_port();
  ServerCommand cmd;
  cmd.base = {"python3", kFixtures + "health_server.py"};
  RenderOptions ro;
  ro.port = port;
  ServerProcess p(options(render_argv(cmd, ro)));
  EXPECT_EQ(p.options().port, port);  // taken from the rendered --port
  const HealthResult h = p.wait_healthy("http://127.0.0.1:" + std::to_string(port) + "/",
                                        fast_health(milliseconds(60000)));
  ASSERT_EQ(h.status, HealthStatus::healthy) << (h.failure ? h.failure->message : "");
  EXPECT_TRUE(p.running());
  EXPECT_FALSE(port_is_free(port));
  const StartupFacts f = p.startup_facts();
  EXPECT_EQ(f.kv_cache_tokens, 123456);
  EXPECT_DOUBLE_EQ(f.max_concurrency.value(), 3.77);
  EXPECT_FALSE(p.runtime_failure());

  const pid_t pgid = p.pgid();
  const StopResult s = p.stop();
  EXPECT_EQ(s.escalation, "sigint");  // Python's KeyboardInterrupt: an orderly exit
  EXPECT_TRUE(s.group_gone);
  EXPECT_TRUE(s.port_free);
  EXPECT_TRUE(group_gone(pgid));
  EXPECT_TRUE(port_is_free(port));
  const nlohmann::json j = s;
  EXPECT_EQ(j["escalation"], "sigint");
  EXPECT_EQ(j["port_free"], true);
}

TEST_F(ServerProcessTest, ServerThatNeverBindsTimesOut) {
  ServerProcess p(options({"/bin/sh", kFixtures + "never_binds.sh"}));
  const uint16_t unused = pick_free_port();
  const HealthResult h =
      p.wait_healthy("http://127.0.0.1:" + std::to_string(unused), fast_health(milliseconds(700)));
  ASSERT_EQ(h.status, HealthStatus::failed);
  ASSERT_TRUE(h.failure);
  EXPECT_EQ(h.failure->kind, FailureKind::timeout);
  EXPECT_GE(h.waited_s, 0.7);
  EXPECT_FALSE(h.failure->exit_code);
  const pid_t pgid = p.pgid();
  EXPECT_TRUE(p.stop().group_gone);
  EXPECT_TRUE(group_gone(pgid));
}

TEST_F(ServerProcessTest, StopFromAnotherThreadInterruptsWaitHealthy) {
  ServerProcess p(options({"/bin/sh", kFixtures + "never_binds.sh"}));
  ASSERT_TRUE(p.wait_for_line("loading", milliseconds(10000)));
  const uint16_t unused = pick_free_port();
  HealthResult h;
  std::thread waiter([&] {
    h = p.wait_healthy("http://127.0.0.1:" + std::to_string(unused),
                       fast_health(milliseconds(600000)));
  });
  EXPECT_TRUE(p.stop().group_gone);
  waiter.join();
  EXPECT_EQ(h.status, HealthStatus::interrupted);
}

TEST_F(ServerProcessTest, StopAllServersStopsEveryLiveServer) {
  ServerProcess a(options({"/bin/sh", kFixtures + "never_binds.sh"}, "a"));
  ServerProcess b(options({"/bin/sh", kFixtures + "stubborn.sh"}, "b"));
  ASSERT_TRUE(b.wait_for_line("ready", milliseconds(10000)));
  EXPECT_EQ(live_server_count(), 2u);
  const auto results = stop_all_servers();
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) EXPECT_TRUE(r.group_gone);
  EXPECT_TRUE(group_gone(a.pgid()));
  EXPECT_TRUE(group_gone(b.pgid()));
  EXPECT_EQ(live_server_count(), 0u);
}

TEST_F(ServerProcessTest, ImmediateStopAllSkipsTheGracePeriods) {
  ServerOptions o = options({"/bin/sh", kFixtures + "stubborn.sh"});
  o.stop.sigint_grace = milliseconds(600000);  // would hang the test if honoured
  o.stop.sigterm_grace = milliseconds(600000);
  ServerProcess p(std::move(o));
  ASSERT_TRUE(p.wait_for_line("ready", milliseconds(10000)));
  const auto results = stop_all_servers(true);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].escalation, "sigkill");
  EXPECT_TRUE(group_gone(p.pgid()));
}

TEST_F(ServerProcessTest, DestructorStopsTheGroup) {
  pid_t pgid = 0;
  {
    ServerProcess p(options({"/bin/sh", kFixtures + "never_binds.sh"}));
    ASSERT_TRUE(p.wait_for_line("loading", milliseconds(10000)));
    pgid = p.pgid();
    EXPECT_FALSE(group_gone(pgid));
  }
  EXPECT_TRUE(group_gone(pgid));
  EXPECT_EQ(live_server_count(), 0u);
}

TEST_F(ServerProcessTest, EnvIsPassedAndSecretsAreRedactedInTheLog) {
  ServerOptions o = options({"/bin/sh", "-c",
                             "echo CVD=$CUDA_VISIBLE_DEVICES key=sk-test-SECRET123 "
                             "url=http://user:hunter2@host/x; echo done"});
  o.env["CUDA_VISIBLE_DEVICES"] = "1,2";
  o.secrets = {"sk-test-SECRET123"};
  ServerProcess p(std::move(o));
  ASSERT_TRUE(p.wait_for_line("done", milliseconds(10000)));
  p.stop();
  const std::string log = slurp(p.options().log_path);
  EXPECT_NE(log.find("CVD=1,2"), std::string::npos);
  EXPECT_EQ(log.find("SECRET123"), std::string::npos);
  EXPECT_EQ(log.find("hunter2"), std::string::npos);
  EXPECT_NE(log.find("key=***"), std::string::npos);
  EXPECT_NE(log.find("http://user:***@host/x"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(stat(p.options().log_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(ServerProcessTest, CrashWithoutKnownCauseIsCrashed) {
  ServerProcess p(
      options({"/bin/sh", "-c", "echo 'ImportError: no module named vllm' >&2; exit 3"}));
  const HealthResult h = p.wait_healthy("http://127.0.0.1:" + std::to_string(pick_free_port()),
                                        fast_health(milliseconds(30000)));
  ASSERT_TRUE(h.failure);
  EXPECT_EQ(h.failure->kind, FailureKind::crashed);
  EXPECT_EQ(h.failure->exit_code, 3);
  EXPECT_EQ(h.failure->message,
            "the server exited with status 3: ImportError: no module named vllm");
  ASSERT_FALSE(h.failure->log_excerpt.empty());
  EXPECT_NE(h.failure->log_excerpt.back().find("ImportError"), std::string::npos);
}

TEST_F(ServerProcessTest, FatalLineThenHangIsClassifiedWithoutWaitingForTheTimeout) {
  ServerProcess p(options({"/bin/sh", "-c",
                           "echo 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate "
                           "2.00 GiB' >&2; exec sleep 1000"}));
  HealthOptions h = fast_health(milliseconds(600000));
  h.fatal_line_grace = milliseconds(200);
  const HealthResult r = p.wait_healthy("http://127.0.0.1:" + std::to_string(pick_free_port()), h);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::oom_startup);
  EXPECT_TRUE(p.running());  // it hung; the caller stops it
  EXPECT_TRUE(p.stop().group_gone);
}

// sonde may block or ignore SIGINT itself (to handle it on a thread); the server must not
// inherit that, or the orderly SIGINT stop would never work.
TEST_F(ServerProcessTest, ServerDoesNotInheritBlockedOrIgnoredSigint) {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &block, &old), 0);
  struct sigaction ign {
  }, old_action{};
  ign.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ign, &old_action);
  ServerProcess p(options({"/bin/sh", kFixtures + "never_binds.sh"}));
  sigaction(SIGINT, &old_action, nullptr);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  ASSERT_TRUE(p.wait_for_line("loading", milliseconds(10000)));
  const StopResult s = p.stop();
  EXPECT_EQ(s.escalation, "sigint");
  EXPECT_TRUE(s.group_gone);
  ASSERT_TRUE(p.exit_status());
  EXPECT_EQ(p.exit_status()->signal, SIGINT);
}

TEST_F(ServerProcessTest, UnknownProgramIsAUsageError) {
  EXPECT_THROW(ServerProcess(options({"/nonexistent/sonde-no-such-server"})), UsageError);
  EXPECT_EQ(live_server_count(), 0u);
}

TEST_F(ServerProcessTest, RefusesToWriteTheLogThroughASymlink) {
  fs::create_directories(dir_ / "server" / "p0");
  fs::create_symlink(dir_ / "elsewhere.log", dir_ / "server" / "p0" / "server.log");
  EXPECT_THROW(ServerProcess(options({"/bin/true"})), Error);
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere.log"));
}

TEST(Port, PickedPortIsFreeUntilSomethingListens) {
  const uint16_t port = pick_free_port();
  EXPECT_GT(port, 0);
  EXPECT_TRUE(port_is_free(port));
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  EXPECT_FALSE(port_is_free(port));
  close(fd);
  EXPECT_TRUE(port_is_free(port));
}

}  // namespace
}  // namespace sonde
