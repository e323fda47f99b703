// JSON for a launched server's record in sweep.json (start-up facts, failure, stop): every field
// present, null when unknown.
#include <array>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "results/json_util.hpp"
#include "results/server_launch.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

constexpr std::array<std::pair<FailureKind, std::string_view>, 9> kKindNames{{
    {FailureKind::oom_startup, "oom_startup"},
    {FailureKind::kv_cache_insufficient, "kv_cache_insufficient"},
    {FailureKind::no_cache_memory, "no_cache_memory"},
    {FailureKind::insufficient_free_memory, "insufficient_free_memory"},
    {FailureKind::invalid_config, "invalid_config"},
    {FailureKind::crashed, "crashed"},
    {FailureKind::timeout, "timeout"},
    {FailureKind::server_died, "server_died"},
    {FailureKind::oom_runtime, "oom_runtime"},
}};

template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  if constexpr (std::is_floating_point_v<T>) {
    return json_detail::optional_number(v);
  } else {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  }
}

template <typename T>
std::optional<T> read_opt(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

std::string_view failure_kind_name(FailureKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "crashed";
}

std::optional<FailureKind> parse_failure_kind(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

void to_json(nlohmann::json& j, const StartupFacts& f) {
  j = {{"kv_cache_tokens", opt(f.kv_cache_tokens)},
       {"max_concurrency", opt(f.max_concurrency)},
       {"max_concurrency_tokens", opt(f.max_concurrency_tokens)},
       {"available_kv_cache_gib", opt(f.available_kv_cache_gib)},
       {"model_load_gib", opt(f.model_load_gib)},
       {"model_load_s", opt(f.model_load_s)}};
}

void to_json(nlohmann::json& j, const ServerFailure& f) {
  j = {{"kind", std::string(failure_kind_name(f.kind))},
       {"message", f.message},
       {"log_excerpt", f.log_excerpt},
       {"exit_code", opt(f.exit_code)},
       {"signal", opt(f.signal)},
       {"max_seq_len", opt(f.max_seq_len)},
       {"kv_cache_needed_gib", opt(f.kv_cache_needed_gib)},
       {"kv_cache_available_gib", opt(f.kv_cache_available_gib)},
       {"estimated_max_model_len", opt(f.estimated_max_model_len)},
       {"free_memory_gib", opt(f.free_memory_gib)},
       {"total_memory_gib", opt(f.total_memory_gib)},
       {"requested_utilization", opt(f.requested_utilization)},
       {"requested_memory_gib", opt(f.requested_memory_gib)}};
}

void from_json(const nlohmann::json& j, StartupFacts& f) {
  f = StartupFacts{};
  f.kv_cache_tokens = read_opt<int64_t>(j, "kv_cache_tokens");
  f.max_concurrency = read_opt<double>(j, "max_concurrency");
  f.max_concurrency_tokens = read_opt<int64_t>(j, "max_concurrency_tokens");
  f.available_kv_cache_gib = read_opt<double>(j, "available_kv_cache_gib");
  f.model_load_gib = read_opt<double>(j, "model_load_gib");
  f.model_load_s = read_opt<double>(j, "model_load_s");
}

void from_json(const nlohmann::json& j, ServerFailure& f) {
  f = ServerFailure{};
  const std::string kind = j.at("kind").get<std::string>();
  const auto k = parse_failure_kind(kind);
  if (!k) throw Error(ExitCode::failure, "unknown server failure kind '" + kind + "'");
  f.kind = *k;
  f.message = json_detail::value_or<std::string>(j, "message", "");
  f.log_excerpt = json_detail::value_or<std::vector<std::string>>(j, "log_excerpt", {});
  f.exit_code = read_opt<int>(j, "exit_code");
  f.signal = read_opt<int>(j, "signal");
  f.max_seq_len = read_opt<int64_t>(j, "max_seq_len");
  f.kv_cache_needed_gib = read_opt<double>(j, "kv_cache_needed_gib");
  f.kv_cache_available_gib = read_opt<double>(j, "kv_cache_available_gib");
  f.estimated_max_model_len = read_opt<int64_t>(j, "estimated_max_model_len");
  f.free_memory_gib = read_opt<double>(j, "free_memory_gib");
  f.total_memory_gib = read_opt<double>(j, "total_memory_gib");
  f.requested_utilization = read_opt<double>(j, "requested_utilization");
  f.requested_memory_gib = read_opt<double>(j, "requested_memory_gib");
}

void to_json(nlohmann::json& j, const StopResult& r) {
  j = {{"escalation", r.escalation},
       {"group_gone", r.group_gone},
       {"port_free", r.port_free},
       {"took_s", r.took_s}};
}

void from_json(const nlohmann::json& j, StopResult& r) {
  r = StopResult{};
  r.escalation = json_detail::value_or<std::string>(j, "escalation", "");
  r.group_gone = json_detail::value_or(j, "group_gone", false);
  r.port_free = json_detail::value_or(j, "port_free", false);
  r.took_s = json_detail::value_or(j, "took_s", 0.0);
}

}  // namespace sonde
