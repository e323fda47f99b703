#include "runner/source_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "runner/rate_schedule.hpp"
#include "runner/source_tokens.hpp"
#include "traffic/jsonl_prompts.hpp"
#include "traffic/sharegpt.hpp"
#include "traffic/trace.hpp"
#include "util/error.hpp"
#include "workload/block_text.hpp"
#include "workload/trace_cache.hpp"

namespace sonde {
namespace {

// One request to be, before the load shape places it.
struct Planned {
  int64_t row = 0;  // ShareGPT element index; JSONL / trace line
  std::string body;
  int64_t input_target = 0;    // the row's own prompt length (tokens)
  int64_t input_prepared = 0;  // server count of the prompt sent
  int64_t output = 0;          // max_tokens
  double arrival_ms = 0;       // trace only
};

// FNV-1a: the same words for the same run id on every build and machine.
uint64_t stable_hash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

const char* kind_name(DatasetKind k) { return k == DatasetKind::sharegpt ? "sharegpt" : "jsonl"; }
const char* kind_name(TraceKind k) { return k == TraceKind::azure ? "azure" : "mooncake"; }

void add_facts(SourceRecord& record, const traffic::SourceFacts& facts) {
  record.sha256 = facts.sha256;
  for (const auto& [reason, n] : facts.skipped)
    record.skipped[std::string(traffic::to_string(reason))] += n;
}

// Skips (and counts) a row the server would reject or the scenario excludes; true when kept.
bool keep_row(const RequestFactory& f, std::optional<int64_t> max_input_len, const Planned& p,
              SourceRecord& record) {
  if (max_input_len && p.input_prepared > *max_input_len) {
    ++record.skipped["too_long"];
    return false;
  }
  if (f.max_model_len > 0 && p.input_prepared + p.output > f.max_model_len) {
    ++record.skipped["over_max_model_len"];
    return false;
  }
  return true;
}

nlohmann::json messages_json(const std::vector<traffic::ChatMessage>& messages) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : messages) out.push_back({{"role", m.role}, {"content", m.content}});
  return out;
}

traffic::DatasetOptions dataset_options(const DatasetSource& d) {
  traffic::DatasetOptions o;
  o.sample = d.sample;
  o.seed = d.seed;
  return o;  // max_input_len is applied after loading, in server-counted tokens
}

// What a JSONL file's rows need from the run: the chat endpoint for `messages` rows, an output
// length from somewhere. Checked before anything is counted or sent.
void check_jsonl_rows(const traffic::PromptDataset& ds, const DatasetSource& d,
                      const Endpoint& endpoint) {
  for (const auto& row : ds.rows) {
    if (row.is_chat() && !endpoint.chat()) {
      throw UsageError(fmt::format(
          "{}:{}: a \"messages\" row needs the chat endpoint, but this run sends to {}; run with "
          "--endpoint /v1/chat/completions, or write the row as {{\"prompt\": \"...\"}}",
          d.path, row.line, endpoint.path()));
    }
    if (!d.output_len && !row.output_len) {
      throw UsageError(fmt::format(
          "{}:{}: no \"output_len\" in this row and the scenario sets none; add \"output_len\" to "
          "every row or give the scenario an output length (dataset.output_len: N, --output-len N)",
          d.path, row.line));
    }
  }
}

// More requests than rows: rows are never reused.
void check_requests(const ScenarioSpec& spec, const std::string& path, std::size_t rows) {
  if (spec.requests > 0 && static_cast<std::size_t>(spec.requests) > rows) {
    throw UsageError(fmt::format(
        "scenario {}: requests is {} but {} gives only {} usable rows; rows are not reused: lower "
        "requests, drop it to send every row once, or use a larger file",
        spec.name, spec.requests, path, rows));
  }
}

std::vector<Planned> jsonl_rows(RequestFactory& f, const DatasetSource& d,
                                const GenerationParams& base, SourceRecord& record) {
  const traffic::PromptDataset ds = traffic::load_prompts(d.path, dataset_options(d));
  add_facts(record, ds.facts);
  check_jsonl_rows(ds, d, f.endpoint);  // every row checked before any is counted
  std::vector<Planned> out;
  for (const auto& row : ds.rows) {
    Planned p;
    p.row = static_cast<int64_t>(row.line);
    p.output = d.output_len ? *d.output_len : *row.output_len;
    GenerationParams params = base;
    params.max_tokens = p.output;
    if (row.is_chat()) {
      const auto messages = messages_json(std::get<std::vector<traffic::ChatMessage>>(row.input));
      p.input_prepared = count_chat_tokens(f.endpoint, f.model, messages);
      p.body = chat_messages_body(f.endpoint, f.model, messages, params);
    } else {
      const auto& text = std::get<std::string>(row.input);
      p.input_prepared = f.counter.count(text);
      p.body = request_body(f.endpoint, f.model, text, params);
    }
    p.input_target = p.input_prepared;
    if (keep_row(f, d.max_input_len, p, record)) out.push_back(std::move(p));
  }
  return out;
}

