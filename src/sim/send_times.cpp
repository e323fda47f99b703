#include "sim/send_times.hpp"

#include <cstdio>
#include <cstring>
#include <ctime>

namespace sonde::sim {
namespace {

constexpr std::string_view kKey = kSendTimeKey;
constexpr size_t kWidth = kSendTimeWidth;

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
  // memmem skips through the JSON fast (a batch can be megabytes); std::string::find stops at
  // every '"'-like first byte.
  char* const begin = bytes.data();
  char* const end = begin + bytes.size();
  char* at = begin;
  while (at < end) {
    void* hit = memmem(at, static_cast<size_t>(end - at), kKey.data(), kKey.size());
    if (hit == nullptr) break;
    at = static_cast<char*>(hit) + kKey.size();
    if (static_cast<size_t>(end - at) < kWidth || at[kWidth - 1] != ' ') continue;  // stamped
    std::memcpy(at + kWidth - static_cast<size_t>(n), digits, static_cast<size_t>(n));
  }
}

}  // namespace sonde::sim
