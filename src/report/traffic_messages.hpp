#pragma once
// The sentences of the run report's traffic-sources section (report/traffic_section.cpp) and
// its charts, one catalogue per language (traffic_messages_ko.cpp, traffic_messages_en.cpp).
// Each field's type declares its named placeholders, checked in both languages at compile time
// (see util/message.hpp).
#include "report/lang.hpp"
#include "util/message.hpp"

namespace sonde::report {

struct TrafficMessages {
  Text heading;                                  // the section's heading
  Text intro;                                    // what the section shows
  Message<"name", "kind"> scenario_heading;      // one scenario that read a source
  Message<"path", "used", "skipped"> file_line;  // a dataset or trace file and its rows
  Message<"groups", "per_group", "prefix_min", "prefix_max"> shared_line;  // shared_prefix
  Message<"target", "sent"> input_line;      // prompt lengths asked for vs counted
  Message<"target", "counted"> output_line;  // output lengths asked for vs counted
  Message<"target"> input_line_no_records;   // only the asked-for side is known
  Text lengths_triple;                       // what "min / p50 / max" in the lines means
  // Prefix-cache hit rate, three ways (docs/metrics.md "Prefix cache")
  Message<"expected", "server", "per_request"> cache_line;
  Message<"rate", "hits", "queries"> cache_server;   // the server's counters
  Message<"rate", "cached", "n"> cache_per_request;  // the per-request cached_tokens
  Text cache_no_expectation;    // this source's prompts promise no sharing: no expectation
  Message<"hits"> cache_agree;  // the per-request sum equals the server's hits
  Message<"hits", "cached"> cache_differ;      // they differ
  Text cache_no_details;                       // the server sent no cached_tokens: how to get them
  Text cache_no_records;                       // requests.jsonl was not available
  Message<"p50", "p99", "max", "n"> lag_line;  // a trace's schedule lag
  // Why requests started late: the scenario's max_concurrency, or the client itself
  Message<"late", "at_cap", "cap", "own"> lag_cap;
  Message<"late"> lag_own;
  // What the sharing bought: TTFT with prefix-cache hits against without
  Message<"with", "n_with", "cached", "in_with", "without", "n_without", "in_without", "change"> bought;
  Message<"n_with", "n_without", "min"> bought_too_few;  // a group is too small to compare
  Text bought_unknown;                                   // no cached_tokens: nothing claimed
  Message<"n"> bought_unknown_some;  // some successful requests carried no cached_tokens
  Message<"name", "change", "with", "n_with", "without", "n_without"> concl_bought;
  Message<"pct"> faster;  // {change} when the requests with hits were faster
  Message<"pct"> slower;  // ... slower
  // Charts (report.html)
  Message<"name"> chart_len_caption;
  Text chart_input_title;
  Text chart_output_title;
  Text axis_tokens;    // x axis of the length histograms
  Text axis_requests;  // y axis: requests per bin
  Text series_target;
  Text series_sent;
  Text series_counted;
  Message<"name", "bin"> chart_timeline_caption;  // arrivals, completions and throughput
  Message<"name", "bin"> chart_latency_caption;   // latency medians over time
  Text chart_rate_title;                          // arrivals and completions per second over time
  Text chart_tput_title;                          // output tokens per second over time
  Text chart_latency_title;                       // TTFT and E2E medians over time
  Text axis_elapsed_s;                            // time since the scenario's first arrival (s)
  Text axis_req_s;
  Text axis_tok_s;
  Text axis_ms;
  Text series_arrivals;
  Text series_completions;
  Text series_ttft_p50;
  Text series_e2el_p50;
  Message<"name"> chart_hits_caption;
  Text chart_hits_title;
  Text axis_ttft_ms;
  Text axis_fraction;
  Text series_with_hits;
  Text series_without_hits;
};

const TrafficMessages& traffic_messages(Lang lang);
const TrafficMessages& traffic_messages_ko();
const TrafficMessages& traffic_messages_en();

}  // namespace sonde::report
