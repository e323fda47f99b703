// English catalogue of the traffic-sources section (--lang en).
#include "report/traffic_messages.hpp"

namespace sonde::report {

const TrafficMessages& traffic_messages_en() {
  static const TrafficMessages m{
      .heading = "Traffic sources",
      .intro =
          "Scenarios whose requests came from a dataset, a trace or shared prefixes: the lengths "
          "asked for against what the server counted, the prefix-cache hit rate three ways "
          "(what the prompts promise, vLLM's counters, and the per-request `cached_tokens`), and "
          "what the cache hits bought in time to first token.",
      .scenario_heading = "`{name}` ({kind})",
      .file_line = "File `{path}`: {used} rows used, {skipped} skipped.",
      .shared_line =
          "{groups} groups of {per_group} requests; each group's prefix is {prefix_min}–"
          "{prefix_max} tokens (server-counted).",
      .input_line = "Input tokens: asked for {target}, counted by the server {sent}.",
      .output_line = "Output tokens: asked for {target}, counted by the server {counted}.",
      .input_line_no_records =
          "Input tokens asked for: {target} (the server's counts need requests.jsonl).",
      .lengths_triple = "Lengths are given as min / p50 / max.",
      .cache_line =
          "Prefix-cache hit rate (cached share of prompt tokens): expected {expected}; vLLM's "
          "counters {server}; per-request `cached_tokens` {per_request}.",
      .cache_server = "{rate} ({hits} of {queries} tokens)",
      .cache_per_request = "{rate} ({cached} tokens over {n} requests)",
      .cache_no_expectation =
          "This source's prompts promise no sharing, so sonde expects nothing of the cache.",
      .cache_agree =
          "The per-request `cached_tokens` add up to vLLM's prefix-cache hits exactly ({hits} "
          "tokens).",
      .cache_differ =
          "vLLM counted {hits} prefix-cache hit tokens, the requests reported {cached}: requests "
          "that failed before their usage arrived, or other clients of the server, make the "
          "difference.",
      .cache_no_details =
          "The server sent no `usage.prompt_tokens_details.cached_tokens`, so hits per request "
          "are unknown: start vLLM with `--enable-prompt-tokens-details`.",
      .cache_no_records =
          "The per-request figures need the run's requests.jsonl, which was not available to "
          "this report.",
      .lag_line =
          "Replay schedule lag (start − intended start): p50 {p50} ms, p99 {p99} ms, max {max} "
          "ms over {n} requests.",
      .lag_cap =
          "{late} request(s) started more than 10 ms late: {at_cap} found all {cap} slots of the "
          "scenario's `max_concurrency` taken at their intended start (the trace asked for more "
          "requests at once than the cap allows), {own} did not (the client's own delay).",
      .lag_own =
          "{late} request(s) started more than 10 ms late with no concurrency cap to wait for: the "
          "client fell behind the trace's schedule (section 1 gives its own CPU use and receive "
          "backlog).",
      .bought =
          "What the sharing bought: the {n_with} requests served prefix-cache hits (median "
          "{cached} cached tokens, prompts of median {in_with} tokens) had a TTFT p50 of {with} "
          "ms, against {without} ms for the {n_without} without hits (prompts of median "
          "{in_without} tokens): {change}.",
      .bought_too_few =
          "Too few requests to say what the sharing bought: {n_with} with prefix-cache hits and "
          "{n_without} without (at least {min} each are needed).",
      .bought_unknown =
          "What the sharing bought is not claimed: without per-request `cached_tokens` the "
          "requests with cache hits cannot be told from the others.",
      .bought_unknown_some =
          "{n} successful requests carried no `cached_tokens` and are in neither group (vLLM up "
          "to about 0.11 leaves it out when nothing was cached).",
      .concl_bought =
          "In `{name}`, requests served prefix-cache hits reached their first token {change} "
          "(TTFT p50 {with} ms over {n_with} requests against {without} ms over {n_without} "
          "without hits).",
      .faster = "{pct}% faster",
      .slower = "{pct}% slower",
      .chart_len_caption =
          "`{name}`: how many requests asked for each prompt (left) and output (right) length, "
          "beside the lengths the server counted.",
      .chart_input_title = "Input length",
      .chart_output_title = "Output length",
      .axis_tokens = "Tokens",
      .axis_requests = "Requests",
      .series_target = "asked for",
      .series_sent = "counted (sent)",
      .series_counted = "counted",
      .chart_timeline_caption =
          "`{name}` over time, in bins of {bin} s from its first arrival: requests arriving and "
          "completing per second (left) and output tokens per second (right). Completions that "
          "fall behind arrivals mean the server is queueing.",
      .chart_latency_caption =
          "`{name}`: median TTFT and E2E latency of the requests sent in each {bin}-second bin; "
          "a rise follows a burst of arrivals or long prompts.",
      .chart_rate_title = "Arrivals and completions",
      .chart_tput_title = "Output throughput",
      .chart_latency_title = "Latency over time (p50)",
      .axis_elapsed_s = "Time since the first arrival (s)",
      .axis_req_s = "Requests per second",
      .axis_tok_s = "Output tokens per second",
      .axis_ms = "Latency (ms)",
      .series_arrivals = "arrivals",
      .series_completions = "completions",
      .series_ttft_p50 = "TTFT p50",
      .series_e2el_p50 = "E2E p50",
      .chart_hits_caption =
          "`{name}`: TTFT of the successful requests with prefix-cache hits and without, as "
          "cumulative shares; the curve further left is faster.",
      .chart_hits_title = "TTFT with and without prefix-cache hits",
      .axis_ttft_ms = "TTFT (ms)",
      .axis_fraction = "Share of requests",
      .series_with_hits = "with hits",
      .series_without_hits = "without hits",
  };
  return m;
}

}  // namespace sonde::report
