#include "results/vllm_bench.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "results/json_util.hpp"

namespace sonde {
namespace {

using json_detail::number;
using nlohmann::json;

// np.std (ddof = 0) from the sample std we keep (ddof = 1).
double population_std(const Distribution& d) {
  if (d.count == 0) return std::numeric_limits<double>::quiet_NaN();
  if (d.count == 1) return 0;
  const double n = static_cast<double>(d.count);
  return d.std * std::sqrt((n - 1) / n);
}

void put_metric(json& j, const std::string& name, const Distribution& d) {
  j["mean_" + name + "_ms"] = number(d.mean);
  j["median_" + name + "_ms"] = number(d.p50);
  j["std_" + name + "_ms"] = number(population_std(d));
  j["p99_" + name + "_ms"] = number(d.p99);
}

std::string error_text(const RequestRecord& r) {
  if (r.ok) return "";
  if (!r.error) return "unknown";
  const std::string kind = r.error->kind_name();
  return r.error->message.empty() ? kind : kind + ": " + r.error->message;
}

// vLLM's peaks: tokens (one per text chunk, as vLLM counts them) landing in each 1-second
// bucket from the first start, and requests active in each bucket; ok requests only.
struct Peaks {
  double max_output_tokens_per_s = 0;
  int max_concurrent_requests = 0;
};

Peaks peaks(const std::vector<const RequestRecord*>& ok) {
  Peaks p;
  if (ok.empty()) return p;
  double t0 = ok.front()->start_ms, t_end = ok.front()->end_ms;
  for (const RequestRecord* r : ok) {
    t0 = std::min(t0, r->start_ms);
    t_end = std::max(t_end, r->end_ms);
  }
  const auto buckets = static_cast<std::size_t>(std::ceil((t_end - t0) / 1000.0)) + 1;
  std::vector<double> tokens(buckets, 0);
  std::vector<int> active(buckets, 0);
  auto bucket = [&](double ms) { return static_cast<std::size_t>((ms - t0) / 1000.0); };
  for (const RequestRecord* r : ok) {
    if (r->ttft_ms) {
      double t = r->start_ms + *r->ttft_ms;
      if (bucket(t) < buckets) tokens[bucket(t)] += 1;
      for (double gap : r->itl_ms) {
        t += gap;
        if (bucket(t) < buckets) tokens[bucket(t)] += 1;
      }
    }
    for (std::size_t b = bucket(r->start_ms); b <= bucket(r->end_ms) && b < buckets; ++b) {
      ++active[b];
    }
  }
  p.max_output_tokens_per_s = *std::max_element(tokens.begin(), tokens.end());
  p.max_concurrent_requests = *std::max_element(active.begin(), active.end());
  return p;
}

void put_details(json& j, const std::vector<const RequestRecord*>& records) {
  json input_lens = json::array(), output_lens = json::array(), ttfts = json::array(),
       itls = json::array(), texts = json::array(), errors = json::array();
  for (const RequestRecord* r : records) {
    input_lens.push_back(r->input_tokens > 0 ? r->input_tokens : r->input_tokens_target);
    output_lens.push_back(r->ok ? r->output_tokens : 0);
    // vLLM writes 0 for a request that never produced a token; so do we.
    ttfts.push_back(r->ok && r->ttft_ms ? *r->ttft_ms / 1000.0 : 0.0);
    json gaps = json::array();
    if (r->ok) {
      for (double g : r->itl_ms) gaps.push_back(g / 1000.0);
    }
    itls.push_back(std::move(gaps));
    texts.push_back("");  // sonde does not keep generated text
    errors.push_back(error_text(*r));
  }
  j["input_lens"] = std::move(input_lens);
  j["output_lens"] = std::move(output_lens);
  j["ttfts"] = std::move(ttfts);
  j["itls"] = std::move(itls);
  j["generated_texts"] = std::move(texts);
  j["errors"] = std::move(errors);
}

json max_concurrency_of(const ScenarioSpec& spec) {
  if (spec.load != LoadShape::rate) return spec.concurrency;
  return spec.max_concurrency > 0 ? json(spec.max_concurrency) : json(nullptr);
}

}  // namespace

std::string vllm_date(const std::string& iso8601) {
  std::string digits;
  for (char c : iso8601) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  if (digits.size() < 14) return iso8601;
  return digits.substr(0, 8) + "-" + digits.substr(8, 6);
}

json vllm_bench_json(const RunResult& run, const ScenarioResult& scenario,
                     const std::vector<RequestRecord>& records) {
  std::vector<const RequestRecord*> mine, ok;
  for (const RequestRecord& r : records) {
    if (r.scenario != scenario.spec.name) continue;
    mine.push_back(&r);
    if (r.ok) ok.push_back(&r);
  }
  const ScenarioSpec& spec = scenario.spec;
  const ScenarioSummary& s = scenario.summary;
  const std::string backend = run.target.endpoint == "/v1/completions" ? "openai" : "openai-chat";
  json j{{"date", vllm_date(run.started_at)},
         {"endpoint_type", backend},
         {"backend", backend},
         {"label", spec.name},
         {"model_id", run.target.model},
         {"tokenizer_id", run.server.model_root.empty() ? run.target.model : run.server.model_root},
         {"num_prompts", spec.requests},
         // vLLM writes the string "inf" when requests are not paced by a rate.
         {"request_rate", spec.load == LoadShape::rate ? json(spec.request_rate) : json("inf")},
         {"burstiness", 1.0},
         {"max_concurrency", max_concurrency_of(spec)},
         {"duration", number(s.duration_s)},
         {"completed", s.completed},
         {"failed", s.failed},
         {"total_input_tokens", s.total_input_tokens},
         {"total_output_tokens", s.total_output_tokens},
         {"request_throughput", number(s.request_throughput)},
         // vLLM: good requests / duration under --goodput, else None.
         {"request_goodput",
          scenario.goodput ? number(scenario.goodput->request_goodput) : json(nullptr)},
         {"output_throughput", number(s.output_throughput)},
         {"total_token_throughput", number(s.total_token_throughput)}};
  const Peaks p = peaks(ok);
  j["max_output_tokens_per_s"] = p.max_output_tokens_per_s;
  j["max_concurrent_requests"] = p.max_concurrent_requests;
  put_metric(j, "ttft", s.ttft_ms);
  put_metric(j, "tpot", s.tpot_ms);
  put_metric(j, "itl", s.itl_ms);
  put_metric(j, "e2el", s.e2el_ms);
  put_details(j, mine);
  return j;
}

}  // namespace sonde
