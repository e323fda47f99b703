#pragma once
// JSON (nlohmann) for every results type, both ways, so that `sonde report DIR` can rebuild a
// RunResult from run.json and requests.jsonl. Non-finite numbers are written as null and read
// back as NaN; optional numbers are null when absent. Field names follow the output
// contract and docs/metrics.md; schema/run.schema.json describes run.json.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde {

void to_json(nlohmann::json& j, const Distribution& d);
void from_json(const nlohmann::json& j, Distribution& d);
void to_json(nlohmann::json& j, const RequestError& e);
void from_json(const nlohmann::json& j, RequestError& e);
void to_json(nlohmann::json& j, const RequestRecord& r);
void from_json(const nlohmann::json& j, RequestRecord& r);
void to_json(nlohmann::json& j, const SharedPrefixSource& s);  // "source" with kind shared_prefix
void from_json(const nlohmann::json& j, SharedPrefixSource& s);
void to_json(nlohmann::json& j, const ScenarioSpec& s);  // "load" as "burst"|"closed"|"rate"
void from_json(const nlohmann::json& j, ScenarioSpec& s);
void to_json(nlohmann::json& j, const PromptCalibration& c);
void from_json(const nlohmann::json& j, PromptCalibration& c);
void to_json(nlohmann::json& j, const ScenarioSummary& s);
void from_json(const nlohmann::json& j, ScenarioSummary& s);
void to_json(nlohmann::json& j, const LengthRange& r);
void from_json(const nlohmann::json& j, LengthRange& r);
void to_json(nlohmann::json& j, const SourceRecord& s);
void from_json(const nlohmann::json& j, SourceRecord& s);
// The ScenarioSource a suite would have written for `record` (rebuilding a spec from run.json).
ScenarioSource scenario_source(const SourceRecord& record);
// A scenario object is the spec's fields plus "prompt_calibration" and "summary".
void to_json(nlohmann::json& j, const ScenarioResult& s);
void from_json(const nlohmann::json& j, ScenarioResult& s);
// run.json options.goodput ({} when not asked for) and a scenario's `goodput`.
void to_json(nlohmann::json& j, const GoodputSlos& s);
void from_json(const nlohmann::json& j, GoodputSlos& s);
void to_json(nlohmann::json& j, const GoodputResult& g);
void from_json(const nlohmann::json& j, GoodputResult& g);
// A scenario's `steady_state`.
void to_json(nlohmann::json& j, const SteadyState& s);
void from_json(const nlohmann::json& j, SteadyState& s);
// run.json `options`; absent keys read as the RunOptions defaults.
void to_json(nlohmann::json& j, const RunOptions& o);
void from_json(const nlohmann::json& j, RunOptions& o);
void to_json(nlohmann::json& j, const RunResult& r);
void from_json(const nlohmann::json& j, RunResult& r);

// run.json text (2-space indent, trailing newline).
std::string run_json_text(const RunResult& run);

// Parses run.json. Throws sonde::UsageError naming the file and the offending key when the file
// is missing, not JSON, of another schema_version, or missing a required key.
RunResult read_run_json(const std::filesystem::path& path);

}  // namespace sonde
