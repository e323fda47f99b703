#include <array>
#include <nlohmann/json.hpp>
#include <string>

#include "results/json.hpp"
#include "results/json_util.hpp"
#include "results/sweep_result.hpp"
#include "util/error.hpp"

namespace sonde {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<PointStatus, std::string_view>, 18> kStatusNames{{
    {PointStatus::ok, "ok"},
    {PointStatus::planned, "planned"},
    {PointStatus::skipped, "skipped"},
    {PointStatus::invalid_config, "invalid_config"},
    {PointStatus::interrupted, "interrupted"},
    {PointStatus::oom_startup, "oom_startup"},
    {PointStatus::kv_cache_insufficient, "kv_cache_insufficient"},
    {PointStatus::no_cache_memory, "no_cache_memory"},
    {PointStatus::insufficient_free_memory, "insufficient_free_memory"},
    {PointStatus::crashed, "crashed"},
    {PointStatus::timeout, "timeout"},
    {PointStatus::server_died, "server_died"},
    {PointStatus::oom_runtime, "oom_runtime"},
    {PointStatus::invalid_run, "invalid_run"},
    {PointStatus::submitted, "submitted"},
    {PointStatus::node_fail, "node_fail"},
    {PointStatus::cancelled, "cancelled"},
    {PointStatus::out_of_memory, "out_of_memory"},
}};

}  // namespace

std::string_view point_status_name(PointStatus status) {
  for (const auto& [s, name] : kStatusNames) {
    if (s == status) return name;
  }
  return "crashed";
}

std::optional<PointStatus> parse_point_status(std::string_view name) {
  for (const auto& [s, n] : kStatusNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

PointStatus point_status_of(FailureKind kind) {
  // The failure kinds are a subset of the statuses, under the same names.
  return parse_point_status(failure_kind_name(kind)).value_or(PointStatus::crashed);
}

bool is_memory_failure(PointStatus s) {
  return s == PointStatus::oom_startup || s == PointStatus::kv_cache_insufficient ||
         s == PointStatus::no_cache_memory || s == PointStatus::insufficient_free_memory ||
         s == PointStatus::oom_runtime;
}

nlohmann::json sweep_json(const SweepResult& s) {
  json axes = json::array();
  for (const auto& [flag, values] : s.axes) axes.push_back({{"flag", flag}, {"values", values}});
  json points = json::array();
  for (const auto& p : s.points) {
    json settings = json::object();
    for (const auto& [k, v] : p.settings) settings[k] = v;
    points.push_back({{"name", p.name},
                      {"settings", settings},
                      {"status", std::string(point_status_name(p.status))},
                      {"reason", p.reason},
                      {"command", p.command},
                      {"startup_facts", json_detail::optional_record(p.startup_facts)},
                      {"failure", json_detail::optional_record(p.failure)},
                      {"stop", json_detail::optional_record(p.stop)},
                      {"run_dirs", p.run_dirs},
                      {"runs", p.runs},
                      {"job_id", p.job_id.empty() ? json(nullptr) : json(p.job_id)},
                      {"capacity", json_detail::optional_record(p.capacity)}});
  }
  json out = {{"schema_version", s.schema_version},
              {"tool", {{"name", "sonde"}, {"version", s.tool_version}}},
              {"sweep_file", s.sweep_file},
              {"started_at", s.started_at},
              {"finished_at", s.finished_at},
              {"complete", s.complete},
              {"incomplete_reason", s.incomplete_reason},
              {"executor", s.executor},
              {"axes", axes},
              {"points", points},
              {"capacity", json_detail::optional_record(s.capacity)}};
  // Only a predicted sweep (`sonde sweep --predict`) has it: a measured one is unchanged.
  if (!s.predicted_from.empty()) out["predicted_from_profile"] = s.predicted_from;
  return out;
}

SweepResult sweep_from_json(const nlohmann::json& j) {
  SweepResult s;
  s.schema_version = j.at("schema_version").get<int>();
  s.tool_version = j.at("tool").value("version", "");
  s.sweep_file = j.value("sweep_file", "");
  s.started_at = j.value("started_at", "");
  s.finished_at = j.value("finished_at", "");
  s.complete = j.value("complete", false);
  s.incomplete_reason = j.value("incomplete_reason", "");
  s.executor = j.value("executor", "local");
  if (const auto it = j.find("predicted_from_profile"); it != j.end() && it->is_string())
    s.predicted_from = it->get<std::string>();
  for (const auto& a : j.at("axes"))
    s.axes.emplace_back(a.at("flag"), a.at("values").get<std::vector<std::string>>());
  for (const auto& pj : j.at("points")) {
    PointResult p;
    p.name = pj.at("name");
    for (const auto& [k, v] : pj.at("settings").items())
      p.settings.emplace_back(k, v.get<std::string>());
    const std::string status = pj.at("status").get<std::string>();
    const auto parsed = parse_point_status(status);
    if (!parsed) throw UsageError("unknown point status \"" + status + "\" in point " + p.name);
    p.status = *parsed;
    p.reason = pj.value("reason", "");
    p.command = pj.value("command", "");
    p.startup_facts = json_detail::read_optional_record<StartupFacts>(pj, "startup_facts");
    p.failure = json_detail::read_optional_record<ServerFailure>(pj, "failure");
    p.stop = json_detail::read_optional_record<StopResult>(pj, "stop");
    p.run_dirs = pj.value("run_dirs", std::vector<std::string>());
    p.runs = pj.value("runs", json::array()).get<std::vector<RunResult>>();
    if (const auto it = pj.find("job_id"); it != pj.end() && it->is_string()) p.job_id = *it;
    p.capacity = json_detail::read_optional_record<PointCapacity>(pj, "capacity");
    s.points.push_back(std::move(p));
  }
  s.capacity = json_detail::read_optional_record<CapacityDecision>(j, "capacity");
  return s;
}

}  // namespace sonde
