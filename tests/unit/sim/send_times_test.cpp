// --emit-send-times: the slot keeps the chunk valid JSON and is stamped at write time.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "sim/send_times.hpp"

namespace sonde::sim {
namespace {

int64_t mono_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

nlohmann::json payload_of(const std::string& sse) {
  return nlohmann::json::parse(sse.substr(6, sse.size() - 8));  // "data: " ... "\n\n"
}

TEST(SendTimes, SlotIsValidJsonAndStampedWithTheWriteInstant) {
  const std::string event = R"(data: {"id":"c","choices":[{"delta":{"content":"}"}}]})"
                            "\n\n";
  std::string bytes = "1f\r\n" + with_send_time_slot(event) + "\r\n" + with_send_time_slot(event);
  const size_t size_before = bytes.size();
  const int64_t before = mono_ns();
  stamp_send_times(bytes);
  const int64_t after = mono_ns();
  EXPECT_EQ(bytes.size(), size_before);  // HTTP chunk sizes stay right
  const std::string second = bytes.substr(bytes.find("data: ", 10));
  const auto j = payload_of(second);
  EXPECT_EQ(j["choices"][0]["delta"]["content"], "}");
  const int64_t t = j["sim_t_ns"].get<int64_t>();
  EXPECT_GE(t, before);
  EXPECT_LE(t, after);
}

TEST(SendTimes, AStampedSlotIsNotStampedAgain) {
  std::string bytes = with_send_time_slot("data: {\"a\":1}\n\n");
  stamp_send_times(bytes);
  const std::string first = bytes;
  stamp_send_times(bytes);
  EXPECT_EQ(bytes, first);
}

}  // namespace
}  // namespace sonde::sim