std::vector<Planned> sharegpt_rows(RequestFactory& f, const DatasetSource& d,
                                   const GenerationParams& base, SourceRecord& record) {
  const traffic::ShareGptDataset ds = traffic::load_sharegpt(d.path, dataset_options(d));
  add_facts(record, ds.facts);
  std::vector<Planned> out;
  for (const auto& row : ds.rows) {
    Planned p;
    p.row = static_cast<int64_t>(row.index);
    p.output = d.output_len ? *d.output_len
                            : count_plain_tokens(f.endpoint, f.model, row.answer, f.counter);
    p.input_prepared = p.input_target = f.counter.count(row.prompt);
    GenerationParams params = base;
    params.max_tokens = p.output;
    p.body = request_body(f.endpoint, f.model, row.prompt, params);
    if (keep_row(f, d.max_input_len, p, record)) out.push_back(std::move(p));
  }
  return out;
}

std::vector<Planned> trace_rows(RequestFactory& f, const TraceSource& t,
                                const GenerationParams& base, SourceRecord& record) {
  traffic::TraceOptions options;
  options.max_requests = t.max_requests;
  const auto reader = traffic::open_trace(
      t.kind == TraceKind::azure ? traffic::TraceFormat::azure : traffic::TraceFormat::mooncake,
      t.path, options);
  const traffic::Trace trace = traffic::read_trace(*reader);
  add_facts(record, trace.facts);
  const TokenCounter count = [&](const std::string& text) { return f.counter.count(text); };
  const int64_t overhead = std::max<int64_t>(0, count(""));  // template and special tokens
  const uint64_t seed = stable_hash(f.run_id);
  record.seed = seed;  // of the generated words: the same prompt id gives the same prompts
  std::vector<Planned> out;
  TraceCacheExpectation cache(t.block_tokens, f.kv_block_size);
  int64_t cacheable = 0, prompt_tokens = 0;
  for (const auto& row : trace.rows) {
    Planned p;
    p.row = static_cast<int64_t>(row.line);
    p.arrival_ms = row.arrival_ms;
    p.input_target = std::max<int64_t>(1, row.input_tokens);
    p.output = std::max<int64_t>(1, row.output_tokens);
    if (f.max_model_len > 0 && p.input_target + p.output > f.max_model_len) {
      ++record.skipped["over_max_model_len"];  // not built: its prompt would cost counter calls
      continue;
    }
    BlockTextSpec spec{seed, row.hash_ids, t.block_tokens, f.nonce_counter++};
    const Prompt prompt = block_prompt(spec, p.input_target, overhead, count);
    p.input_prepared = prompt.tokens;
    // Rows go out in file order (a trace's timestamps never go backwards).
    cacheable +=
        cache.next(row.hash_ids, std::max<int64_t>(0, prompt.tokens - overhead), prompt.tokens);
    prompt_tokens += prompt.tokens;
    GenerationParams params = base;
    params.max_tokens = p.output;
    p.body = request_body(f.endpoint, f.model, prompt.text, params);
    out.push_back(std::move(p));
  }
  if (t.kind == TraceKind::mooncake) {
    record.cacheable_tokens = cacheable;
    record.prompt_tokens = prompt_tokens;
    record.block_size = f.kv_block_size;
    if (prompt_tokens > 0)
      record.expected_prefix_hit_rate = double(cacheable) / double(prompt_tokens);
  }
  return out;
}

}  // namespace

void check_file_scenario(const ScenarioSpec& spec, const Endpoint& endpoint) {
  if (const auto* d = std::get_if<DatasetSource>(&spec.source)) {
    if (d->kind == DatasetKind::jsonl) {
      const traffic::PromptDataset ds = traffic::load_prompts(d->path, dataset_options(*d));
      check_jsonl_rows(ds, *d, endpoint);
      check_requests(spec, d->path, ds.rows.size());
    } else {
      check_requests(spec, d->path, traffic::load_sharegpt(d->path, dataset_options(*d)).rows.size());
    }
  } else if (const auto* t = std::get_if<TraceSource>(&spec.source)) {
    traffic::TraceOptions options;
    options.max_requests = t->max_requests;
    const auto reader = traffic::open_trace(
        t->kind == TraceKind::azure ? traffic::TraceFormat::azure : traffic::TraceFormat::mooncake,
        t->path, options);
    traffic::read_trace(*reader);
  }
}

