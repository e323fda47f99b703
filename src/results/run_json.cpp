// JSON of run.json: RunResult and everything it holds above the per-request level.
#include <fstream>
#include <sstream>

#include "results/capacity_json.hpp"
#include "results/json.hpp"
#include "results/json_util.hpp"
#include "util/error.hpp"

namespace sonde {

using json_detail::number;
using json_detail::read_number;
using json_detail::value_or;
using nlohmann::json;

void to_json(json& j, const ScenarioSpec& s) {
  j = json{{"name", s.name},
           {"input_len", s.input_len},
           {"output_len", s.output_len},
           {"load", to_string(s.load)},
           {"concurrency", s.concurrency},
           {"request_rate", number(s.request_rate)},
           {"max_concurrency", s.max_concurrency},
           {"requests", s.requests},
           {"repeat_prompt", s.repeat_prompt}};
  if (s.ramp) {
    j["ramp"] = {{"from_rate", s.ramp->from_rate},
                 {"to_rate", s.ramp->to_rate},
                 {"duration_s", s.ramp->duration_s}};
  }
  if (const auto* sp = std::get_if<SharedPrefixSource>(&s.source)) j["source"] = *sp;
  if (const auto* c = std::get_if<ConversationSource>(&s.source)) j["source"] = *c;
}

void from_json(const json& j, ScenarioSpec& s) {
  s.name = j.at("name").get<std::string>();
  s.input_len = j.at("input_len").get<int64_t>();
  s.output_len = j.at("output_len").get<int64_t>();
  const auto load = j.at("load").get<std::string>();
  const auto shape = parse_load_shape(load);
  if (!shape) throw UsageError("unknown load \"" + load + "\" (expected burst, closed or rate)");
  s.load = *shape;
  s.concurrency = value_or(j, "concurrency", 1);
  s.request_rate = value_or(j, "request_rate", 0.0);
  s.max_concurrency = value_or(j, "max_concurrency", 0);
  s.requests = j.at("requests").get<int>();
  s.repeat_prompt = value_or(j, "repeat_prompt", false);
  if (const auto r = j.find("ramp"); r != j.end() && r->is_object()) {
    s.ramp = RateRamp{r->at("from_rate").get<double>(), r->at("to_rate").get<double>(),
                      r->at("duration_s").get<double>()};
  }
  if (const auto src = j.find("source"); src != j.end() && src->is_object()) {
    const auto kind = value_or(*src, "kind", std::string());
    if (kind == "shared_prefix") s.source = src->get<SharedPrefixSource>();
    if (kind == "conversation") s.source = src->get<ConversationSource>();
  }
}

void to_json(json& j, const PromptCalibration& c) {
  j = json{{"method", c.method},
           {"target_tokens", c.target_tokens},
           {"min_tokens", c.min_tokens},
           {"max_tokens", c.max_tokens},
           {"max_error_pct", number(c.max_error_pct)},
           {"tokenizer_calls", c.tokenizer_calls}};
}

void from_json(const json& j, PromptCalibration& c) {
  c.method = j.at("method").get<std::string>();
  c.target_tokens = value_or<int64_t>(j, "target_tokens", 0);
  c.min_tokens = value_or<int64_t>(j, "min_tokens", 0);
  c.max_tokens = value_or<int64_t>(j, "max_tokens", 0);
  c.max_error_pct = read_number(j, "max_error_pct");
  c.tokenizer_calls = value_or(j, "tokenizer_calls", 0);
}

namespace {

// The distributions of a summary with their JSON keys, so both directions list them once.
template <typename Summary, typename Fn>
void for_each_distribution(Summary& s, Fn&& fn) {
  fn("ttft_ms", s.ttft_ms);
  fn("tpot_ms", s.tpot_ms);
  fn("itl_ms", s.itl_ms);
  fn("e2el_ms", s.e2el_ms);
  fn("decode_ms", s.decode_ms);
  fn("decode_tokens_per_s", s.decode_tokens_per_s);
  fn("e2e_tokens_per_s", s.e2e_tokens_per_s);
  fn("input_tokens", s.input_tokens);
  fn("output_tokens", s.output_tokens);
  fn("client_queue_ms", s.client_queue_ms);
  fn("ttft_ms_corrected", s.ttft_ms_corrected);
  fn("e2el_ms_corrected", s.e2el_ms_corrected);
}

}  // namespace

void to_json(json& j, const ScenarioSummary& s) {
  j = json{{"completed", s.completed},
           {"failed", s.failed},
           {"errors", s.errors},
           {"duration_s", number(s.duration_s)},
           {"request_throughput", number(s.request_throughput)},
           {"output_throughput", number(s.output_throughput)},
           {"total_token_throughput", number(s.total_token_throughput)},
           {"total_input_tokens", s.total_input_tokens},
           {"total_output_tokens", s.total_output_tokens},
           {"output_len_mismatches", s.output_len_mismatches}};
  for_each_distribution(s, [&j](const char* key, const Distribution& d) { j[key] = d; });
  // Only when some request reasoned, so summaries of other models stay as they were.
  if (s.reasoning_tokens.count > 0) {
    j["ttfo_ms"] = s.ttfo_ms;
    j["reasoning_tokens"] = s.reasoning_tokens;
  }
}

void from_json(const json& j, ScenarioSummary& s) {
  s.completed = j.at("completed").get<int>();
  s.failed = j.at("failed").get<int>();
  s.errors = value_or(j, "errors", std::map<std::string, int>());
  s.duration_s = read_number(j, "duration_s");
  s.request_throughput = read_number(j, "request_throughput");
  s.output_throughput = read_number(j, "output_throughput");
  s.total_token_throughput = read_number(j, "total_token_throughput");
  s.total_input_tokens = value_or<int64_t>(j, "total_input_tokens", 0);
  s.total_output_tokens = value_or<int64_t>(j, "total_output_tokens", 0);
  s.output_len_mismatches = value_or(j, "output_len_mismatches", 0);
  for_each_distribution(s, [&j](const char* key, Distribution& d) {
    // Distributions added after a file was written read as empty rather than failing.
    if (auto it = j.find(key); it != j.end()) d = it->get<Distribution>();
  });
  for (auto [key, d] : {std::pair{"ttfo_ms", &s.ttfo_ms}, {"reasoning_tokens", &s.reasoning_tokens}}) {
    if (auto it = j.find(key); it != j.end()) *d = it->get<Distribution>();
  }
}

const char* to_string(InvalidReason r) {
  return r == InvalidReason::no_success ? "no_request_succeeded" : "failed_pct_above_max";
}

static InvalidReason parse_invalid_reason(const std::string& text) {
  for (InvalidReason r : {InvalidReason::no_success, InvalidReason::too_many_failed}) {
    if (text == to_string(r)) return r;
  }
  throw UsageError("run.json invalid_reasons: '" + text +
                   "' is not no_request_succeeded or failed_pct_above_max");
}

void to_json(json& j, const ScenarioResult& s) {
  j = json(s.spec);
  j["prompt_calibration"] = s.calibration;
  if (s.shared_prefix && j.contains("source")) j["source"].update(json(*s.shared_prefix));
  if (s.conversation && j.contains("source")) j["source"].update(json(*s.conversation));
  if (!s.turns.empty()) j["turns"] = s.turns;
  j["summary"] = s.summary;
  if (s.goodput) j["goodput"] = *s.goodput;
  if (s.steady_state) j["steady_state"] = *s.steady_state;
  j["gpu_memory"] = json_detail::optional_record(s.gpu_memory);
  j["server_metrics"] = json_detail::optional_record(s.server_metrics);
  if (s.energy) j["energy"] = *s.energy;
  if (s.spec_decode) j["spec_decode"] = *s.spec_decode;
  j["client_health"] = json_detail::optional_record(s.client_health);
  j["aborted_reason"] = s.aborted_reason;
  if (s.saturated) j["saturated"] = true;  // capacity probes only
  j["retries"] = s.retries;
  if (s.source) j["source"] = *s.source;
  j["valid"] = s.valid;
  json reasons = json::array();
  for (InvalidReason r : s.invalid_reasons) reasons.push_back(to_string(r));
  j["invalid_reasons"] = reasons;
}

void from_json(const json& j, ScenarioResult& s) {
  s.spec = j.get<ScenarioSpec>();
  s.calibration = j.at("prompt_calibration").get<PromptCalibration>();
  if (std::holds_alternative<SharedPrefixSource>(s.spec.source) &&
      j.at("source").contains("prefix_tokens_min")) {
    s.shared_prefix = j.at("source").get<SharedPrefixFacts>();
  }
  if (std::holds_alternative<ConversationSource>(s.spec.source) &&
      j.at("source").contains("seed")) {
    s.conversation = j.at("source").get<ConversationFacts>();
  }
  s.turns = value_or(j, "turns", std::vector<TurnSummary>());
  s.summary = j.at("summary").get<ScenarioSummary>();
  s.goodput = json_detail::read_optional_record<GoodputResult>(j, "goodput");
  s.steady_state = json_detail::read_optional_record<SteadyState>(j, "steady_state");
  s.gpu_memory = json_detail::read_optional_record<GpuMemoryRecord>(j, "gpu_memory");
  s.server_metrics = json_detail::read_optional_record<ServerMetricsDelta>(j, "server_metrics");
  s.energy = json_detail::read_optional_record<EnergyRecord>(j, "energy");
  s.spec_decode = json_detail::read_optional_record<SpecDecodeRecord>(j, "spec_decode");
  s.client_health = json_detail::read_optional_record<ClientHealth>(j, "client_health");
  s.aborted_reason = value_or(j, "aborted_reason", std::string());
  s.saturated = value_or(j, "saturated", false);
  s.retries = value_or(j, "retries", 0);
  s.source = json_detail::read_optional_record<SourceRecord>(j, "source");
  if (s.source) s.spec.source = scenario_source(*s.source);
  s.valid = value_or(j, "valid", true);  // files written before runs were judged
  s.invalid_reasons.clear();
  for (const auto& r : value_or(j, "invalid_reasons", std::vector<std::string>())) {
    s.invalid_reasons.push_back(parse_invalid_reason(r));
  }
}

static json settings_json(const std::vector<ServerSetting>& settings) {
  json out = json::array();
  for (const auto& s : settings)
    out.push_back({{"name", s.name}, {"value", s.value}, {"source", s.source}});
  return out;
}

void to_json(json& j, const RunResult& r) {
  j = json{
      {"schema_version", r.schema_version},
      {"tool", {{"name", r.tool_name}, {"version", r.tool_version}}},
      {"run_id", r.run_id},
      {"started_at", r.started_at},
      {"finished_at", r.finished_at},
      {"complete", r.complete},
      {"incomplete_reason", r.incomplete_reason},
      {"simulated", r.simulated},
      {"sim_speed", number(r.sim_speed)},
      {"sim_profile", r.sim_profile},
      {"target",
       {{"base_url", r.target.base_url}, {"model", r.target.model}, {"endpoint", r.target.endpoint}}},
      {"server",
       {{"version", r.server.version},
        {"max_model_len", r.server.max_model_len},
        {"model_root", r.server.model_root},
        {"settings", settings_json(r.server.settings)}}},
      {"options", r.options},
      {"environment", json_detail::optional_record(r.environment)},
      {"warnings", r.warnings},
      {"scenarios", r.scenarios},
      {"valid", r.valid}};
  if (r.sim_detected) j["sim_detected"] = true;  // absent: sonde started the simulator, or none
  if (r.capacity) j["capacity"] = *r.capacity;
  // Only runs with several client processes have these, so other files stay as they were.
  if (r.clients > 1) j["clients"] = r.clients;
  if (r.shard) j["shard"] = *r.shard;
  if (!r.shards.empty()) j["shards"] = r.shards;
}

void from_json(const json& j, RunResult& r) {
  r.schema_version = j.at("schema_version").get<int>();
  const json& tool = j.at("tool");
  r.tool_name = tool.at("name").get<std::string>();
  r.tool_version = tool.at("version").get<std::string>();
  r.run_id = value_or(j, "run_id", std::string());
  r.started_at = value_or(j, "started_at", std::string());
  r.finished_at = value_or(j, "finished_at", std::string());
  r.complete = value_or(j, "complete", false);
  r.incomplete_reason = value_or(j, "incomplete_reason", std::string());
  r.simulated = j.at("simulated").get<bool>();
  r.sim_speed = value_or(j, "sim_speed", 1.0);
  r.sim_profile = value_or(j, "sim_profile", std::string());
  r.sim_detected = value_or(j, "sim_detected", false);
  const json& target = j.at("target");
  r.target.base_url = target.at("base_url").get<std::string>();
  r.target.model = target.at("model").get<std::string>();
  r.target.endpoint = target.at("endpoint").get<std::string>();
  const json& server = j.at("server");
  r.server.version = value_or(server, "version", std::string());
  r.server.max_model_len = value_or<int64_t>(server, "max_model_len", 0);
  r.server.model_root = value_or(server, "model_root", std::string());
  for (const auto& s : value_or(server, "settings", json::array())) {
    r.server.settings.push_back(ServerSetting{s.at("name").get<std::string>(),
                                              s.at("value").get<std::string>(),
                                              s.at("source").get<std::string>()});
  }
  r.environment = json_detail::read_optional_record<Environment>(j, "environment");
  r.warnings = value_or(j, "warnings", std::vector<std::string>());
  r.options = value_or(j, "options", json::object()).get<RunOptions>();
  r.scenarios = j.at("scenarios").get<std::vector<ScenarioResult>>();
  r.valid = value_or(j, "valid", true);
  r.capacity = json_detail::read_optional_record<CapacityResult>(j, "capacity");
  r.clients = value_or(j, "clients", 1);
  r.shard.reset();
  if (auto it = j.find("shard"); it != j.end() && it->is_object()) r.shard = it->get<ShardFacts>();
  r.shards = value_or(j, "shards", std::vector<ShardFacts>());
}

std::string run_json_text(const RunResult& run) { return json(run).dump(2) + "\n"; }

RunResult read_run_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path.string() + ": no such file or not readable");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw UsageError(path.string() + " is not valid JSON (" + e.what() + ")");
  }
  const int version = j.is_object() ? value_or(j, "schema_version", 0) : 0;
  if (version != kRunSchemaVersion) {
    throw UsageError(path.string() + ": schema_version " + std::to_string(version) +
                     " is not supported (this sonde reads " + std::to_string(kRunSchemaVersion) +
                     "); regenerate it with this version of sonde");
  }
  try {
    return j.get<RunResult>();
  } catch (const json::exception& e) {
    // nlohmann names the missing key or the type mismatch, e.g. "key 'summary' not found".
    throw UsageError(path.string() + " does not match run.json schema " +
                     std::to_string(kRunSchemaVersion) + ": " + e.what());
  }
}

}  // namespace sonde
