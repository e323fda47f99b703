#include "sim/fault.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "util/error.hpp"

namespace sonde::sim {
namespace {

using ojson = nlohmann::ordered_json;

constexpr std::array<std::string_view, kFaultKindCount> kNames = {"http_500",
                                                                  "http_429",
                                                                  "http_400",
                                                                  "disconnect_before_first_token",
                                                                  "disconnect_mid_stream",
                                                                  "stall_mid_stream",
                                                                  "malformed_chunk",
                                                                  "no_done",
                                                                  "no_usage",
                                                                  "error_event",
                                                                  "slow_headers",
                                                                  "engine_death"};

std::string kinds_list() {
  std::string out;
  for (auto n : kNames) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

[[noreturn]] void bad(std::string_view spec, std::string_view why) {
  throw UsageError(fmt::format(
      "--fault '{}': {}; expected KIND:RATE[:after=N][:seconds=S] with KIND one of {}, RATE in "
      "0..1, N >= 0 requests, S >= 0 seconds",
      spec, why, kinds_list()));
}

double parse_number(std::string_view spec, std::string_view what, std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    bad(spec, fmt::format("{} '{}' is not a number", what, text));
  }
  return v;
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void check_ranges(std::string_view spec, const FaultSpec& f) {
  if (!(f.rate >= 0 && f.rate <= 1)) bad(spec, fmt::format("rate {} is outside 0..1", f.rate));
  if (f.after < 0) bad(spec, fmt::format("after={} is negative", f.after));
  if (!(f.seconds >= 0 && f.seconds <= 86400)) {
    bad(spec, fmt::format("seconds={} is outside 0..86400", f.seconds));
  }
}

}  // namespace

std::string_view fault_name(FaultKind kind) { return kNames.at(static_cast<size_t>(kind)); }

std::optional<FaultKind> fault_kind_from_name(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<FaultKind>(i);
  }
  return std::nullopt;
}

bool fault_needs_stream(FaultKind kind) {
  return fault_is_mid_stream(kind) || kind == FaultKind::no_done || kind == FaultKind::no_usage ||
         kind == FaultKind::disconnect_before_first_token;
}

bool fault_is_mid_stream(FaultKind kind) {
  return kind == FaultKind::disconnect_mid_stream || kind == FaultKind::stall_mid_stream ||
         kind == FaultKind::malformed_chunk || kind == FaultKind::error_event;
}

FaultSpec parse_fault_spec(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2) bad(text, "missing the rate");
  FaultSpec f;
  const auto kind = fault_kind_from_name(parts[0]);
  if (!kind) bad(text, fmt::format("unknown kind '{}'", parts[0]));
  f.kind = *kind;
  f.rate = parse_number(text, "rate", parts[1]);
  for (size_t i = 2; i < parts.size(); ++i) {
    const auto p = parts[i];
    if (p.starts_with("after=")) {
      const double n = parse_number(text, "after", p.substr(6));
      if (n != std::floor(n) || n > 1e15)
        bad(text, fmt::format("after={} is not a whole number", p.substr(6)));
      f.after = static_cast<int64_t>(n);
    } else if (p.starts_with("seconds=")) {
      f.seconds = parse_number(text, "seconds", p.substr(8));
    } else {
      bad(text, fmt::format("unknown option '{}'", p));
    }
  }
  check_ranges(text, f);
  return f;
}

std::string fault_spec_text(const FaultSpec& spec) {
  std::string out = fmt::format("{}:{}", fault_name(spec.kind), spec.rate);
  if (spec.after > 0) out += fmt::format(":after={}", spec.after);
  if (spec.seconds > 0) out += fmt::format(":seconds={}", spec.seconds);
  return out;
}

double fault_seconds(const FaultSpec& spec) {
  if (spec.seconds > 0) return spec.seconds;
  switch (spec.kind) {
    case FaultKind::http_429:
      return 1;  // Retry-After
    case FaultKind::stall_mid_stream:
      return 10;
    case FaultKind::slow_headers:
      return 10;
    case FaultKind::engine_death:
      return 0.5;  // vLLM's API server exits right after
    default:
      return 0;
  }
}

FaultSpec fault_spec_from_json(const nlohmann::json& j) {
  if (j.is_string()) return parse_fault_spec(j.get<std::string>());
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string()) {
    throw UsageError(
        fmt::format("/admin/faults: each fault is \"KIND:RATE[:after=N][:seconds=S]\" "
                    "or {{\"kind\", \"rate\", \"after\", \"seconds\"}}, got {}",
                    j.dump()));
  }
  std::string text = j["kind"].get<std::string>();
  auto number = [&](const char* key) -> std::string {
    if (!j.contains(key)) return "";
    if (!j[key].is_number())
      throw UsageError(fmt::format("/admin/faults: '{}' must be a number", key));
    return fmt::format("{}", j[key].get<double>());
  };
  text += ":" + (j.contains("rate") ? number("rate") : std::string("1"));
  if (const auto a = number("after"); !a.empty()) text += ":after=" + a;
  if (const auto s = number("seconds"); !s.empty()) text += ":seconds=" + s;
  return parse_fault_spec(text);
}

std::string vllm_error_body(std::string_view message, std::string_view type, int code) {
  const ojson j = {{"error",
                    {{"message", std::string(message)},
                     {"type", std::string(type)},
                     {"param", nullptr},
                     {"code", code}}}};
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

double fault_draw(uint64_t seed, int64_t n, size_t index) {
  const uint64_t h =
      splitmix64(splitmix64(seed ^ (static_cast<uint64_t>(n) * 0xD1B54A32D192ED03ull)) + index);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

FaultInjector::FaultInjector(std::vector<FaultSpec> faults, uint64_t seed)
    : faults_(std::move(faults)), seed_(seed) {}

void FaultInjector::configure(std::vector<FaultSpec> faults, std::optional<uint64_t> seed) {
  std::lock_guard lock(mutex_);
  faults_ = std::move(faults);
  if (seed) seed_ = *seed;
  requests_ = 0;
}

std::optional<FaultSpec> FaultInjector::next_request(bool stream) {
  std::lock_guard lock(mutex_);
  const int64_t n = ++requests_;
  for (size_t i = 0; i < faults_.size(); ++i) {
    const FaultSpec& f = faults_[i];
    if (n <= f.after || (!stream && fault_needs_stream(f.kind))) continue;
    // rate 1 always fires; the draw is < 1, so rate 0 never does.
    if (fault_draw(seed_, n, i) < f.rate) return f;
  }
  return std::nullopt;
}

void FaultInjector::record(FaultKind kind, int64_t n) {
  std::lock_guard lock(mutex_);
  injected_.at(static_cast<size_t>(kind)) += n;
}

std::array<int64_t, kFaultKindCount> FaultInjector::injected() const {
  std::lock_guard lock(mutex_);
  return injected_;
}

std::string FaultInjector::status_body(bool engine_dead) const {
  std::lock_guard lock(mutex_);
  ojson faults = ojson::array();
  for (const auto& f : faults_) {
    faults.push_back({{"kind", std::string(fault_name(f.kind))},
                      {"rate", f.rate},
                      {"after", f.after},
                      {"seconds", fault_seconds(f)},
                      {"spec", fault_spec_text(f)}});
  }
  ojson injected = ojson::object();
  int64_t total = 0;
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    injected[std::string(kNames[i])] = injected_[i];
    total += injected_[i];
  }
  const ojson j = {{"seed", seed_},        {"requests", requests_},   {"faults", faults},
                   {"injected", injected}, {"injected_total", total}, {"engine_dead", engine_dead}};
  return j.dump();
}

}  // namespace sonde::sim