bool reads_file(const ScenarioSpec& spec) {
  return std::holds_alternative<DatasetSource>(spec.source) ||
         std::holds_alternative<TraceSource>(spec.source);
}

DispatchPlan prepare_file_scenario(RequestFactory& f, const ScenarioSpec& spec,
                                   PromptCalibration& cal, SourceRecord& record, double time_scale) {
  cal = PromptCalibration{};
  record = SourceRecord{};
  const int calls_before = f.counter.calls();
  const auto* dataset = std::get_if<DatasetSource>(&spec.source);
  const auto* trace = std::get_if<TraceSource>(&spec.source);
  std::vector<Planned> rows;
  if (dataset != nullptr) {
    record.kind = kind_name(dataset->kind);
    record.path = dataset->path;
    if (dataset->sample) {
      record.sample = *dataset->sample;
      record.seed = dataset->seed;
    }
    record.max_input_len = dataset->max_input_len;
    record.output_len = dataset->output_len;
    rows = dataset->kind == DatasetKind::jsonl ? jsonl_rows(f, *dataset, f.params, record)
                                               : sharegpt_rows(f, *dataset, f.params, record);
  } else {
    record.kind = kind_name(trace->kind);
    record.path = trace->path;
    record.speedup = trace->speedup;
    if (trace->max_requests) record.max_requests = *trace->max_requests;
    if (trace->kind == TraceKind::mooncake) record.block_tokens = trace->block_tokens;
    rows = trace_rows(f, *trace, f.params, record);
  }
  if (rows.empty()) {
    throw UsageError(
        fmt::format("scenario {}: {} has no row the server can take (skipped: {}); "
                    "check max_input_len and the server's max_model_len",
                    spec.name, record.path, nlohmann::json(record.skipped).dump()));
  }
  if (dataset != nullptr && spec.requests > 0) {
    check_requests(spec, record.path, rows.size());
    rows.resize(static_cast<std::size_t>(spec.requests));
  }
  const int n = static_cast<int>(rows.size());
  std::vector<double> arrivals;
  if (dataset != nullptr && spec.load == LoadShape::rate) {
    ScenarioSpec sized = spec;  // as many arrivals as rows, at the rate or along the ramp
    sized.requests = n;
    arrivals = rate_arrivals(sized, f.seed ^ std::hash<std::string>{}(spec.name));
  } else if (trace != nullptr) {  // a trace is a rate load at its own timestamps
    for (const Planned& p : rows) arrivals.push_back(p.arrival_ms / 1000.0 / trace->speedup);
  }
  DispatchPlan plan;
  std::vector<int64_t> targets, prepared, outputs;
  for (int i = 0; i < n; ++i) {
    Planned& p = rows[static_cast<std::size_t>(i)];
    PreparedRequest r = scenario_request(f, spec, i, arrivals, time_scale);
    r.row = p.row;
    r.body = std::move(p.body);
    r.input_tokens_target = p.input_target;
    r.output_tokens_target = p.output;
    targets.push_back(p.input_target);
    prepared.push_back(p.input_prepared);
    outputs.push_back(p.output);
    cal.max_error_pct =
        std::max(cal.max_error_pct, 100.0 * std::abs(double(p.input_prepared - p.input_target)) /
                                        double(p.input_target));
    plan.requests.push_back(std::move(r));
  }
  plan.max_in_flight =
      trace != nullptr || spec.load == LoadShape::rate ? spec.max_concurrency : spec.concurrency;
  record.rows_used = static_cast<uint64_t>(n);
  for (const auto& [reason, count] : record.skipped) record.rows_skipped += count;
  record.input_tokens_target = length_range(targets);
  record.input_tokens_prepared = length_range(prepared);
  record.output_tokens_target = length_range(outputs);
  cal.method = f.counter.method();
  cal.min_tokens = record.input_tokens_prepared.min;
  cal.max_tokens = record.input_tokens_prepared.max;
  cal.tokenizer_calls = f.counter.calls() - calls_before;
  return plan;
}

}  // namespace sonde
