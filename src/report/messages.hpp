#pragma once
// Every sentence of the Markdown report, one catalogue per language (messages_ko.cpp,
// messages_en.cpp). Formatting code only picks and fills these: each field's type declares the
// named placeholders ({name}) its sentence takes, checked in every language at compile time (see
// util/message.hpp), so a translation may reorder them freely but not misspell or drop one.
#include "report/lang.hpp"
#include "util/message.hpp"

namespace sonde::report {

struct Messages {
  // Header
  Text title;                              // H1 title
  Message<"profile", "speed"> sim_banner;  // bold line for simulated runs
  Message<"url"> sim_detected;             // note: a --base-url target said it is sonde's simulator
  Message<"reason"> incomplete;            // the run did not finish
  // The run failed closed (analysis/validity.hpp): a note naming each invalid scenario and why
  Message<"list"> invalid_banner;
  Message<"name", "failed", "total"> invalid_no_success;  // one scenario: no request succeeded
  Message<"name", "pct", "max"> invalid_too_many;  // one scenario: failed share above the limit
  Message<"run_id", "started", "finished", "version"> run_meta;
  // Warnings (a section before 1, only when there is something to say)
  Text warn_heading;
  Message<"list"> warn_prefix;  // scenarios with a prefix-cache hit rate above 1 %
  Message<"name", "rate", "hits", "queries"> warn_prefix_item;
  Message<"name", "rate"> warn_prefix_intended;            // a repeat_prompt scenario, on purpose
  Message<"name", "expected", "rate"> warn_prefix_shared;  // a shared_prefix scenario
  Message<"name", "expected", "rate"> warn_prefix_trace;   // a Mooncake trace's shared hash ids
  Message<"name", "rate"> warn_prefix_conversation;        // a conversation scenario
  Message<"list"> warn_preempt;                            // scenarios with preemptions
  Message<"name", "n"> warn_preempt_item;
  Message<"why"> warn_vram_none;               // no scenario has GPU memory readings
  Message<"list", "why"> warn_vram_some;       // some scenarios lack them
  Text vram_why_no_source;                     // nothing was configured to read GPUs
  Text vram_why_no_gpu;                        // no NVIDIA GPU on the server host
  Text vram_why_remote;                        // the server is remote and no GPU source was given
  Message<"source"> vram_why_no_reading;       // the source answered nothing
  Message<"failed", "error"> vram_last_error;  // appended to the above
  Text hint_gpu_url;                           // how to read a remote server's GPUs
  Text warn_metrics_none;                      // /metrics was never read
  Message<"list"> warn_metrics_some;
  Message<"list"> warn_reset;  // counters went backwards
  // 1. Environment
  Text env_heading;
  Text env_cpu;
  Text env_ram;
  Text env_gpu;
  Text env_vram;
  Text env_gpu_count;
  Text env_os;
  Text env_cuda;
  Text env_driver;
  Text env_vllm;
  Text env_model;
  Text env_max_model_len;
  Text env_tp;
  Text env_quant;
  Text env_chunked;
  Text env_target;                   // label of the target URL line
  Text not_recorded;                 // value of a field nothing measured yet
  Message<"profile"> simulated_gpu;  // GPU line of a simulated run
  Message<"model", "cores", "threads", "arch"> env_cpu_line;
  Message<"name", "kernel"> env_os_line;
  Text env_client_suffix;                          // appended to values read on the client host
  Text gpu_none;                                   // no NVIDIA GPU was found
  Message<"gpus", "profile"> simulated_gpu_named;  // GPU line of a simulated run
  Message<"gib"> vram_per_gpu;
  Message<"version"> cuda_line;         // the driver's CUDA version, not the toolkit's
  Text sim_na;                          // a field a simulator does not have
  Text value_none;                      // a setting whose value is None
  Text env_note_client;                 // the environment was read on the client host
  Text env_hint_no_env;                 // run.json has no environment record
  Text env_hint_gpu;                    // how GPU fields get filled
  Text env_hint_settings;               // how vLLM settings get recorded
  Text settings_intro;                  // lead-in of the settings table
  Text settings_header;                 // table header row
  Message<"values"> settings_conflict;  // sources disagree
  Text src_simulator;                   // source labels of the settings table
  Text src_launched;
  Text src_suite;
  Text src_cache_config;
  Message<"endpoint", "ignore_eos", "warmup", "corpus", "seed", "timeout"> conditions;
  Message<"transport", "threads", "cpu", "scenario", "backlog"> client_line;
  Text on;
  Text off;
  // 2. Summary per input length
  Text sum_heading;
  Text sum_intro;
  Text sum_header;  // table header row
  Text sum_none;    // no scenario qualifies
  Message<"completed", "total"> note_ok;
  Message<"n", "kinds"> note_failed;
  Message<"n"> note_mismatch;
  Text server_note;  // what the VRAM and server-side columns are (printed once)
  // The goodput column of sections 2 and 3, only under --goodput (analysis/goodput.hpp)
  Message<"slos"> goodput_header;
  Message<"pct", "good", "total", "rate"> goodput_cell;
  // The energy column of sections 2 and 3, only when a scenario has an energy record
  // (docs/metrics.md "Energy"), and the note under the table naming its sources
  Text energy_header;
  Message<"jpt", "power"> energy_cell;
  Message<"sources"> energy_note;
  // 3. Concurrency
  Text conc_heading;
  Text conc_intro;
  Text conc_header;
  Text conc_none;
  Message<"rate", "max"> rate_cell;
  Message<"rate"> rate_cell_unbounded;
  Message<"name", "e2el_mean", "e2el_p99", "ttft_p99", "queue_max"> rate_corrected;
  // A scenario whose streams carried reasoning (docs/metrics.md "Reasoning models")
  Message<"name", "ttfo_p50", "ttfo_p99", "ttft_p50", "tokens_p50", "tokens_p99"> reasoning_line;
  // A scenario served with speculative decoding (docs/metrics.md "Speculative decoding")
  Message<"name", "rate", "length", "drafts", "itl", "tpot"> spec_decode_line;
  // How a scenario loaded the server, in sentences
  Message<"len"> case_len;
  Message<"c"> case_conc;
  Message<"rate"> case_rate;
  Message<"speedup"> case_trace;  // a trace replayed at its own timestamps / speedup
  // A conversation scenario's figures per turn (stats/turn_summary.hpp), after the table
  Message<"name", "users", "turns", "think"> turns_intro;
  Text turns_header;  // table header row
  // 4. Chunked prefill
  Text chunk_heading;
  Text chunk_text;
  Text chunk_header;
  // 5. Conclusions
  Text concl_heading;
  Message<"from_len", "to_len", "from_ttft", "to_ttft", "slope", "r2", "n"> concl_ttft;
  Text concl_ttft_missing;
  Message<"min", "max", "tpot_min", "tpot_max"> concl_decode;
  Message<"c_from", "c_to", "tput_from", "tput_to", "tput_x", "lat_from", "lat_to", "lat_x",
          "dec_from", "dec_to">
      concl_conc;
  Text concl_conc_missing;
  Message<"total"> concl_no_failures;
  Message<"failed", "total", "details"> concl_failures;
  Message<"n", "details"> concl_mismatch;
  Message<"max_err", "methods"> concl_calibration;
  Text concl_sim;
  Message<"name", "case", "ttft", "queue", "queue_pct", "prefill", "prefill_pct", "rest"> concl_ttft_split;
  Message<"max", "max_name", "max_case", "running", "waiting", "min", "min_name", "min_case"> concl_kv;
  Message<"max", "max_name", "max_case", "running", "waiting"> concl_kv_one;
  Message<"blocks", "block_size", "tokens"> concl_kv_capacity;
  Message<"n", "list"> concl_preempt;
  Message<"prompt", "generated", "n"> concl_tokens_equal;
  Message<"prompt", "client_prompt", "generated", "client_generated", "n"> concl_tokens_differ;
  Message<"min", "max", "total", "pct", "n"> concl_vram;
  Message<"peak", "total", "pct", "name"> concl_vram_one;
  Message<"util", "reserve"> concl_vram_reserve;
  // ---- report.html and its charts (html.cpp, charts.cpp) ----
  Text html_contents;          // heading of the table of contents
  Text chart_breakdown_title;  // stacked bars: TTFT + decode per input length
  Text chart_breakdown_caption;
  Text chart_ttft_len_title;  // TTFT vs input length
  Text chart_tpot_len_title;  // TPOT vs input length
  Text chart_len_caption;
  Text chart_tput_conc_title;  // output throughput vs concurrency
  Text chart_lat_conc_title;   // E2E latency vs concurrency
  Text chart_conc_caption;
  Text chart_cdf_len_title;   // TTFT CDF of the input-length scenarios
  Text chart_cdf_conc_title;  // TTFT CDF of the concurrency scenarios
  Text chart_cdf_caption;
  Text chart_cdf_missing;  // no per-request records to draw the CDF from
  Text chart_mem_title;    // GPU memory used over time
  Text chart_kv_title;     // KV-cache usage over time
  Text chart_mem_caption;
  Text chart_mem_missing;  // the run has telemetry but no telemetry.jsonl was given
  Text chart_power_title;  // GPU power draw over time
  Text chart_power_caption;
  Text chart_chunk_title;  // chunked prefill ON vs OFF latency per input length
  Text chart_chunk_caption;
  Text chart_turn_title;  // TTFT by turn of the conversation scenarios
  Text chart_turn_caption;
  Text axis_input_len;    // x axis: input length (tokens)
  Text axis_concurrency;  // x axis: concurrency
  Text axis_turn;         // x axis: turn of a conversation
  Text axis_latency_s;    // y axis: latency (s)
  Text axis_ttft_ms;      // TTFT (ms)
  Text axis_tpot_ms;      // TPOT (ms)
  Text axis_tput;         // output throughput (tok/s)
  Text axis_fraction;     // CDF y axis: share of requests
  Text axis_elapsed_s;    // time since the run started (s)
  Text axis_gpu_mem_gib;  // GPU memory used (GiB)
  Text axis_kv_usage;     // KV-cache usage (%)
  Text axis_power_w;      // GPU power (W)
  Text series_ttft;       // stacked-bar part: time to first token
  Text series_decode;     // stacked-bar part: decode
  Text series_mean;       // statistic names in legends
  Text series_p99;
  Text series_p50;
  Text series_p90;
  Text series_p50_hit;          // conversation turns: p50 of the requests served prefix-cache hits
  Text series_p50_miss;         // ... and of those served none
  Message<"index"> series_gpu;  // one GPU's line
  Text series_kv;               // the KV-cache line
  Message<"n"> cat_tokens;      // category label of an input length
  // ---- end of report.html block ----
  // Capacity (`sonde capacity` runs only; docs/metrics.md "Capacity")
  Text cap_heading;
  Text cap_method;  // how the search works and what attainment means
  // The answer, verified: load (with unit), target %, slos, output tok/s, bracket, probe count
  Message<"load", "target", "slos", "tps", "lo", "hi", "n"> cap_found;
  Message<"load", "target", "slos"> cap_at_max;         // the highest allowed load passed
  Message<"load", "pct", "target", "slos"> cap_lowest;  // the lowest load already failed
  Message<"n"> cap_aborted;                             // server gone or interrupted
  Text cap_header;                                      // the probes table
  Text cap_pass;                                        // verdict cells
  Text cap_fail;
  Text cap_saturated;
  Text cap_repeat;                // appended to the verdict of a verification repeat
  Message<"rate"> cap_load_rate;  // a load in req/s
  Message<"n"> cap_load_conc;     // a concurrency level
  Text chart_cap_att_title;       // attainment vs load
  Text chart_cap_lat_title;       // TTFT / TPOT p90 vs load
  Text chart_cap_caption;
  Text axis_rate;          // x axis: request rate (req/s)
  Text axis_attainment;    // y axis: SLO attainment
  Text axis_latency_ms;    // y axis: latency (ms)
  Text series_attainment;  // the measured attainment line
  Text series_ttft_p90;
  Text series_tpot_p90;
  Message<"pct"> guide_target;        // the target line
  Message<"load"> guide_capacity;     // the answer line
  Message<"metric", "ms"> guide_slo;  // an SLO line
};

const Messages& messages(Lang lang);
const Messages& messages_ko();
const Messages& messages_en();

}  // namespace sonde::report
