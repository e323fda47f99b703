// Port planning for sweeps: one distinct free port per launched point.
#include <gtest/gtest.h>

#include <set>

#include "server/port.hpp"

namespace sonde {
namespace {

TEST(Port, PickFreePortsAreDistinctAndFree) {
  const auto ports = pick_free_ports(8);
  ASSERT_EQ(ports.size(), 8u);
  EXPECT_EQ(std::set<uint16_t>(ports.begin(), ports.end()).size(), 8u);
  for (const uint16_t p : ports) EXPECT_GT(p, 0);
  EXPECT_TRUE(pick_free_ports(0).empty());
}

}  // namespace
}  // namespace sonde
