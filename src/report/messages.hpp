#pragma once
// Every sentence of the Markdown report, one catalogue per language (messages_ko.cpp,
// messages_en.cpp). Formatting code only picks and fills these: placeholders are fmt named
// arguments ({name}), so a translation may reorder them freely.
#include "report/lang.hpp"

namespace sonde::report {

struct Messages {
  // Header
  const char* title;              // H1 title
  const char* sim_banner;         // {profile} {speed}: bold line for simulated runs
  const char* incomplete;         // {reason}: the run did not finish
  const char* run_meta;           // {run_id} {started} {finished} {version}
  // Warnings (a section before 1, only when there is something to say)
  const char* warn_heading;
  const char* warn_prefix;        // {list}: scenarios with a prefix-cache hit rate above 1 %
  const char* warn_prefix_item;   // {name} {rate} {hits} {queries}
  const char* warn_prefix_intended;  // {name} {rate}: a repeat_prompt scenario, on purpose
  const char* warn_preempt;       // {list}: scenarios with preemptions
  const char* warn_preempt_item;  // {name} {n}
  const char* warn_vram_none;     // {why}: no scenario has GPU memory readings
  const char* warn_vram_some;     // {list} {why}: some scenarios lack them
  const char* vram_why_no_source; // nothing was configured to read GPUs
  const char* vram_why_no_gpu;    // no NVIDIA GPU on the server host
  const char* vram_why_remote;    // the server is remote and no GPU source was given
  const char* vram_why_no_reading;  // {source}: the source answered nothing
  const char* vram_last_error;    // {failed} {error}: appended to the above
  const char* hint_gpu_url;       // how to read a remote server's GPUs
  const char* warn_metrics_none;  // /metrics was never read
  const char* warn_metrics_some;  // {list}
  const char* warn_reset;         // {list}: counters went backwards
  // 1. Environment
  const char* env_heading;
  const char* env_cpu;
  const char* env_ram;
  const char* env_gpu;
  const char* env_vram;
  const char* env_gpu_count;
  const char* env_os;
  const char* env_cuda;
  const char* env_driver;
  const char* env_vllm;
  const char* env_model;
  const char* env_max_model_len;
  const char* env_tp;
  const char* env_quant;
  const char* env_chunked;
  const char* env_target;         // label of the target URL line
  const char* not_recorded;       // value of a field nothing measured yet
  const char* simulated_gpu;      // {profile}: GPU line of a simulated run
  const char* env_cpu_line;       // {model} {cores} {threads} {arch}
  const char* env_os_line;        // {name} {kernel}
  const char* env_client_suffix;  // appended to values read on the client host
  const char* gpu_none;           // no NVIDIA GPU was found
  const char* simulated_gpu_named;  // {gpus} {profile}: GPU line of a simulated run
  const char* vram_per_gpu;       // {gib}
  const char* cuda_line;          // {version}: the driver's CUDA version, not the toolkit's
  const char* sim_na;             // a field a simulator does not have
  const char* value_none;         // a setting whose value is None
  const char* env_note_client;    // the environment was read on the client host
  const char* env_hint_no_env;    // run.json has no environment record
  const char* env_hint_gpu;       // how GPU fields get filled
  const char* env_hint_settings;  // how vLLM settings get recorded
  const char* settings_intro;     // lead-in of the settings table
  const char* settings_header;    // table header row
  const char* settings_conflict;  // {values}: sources disagree
  const char* src_simulator;      // source labels of the settings table
  const char* src_launched;
  const char* src_suite;
  const char* src_cache_config;
  const char* conditions;         // {endpoint} {ignore_eos} {warmup} {corpus} {seed} {timeout}
  const char* client_line;        // {transport} {threads} {cpu} {scenario} {backlog}
  const char* on;
  const char* off;
  // 2. Summary per input length
  const char* sum_heading;
  const char* sum_intro;
  const char* sum_header;         // table header row
  const char* sum_none;           // no scenario qualifies
  const char* note_ok;            // {completed} {total}
  const char* note_failed;        // {n} {kinds}
  const char* note_mismatch;      // {n}
  const char* server_note;        // what the VRAM and server-side columns are (printed once)
  // 3. Concurrency
  const char* conc_heading;
  const char* conc_intro;
  const char* conc_header;
  const char* conc_none;
  const char* rate_cell;          // {rate} {max}
  const char* rate_cell_unbounded;  // {rate}
  const char* rate_corrected;     // {name} {e2el_mean} {e2el_p99} {ttft_p99} {queue_max}
  // How a scenario loaded the server, in sentences
  const char* case_len;           // {len}
  const char* case_conc;          // {c}
  const char* case_rate;          // {rate}
  // 4. Chunked prefill
  const char* chunk_heading;
  const char* chunk_text;
  const char* chunk_header;
  // 5. Conclusions
  const char* concl_heading;
  const char* concl_ttft;         // {from_len} {to_len} {from_ttft} {to_ttft} {slope} {r2} {n}
  const char* concl_ttft_missing;
  const char* concl_decode;       // {min} {max} {tpot_min} {tpot_max}
  const char* concl_conc;         // {c_from} {c_to} {tput_from} {tput_to} {tput_x} {lat_from}
                                  // {lat_to} {lat_x} {dec_from} {dec_to}
  const char* concl_conc_missing;
  const char* concl_no_failures;  // {total}
  const char* concl_failures;     // {failed} {total} {details}
  const char* concl_mismatch;     // {n} {details}
  const char* concl_calibration;  // {max_err} {methods}
  const char* concl_sim;
  const char* concl_ttft_split;   // {name} {case} {ttft} {queue} {queue_pct} {prefill}
                                  // {prefill_pct} {rest}
  const char* concl_kv;           // {max} {max_name} {max_case} {running} {waiting} {min}
                                  // {min_name} {min_case}
  const char* concl_kv_one;       // {max} {max_name} {max_case} {running} {waiting}
  const char* concl_kv_capacity;  // {blocks} {block_size} {tokens}
  const char* concl_preempt;      // {n} {list}
  const char* concl_tokens_equal;  // {prompt} {generated} {n}
  const char* concl_tokens_differ; // {prompt} {client_prompt} {generated} {client_generated} {n}
  const char* concl_vram;         // {min} {max} {total} {pct} {n}
  const char* concl_vram_one;     // {peak} {total} {pct} {name}
  const char* concl_vram_reserve; // {util} {reserve}
  // ---- report.html and its charts (html.cpp, charts.cpp) ----
  const char* html_contents;          // heading of the table of contents
  const char* chart_breakdown_title;  // stacked bars: TTFT + decode per input length
  const char* chart_breakdown_caption;
  const char* chart_ttft_len_title;   // TTFT vs input length
  const char* chart_tpot_len_title;   // TPOT vs input length
  const char* chart_len_caption;
  const char* chart_tput_conc_title;  // output throughput vs concurrency
  const char* chart_lat_conc_title;   // E2E latency vs concurrency
  const char* chart_conc_caption;
  const char* chart_cdf_len_title;    // TTFT CDF of the input-length scenarios
  const char* chart_cdf_conc_title;   // TTFT CDF of the concurrency scenarios
  const char* chart_cdf_caption;
  const char* chart_cdf_missing;      // no per-request records to draw the CDF from
  const char* chart_mem_title;        // GPU memory used over time
  const char* chart_kv_title;         // KV-cache usage over time
  const char* chart_mem_caption;
  const char* chart_mem_missing;      // the run has telemetry but no telemetry.jsonl was given
  const char* chart_chunk_title;      // chunked prefill ON vs OFF latency per input length
  const char* chart_chunk_caption;
  const char* axis_input_len;         // x axis: input length (tokens)
  const char* axis_concurrency;       // x axis: concurrency
  const char* axis_latency_s;         // y axis: latency (s)
  const char* axis_ttft_ms;           // TTFT (ms)
  const char* axis_tpot_ms;           // TPOT (ms)
  const char* axis_tput;              // output throughput (tok/s)
  const char* axis_fraction;          // CDF y axis: share of requests
  const char* axis_elapsed_s;         // time since the run started (s)
  const char* axis_gpu_mem_gib;       // GPU memory used (GiB)
  const char* axis_kv_usage;          // KV-cache usage (%)
  const char* series_ttft;            // stacked-bar part: time to first token
  const char* series_decode;          // stacked-bar part: decode
  const char* series_mean;            // statistic names in legends
  const char* series_p99;
  const char* series_gpu;             // {index}: one GPU's line
  const char* series_kv;              // the KV-cache line
  const char* cat_tokens;             // {n}: category label of an input length
  // ---- end of report.html block ----
};

const Messages& messages(Lang lang);
const Messages& messages_ko();
const Messages& messages_en();

}  // namespace sonde::report
