// JSON of the per-request types: Distribution, RequestError, RequestRecord (one requests.jsonl line).
#include "results/json.hpp"
#include "results/json_util.hpp"
#include "util/error.hpp"

namespace sonde {

using json_detail::number;
using json_detail::optional_number;
using json_detail::read_number;
using json_detail::read_optional_number;
using json_detail::value_or;
using nlohmann::json;

void to_json(json& j, const Distribution& d) {
  j = json{{"count", d.count},     {"mean", number(d.mean)}, {"std", number(d.std)},
           {"min", number(d.min)}, {"p50", number(d.p50)},   {"p90", number(d.p90)},
           {"p95", number(d.p95)}, {"p99", number(d.p99)},   {"max", number(d.max)}};
}

void from_json(const json& j, Distribution& d) {
  d.count = j.at("count").get<std::size_t>();
  d.mean = read_number(j, "mean");
  d.std = read_number(j, "std");
  d.min = read_number(j, "min");
  d.p50 = read_number(j, "p50");
  d.p90 = read_number(j, "p90");
  d.p95 = read_number(j, "p95");
  d.p99 = read_number(j, "p99");
  d.max = read_number(j, "max");
}

void to_json(json& j, const RequestError& e) {
  j = json{{"kind", e.kind_name()}, {"http_status", e.http_status}, {"message", e.message}};
}

void from_json(const json& j, RequestError& e) {
  const std::string name = j.at("kind").get<std::string>();
  int kind_status = 0;
  const auto kind = parse_error_kind(name, kind_status);
  if (!kind) {
    throw Error(ExitCode::usage, "unknown error kind '" + name + "' (known: " + error_kind_names() +
                                     "); was the file written by a newer sonde, or edited?");
  }
  e.kind = *kind;
  e.http_status = value_or(j, "http_status", kind_status);
  if (e.kind == ErrorKind::http && e.http_status != kind_status) {
    throw Error(ExitCode::usage, "error kind '" + name + "' disagrees with its http_status " +
                                     std::to_string(e.http_status) + "; fix or remove the line");
  }
  e.message = value_or(j, "message", std::string());
}

void to_json(json& j, const RequestRecord& r) {
  j = json{{"scenario", r.scenario},
           {"index", r.index},
           {"x_request_id", r.x_request_id},
           {"response_id", r.response_id},
           {"ok", r.ok},
           {"error", r.error ? json(*r.error) : json(nullptr)},
           {"intended_start_ms", number(r.intended_start_ms)},
           {"start_ms", number(r.start_ms)},
           {"end_ms", number(r.end_ms)},
           {"ttft_ms", optional_number(r.ttft_ms)},
           {"e2el_ms", optional_number(r.e2el_ms)},
           {"decode_ms", optional_number(r.decode_ms)},
           {"tpot_ms", optional_number(r.tpot_ms)},
           {"itl_ms", r.itl_ms},
           {"input_tokens", r.input_tokens},
           {"input_tokens_target", r.input_tokens_target},
           {"output_tokens", r.output_tokens},
           {"output_tokens_target", r.output_tokens_target},
           {"output_tokens_estimated", r.output_tokens_estimated},
           {"finish_reason", r.finish_reason},
           {"attempts", r.attempts},
           {"retried_errors", r.retried_errors}};
  if (r.row) j["row"] = *r.row;
  if (r.session) j["session"] = *r.session;
  if (r.turn) j["turn"] = *r.turn;
  if (r.shard) j["shard"] = *r.shard;
  // Only streams that carried reasoning have these keys, so other runs' files stay as they were.
  if (r.reasoning_tokens) {
    j["ttfo_ms"] = optional_number(r.ttfo_ms);
    j["reasoning_tokens"] = *r.reasoning_tokens;
    j["reasoning_tokens_estimated"] = r.reasoning_tokens_estimated;
  }
  if (r.cached_tokens) j["cached_tokens"] = *r.cached_tokens;  // only when the server said
}

void from_json(const json& j, RequestRecord& r) {
  r.scenario = j.at("scenario").get<std::string>();
  r.index = j.at("index").get<int>();
  r.x_request_id = value_or(j, "x_request_id", std::string());
  r.response_id = value_or(j, "response_id", std::string());
  r.ok = j.at("ok").get<bool>();
  r.error.reset();
  if (auto it = j.find("error"); it != j.end() && !it->is_null()) r.error = it->get<RequestError>();
  r.intended_start_ms = read_number(j, "intended_start_ms");
  r.start_ms = read_number(j, "start_ms");
  r.end_ms = read_number(j, "end_ms");
  r.ttft_ms = read_optional_number(j, "ttft_ms");
  r.e2el_ms = read_optional_number(j, "e2el_ms");
  r.decode_ms = read_optional_number(j, "decode_ms");
  r.tpot_ms = read_optional_number(j, "tpot_ms");
  r.itl_ms = value_or(j, "itl_ms", std::vector<double>());
  r.input_tokens = value_or<int64_t>(j, "input_tokens", 0);
  r.input_tokens_target = value_or<int64_t>(j, "input_tokens_target", 0);
  r.output_tokens = value_or<int64_t>(j, "output_tokens", 0);
  r.output_tokens_target = value_or<int64_t>(j, "output_tokens_target", 0);
  r.output_tokens_estimated = value_or(j, "output_tokens_estimated", false);
  r.finish_reason = value_or(j, "finish_reason", std::string());
  r.attempts = value_or(j, "attempts", 1);
  r.row.reset();
  if (auto it = j.find("row"); it != j.end() && it->is_number_integer()) r.row = it->get<int64_t>();
  for (auto [key, field] :
       {std::pair{"session", &r.session}, {"turn", &r.turn}, {"shard", &r.shard}}) {
    field->reset();
    if (auto it = j.find(key); it != j.end() && it->is_number_integer()) *field = it->get<int>();
  }
  r.retried_errors.clear();
  if (auto it = j.find("retried_errors"); it != j.end() && it->is_array()) {
    r.retried_errors = it->get<std::vector<RequestError>>();
  }
  r.ttfo_ms = read_optional_number(j, "ttfo_ms");
  r.reasoning_tokens.reset();
  if (auto it = j.find("reasoning_tokens"); it != j.end() && it->is_number_integer()) {
    r.reasoning_tokens = it->get<int64_t>();
  }
  r.reasoning_tokens_estimated = value_or(j, "reasoning_tokens_estimated", false);
  r.cached_tokens.reset();
  if (auto it = j.find("cached_tokens"); it != j.end() && it->is_number_integer()) {
    r.cached_tokens = it->get<int64_t>();
  }
}

}  // namespace sonde
