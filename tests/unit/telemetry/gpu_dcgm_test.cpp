#include "telemetry/gpu_dcgm.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "telemetry/gpu_probe.hpp"
#include "telemetry_test_util.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

using test::read_fixture;

// Serves one canned HTTP response to each connection on 127.0.0.1 (ephemeral port) until
// destroyed; just enough HTTP for http_get.
class OneShotServer {
 public:
  OneShotServer(int status, std::string body) : status_(status), body_(std::move(body)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 8);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneShotServer() {
    shutdown(fd_, SHUT_RDWR);  // wakes accept()
    close(fd_);
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void serve() {
    for (;;) {
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req;
      char buf[4096];
      while (req.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        req.append(buf, static_cast<size_t>(n));
      }
      const std::string resp = "HTTP/1.1 " + std::to_string(status_) +
                               " X\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " +
                               std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n" + body_;
      size_t off = 0;
      while (off < resp.size()) {
        const ssize_t n = write(c, resp.data() + off, resp.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
      }
      close(c);
    }
  }

  int status_;
  std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(DcgmParse, UsedFreeUtilPerGpu) {
  const DcgmParse p = parse_dcgm_metrics(read_fixture("dcgm_exporter.txt"));
  ASSERT_EQ(p.gpus.size(), 2u);
  EXPECT_EQ(p.driver_version, "550.54.15");
  const GpuInfo& g0 = p.gpus[0];
  EXPECT_EQ(g0.index, 0);
  EXPECT_EQ(g0.name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(g0.uuid, "GPU-5ae6a2c4-2f5d-8b7c-1a2b-3c4d5e6f7a8b");
  EXPECT_EQ(g0.pci_bus_id, "00000000:18:00.0");
  EXPECT_EQ(g0.memory_used_bytes, 72411ull * kMiB);
  EXPECT_EQ(g0.memory_total_bytes, (72411ull + 8555ull) * kMiB);
  EXPECT_EQ(g0.utilization_pct, 97.0);
  const GpuInfo& g1 = p.gpus[1];
  EXPECT_EQ(g1.index, 1);
  EXPECT_EQ(g1.memory_used_bytes, 0u);
  EXPECT_EQ(g1.memory_total_bytes, 80965ull * kMiB);
  EXPECT_EQ(g1.utilization_pct, 0.0);
  EXPECT_EQ(g0.power_w, 645.123);       // DCGM_FI_DEV_POWER_USAGE, W
  EXPECT_EQ(g0.energy_j, 8123456.789);  // DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, mJ
  EXPECT_EQ(g1.power_w, 71.25);
  EXPECT_EQ(g1.energy_j, 1234567.89);
}

TEST(DcgmParse, PowerOnlyExporterStillListsTheGpu) {
  const DcgmParse p = parse_dcgm_metrics(
      "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-x\",modelName=\"NVIDIA L4\"} 50.5\n");
  ASSERT_EQ(p.gpus.size(), 1u);
  EXPECT_EQ(p.gpus[0].power_w, 50.5);
  EXPECT_FALSE(p.gpus[0].energy_j.has_value());
  EXPECT_FALSE(p.gpus[0].memory_used_bytes.has_value());
}

TEST(DcgmParse, UsedWithoutFreeHasNoTotal) {
  const DcgmParse p = parse_dcgm_metrics(
      "DCGM_FI_DEV_FB_USED{gpu=\"3\",UUID=\"GPU-x\",modelName=\"NVIDIA L4\"} 100\n");
  ASSERT_EQ(p.gpus.size(), 1u);
  EXPECT_EQ(p.gpus[0].index, 3);
  EXPECT_EQ(p.gpus[0].memory_used_bytes, 100 * kMiB);
  EXPECT_FALSE(p.gpus[0].memory_total_bytes.has_value());
  EXPECT_FALSE(p.gpus[0].utilization_pct.has_value());
}

TEST(DcgmParse, OtherPagesGiveNoGpu) {
  EXPECT_TRUE(parse_dcgm_metrics("vllm:num_requests_running{model_name=\"m\"} 3\n").gpus.empty());
  EXPECT_TRUE(parse_dcgm_metrics("DCGM_FI_DEV_FB_USED 5\n").gpus.empty());  // no gpu label
  EXPECT_TRUE(parse_dcgm_metrics("").gpus.empty());
}

TEST(DcgmFetch, ReadsAnExporterOverHttp) {
  OneShotServer server(200, read_fixture("dcgm_exporter.txt"));
  const auto gpus = fetch_dcgm(server.url("/metrics"), 10);
  ASSERT_EQ(gpus.size(), 2u);
  EXPECT_EQ(gpus[0].memory_used_bytes, 72411ull * kMiB);

  GpuProbeOptions opts;
  opts.metrics_url = server.url("/metrics");
  const GpuProbe probe = probe_gpus(opts);
  EXPECT_EQ(probe.inventory.source, "dcgm");
  EXPECT_EQ(probe.inventory.gpus.size(), 2u);
  ASSERT_TRUE(probe.read);
  EXPECT_EQ(probe.read().size(), 2u);  // the sampler's source reads the same page again
}

TEST(DcgmFetch, NotAnExporterOrNotOkIsAnErrorNamingTheUrl) {
  OneShotServer not_dcgm(200, "vllm:num_requests_running 1\n");
  try {
    fetch_dcgm(not_dcgm.url("/metrics"), 10);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(not_dcgm.url("/metrics")), std::string::npos);
  }
  OneShotServer missing(404, "not found");
  std::string why;
  EXPECT_FALSE(dcgm_inventory(missing.url("/gpu-metrics"), 10, &why).has_value());
  EXPECT_NE(why.find("404"), std::string::npos) << why;
}

TEST(GpuProbe, FailingUrlDoesNotFallBackToLocalGpus) {
  OneShotServer missing(404, "");
  GpuProbeOptions opts;
  opts.metrics_url = missing.url("/gpu-metrics");
  opts.nvml_library = NVML_STUB_PATH;
  const GpuProbe probe = probe_gpus(opts);
  EXPECT_EQ(probe.inventory.source, "none");
  EXPECT_TRUE(probe.inventory.gpus.empty());
  EXPECT_NE(probe.inventory.note.find("/gpu-metrics"), std::string::npos) << probe.inventory.note;
  EXPECT_FALSE(probe.read);
}

}  // namespace
}  // namespace sonde
