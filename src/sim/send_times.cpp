#include "sim/send_times.hpp"

#include <cstdio>
#include <cstring>
#include <ctime>

namespace sonde::sim {
namespace {

constexpr std::string_view kKey = ",\"sim_t_ns\":";
constexpr size_t kWidth = 20;  // digits of any int64

}  // namespace

std::string with_send_time_slot(std::string_view sse) {
  const size_t close = sse.rfind('}');
  if (close == std::string_view::npos) return std::string(sse);
  std::string out;
  out.reserve(sse.size() + kKey.size() + kWidth);
  out.append(sse.substr(0, close));
  out.append(kKey);
  out.append(kWidth, ' ');
  out.append(sse.substr(close));
  return out;
}

void stamp_send_times(std::string& bytes) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  char digits[32];
  const int n = std::snprintf(digits, sizeof digits, "%lld",
                              static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec);
  size_t pos = 0;
  while ((pos = bytes.find(kKey, pos)) != std::string::npos) {
    pos += kKey.size();
    if (bytes.size() - pos < kWidth || bytes[pos + kWidth - 1] != ' ') continue;  // stamped
    std::memcpy(&bytes[pos + kWidth - static_cast<size_t>(n)], digits, static_cast<size_t>(n));
  }
}

}  // namespace sonde::sim
