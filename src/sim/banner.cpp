#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "sim/api_request.hpp"
#include "sim/sim_server.hpp"

namespace sonde {
namespace {

// Groups digits by thousands as vLLM's log lines do ("123,456").
std::string with_commas(int64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string sim_startup_banner(const SimOptions& o, uint16_t port) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  const std::string prefix = fmt::format("INFO {:%m-%d %H:%M:%S}", tm);
  // A nominal KV cache for an 8B model on one 80 GB GPU; the first engine model has no KV limit.
  constexpr int64_t kKvTokens = 454112;
  std::string out;
  out += fmt::format("{} [api_server.py:1885] vLLM API server version 0.11.0\n", prefix);
  out += fmt::format("{} [sim] sonde simulator: no GPU, timings are simulated, speed {}x\n",
                     prefix, o.speed);
  out += fmt::format("{} [utils.py:328] non-default args: {{'model': '{}', 'served_model_name': "
                     "['{}'], 'max_model_len': {}, 'max_num_seqs': {}, "
                     "'max_num_batched_tokens': {}}}\n",
                     prefix, o.model, sim::served_name(o), o.max_model_len, o.max_num_seqs,
                     o.max_num_batched_tokens);
  out += fmt::format("{} [kv_cache_utils.py:1087] GPU KV cache size: {} tokens\n", prefix,
                     with_commas(kKvTokens));
  out += fmt::format("{} [kv_cache_utils.py:1091] Maximum concurrency for {} tokens per "
                     "request: {:.2f}x\n", prefix, with_commas(o.max_model_len),
                     static_cast<double>(kKvTokens) / static_cast<double>(o.max_model_len));
  out += fmt::format("{} [api_server.py:1920] Starting vLLM API server 0 on http://{}:{}\n",
                     prefix, o.host, port);
  out += fmt::format("INFO:     Started server process [{}]\n", static_cast<long>(getpid()));
  out += "INFO:     Waiting for application startup.\n";
  out += "INFO:     Application startup complete.\n";
  return out;
}

}  // namespace sonde
