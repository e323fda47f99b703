#include <nlohmann/json.hpp>

#include "results/json.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

using nlohmann::json;

nlohmann::json sweep_json(const SweepResult& s) {
  json axes = json::array();
  for (const auto& [flag, values] : s.axes) axes.push_back({{"flag", flag}, {"values", values}});
  json points = json::array();
  for (const auto& p : s.points) {
    json settings = json::object();
    for (const auto& [k, v] : p.settings) settings[k] = v;
    points.push_back({{"name", p.name}, {"settings", settings}, {"status", p.status},
                      {"reason", p.reason}, {"command", p.command},
                      {"startup_facts", p.startup_facts}, {"failure", p.failure}, {"stop", p.stop},
                      {"run_dirs", p.run_dirs}, {"runs", p.runs}});
  }
  return {{"schema_version", s.schema_version},
          {"tool", {{"name", "sonde"}, {"version", s.tool_version}}},
          {"sweep_file", s.sweep_file}, {"started_at", s.started_at},
          {"finished_at", s.finished_at}, {"complete", s.complete},
          {"incomplete_reason", s.incomplete_reason}, {"axes", axes}, {"points", points}};
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
  for (const auto& a : j.at("axes")) s.axes.emplace_back(a.at("flag"), a.at("values").get<std::vector<std::string>>());
  for (const auto& pj : j.at("points")) {
    PointResult p;
    p.name = pj.at("name");
    for (const auto& [k, v] : pj.at("settings").items()) p.settings.emplace_back(k, v.get<std::string>());
    p.status = pj.at("status");
    p.reason = pj.value("reason", "");
    p.command = pj.value("command", "");
    p.startup_facts = pj.value("startup_facts", json());
    p.failure = pj.value("failure", json());
    p.stop = pj.value("stop", json());
    p.run_dirs = pj.value("run_dirs", std::vector<std::string>());
    p.runs = pj.value("runs", json::array()).get<std::vector<RunResult>>();
    s.points.push_back(std::move(p));
  }
  return s;
}

}  // namespace sonde
