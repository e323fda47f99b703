// English catalogue (--lang en).
#include "report/messages.hpp"

namespace sonde::report {

const Messages& messages_en() {
  static const Messages m{
      .title = "vLLM performance report",
      .sim_banner =
          "**These figures come from sonde's built-in simulator (profile: {profile}), not from a "
          "real GPU. The simulator ran {speed}× faster than real time; every time was converted "
          "back to simulated-GPU time.**",
      .sim_detected =
          "The server at `{url}` was measured with `--base-url`, but it identified itself as "
          "`sonde sim` (its `x-sonde-sim` header): its times were converted exactly as "
          "`--sim` converts them, and nothing here describes a real GPU.",
      .incomplete =
          "**The run did not finish**: {reason}. Only the recorded scenarios are "
          "reported.",
      .invalid_banner =
          "**Not a valid measurement**: {list}. Their figures are shown but are not the server's "
          "performance; fix the failures first (`--max-failed-pct 100` accepts such runs).",
      .invalid_no_success = "`{name}`: no request succeeded ({failed} of {total} failed)",
      .invalid_too_many = "`{name}`: {pct}% of requests failed, above `--max-failed-pct` {max}%",
      .run_meta = "Run `{run_id}` · started {started} · finished {finished} · sonde {version}",
      .warn_heading = "Warnings",
      .warn_prefix =
          "vLLM served part of the prompts from its prefix cache (hit rate above 1%): {list}. "
          "Cached prompt tokens skip prefill, so TTFT and throughput there may be flattered.",
      .warn_prefix_item = "`{name}` {rate} ({hits} of {queries} prompt tokens)",
      .warn_prefix_intended =
          "`{name}` repeats one prompt on purpose (`repeat_prompt: true`): its prefix-cache hit "
          "rate of {rate} shows prefix caching at work.",
      .warn_prefix_shared =
          "`{name}` shares prompt prefixes on purpose (`shared_prefix`): expected prefix-cache "
          "hit rate {expected}, measured by the server {rate}.",
      .warn_prefix_trace =
          "`{name}` replays a Mooncake trace whose hash ids share prompt prefixes: expected "
          "prefix-cache hit rate {expected}, measured by the server {rate}.",
      .warn_prefix_conversation =
          "`{name}` sends each conversation's history again on purpose (`conversation`): its "
          "prefix-cache hit rate of {rate} is the history the server did not recompute.",
      .warn_preempt =
          "vLLM preempted requests: {list}. A preempted request gave up its KV-cache blocks and "
          "is recomputed later, which adds to its latency.",
      .warn_preempt_item = "`{name}` {n}",
      .warn_vram_none = "GPU memory (VRAM) was not measured: {why}.",
      .warn_vram_some = "GPU memory (VRAM) readings are missing for {list}: {why}.",
      .vram_why_no_source = "no GPU source was available to sonde",
      .vram_why_no_gpu = "no NVIDIA GPU was found on the server host",
      .vram_why_remote = "the server is on another host, and no GPU source for it was given",
      .vram_why_no_reading = "the GPU source (`{source}`) returned no readings",
      .vram_last_error = " ({failed} failed reads; last error: {error})",
      .hint_gpu_url =
          "For a server on another host, give sonde its DCGM exporter: "
          "`--gpu-metrics-url http://<server>:9400/metrics`.",
      .warn_metrics_none =
          "vLLM's `/metrics` was not read, so the server-side columns (queue, prefill, decode, "
          "KV cache, preemptions) are empty (—). vLLM serves `/metrics` by default; check that "
          "sonde can reach it.",
      .warn_metrics_some =
          "vLLM's `/metrics` was not read for {list}; their server-side columns "
          "are empty (—).",
      .warn_reset =
          "vLLM's counters went backwards during {list} (did the server restart?): "
          "the server-side figures there may include work done before the scenario.",
      .env_heading = "1. Test environment",
      .env_cpu = "CPU",
      .env_ram = "RAM",
      .env_gpu = "GPU",
      .env_vram = "VRAM",
      .env_gpu_count = "GPU count",
      .env_os = "OS",
      .env_cuda = "CUDA",
      .env_driver = "Driver",
      .env_vllm = "vLLM version",
      .env_model = "Model",
      .env_max_model_len = "Max context length (max_model_len)",
      .env_tp = "Tensor parallel",
      .env_quant = "Quantization",
      .env_chunked = "Chunked prefill",
      .env_target = "Target server",
      .not_recorded = "not recorded",
      .simulated_gpu = "simulated ({profile})",
      .env_cpu_line = "{model} ({cores} cores / {threads} threads, {arch})",
      .env_os_line = "{name} (kernel {kernel})",
      .env_client_suffix = " _(client host)_",
      .gpu_none = "no NVIDIA GPU found",
      .simulated_gpu_named = "{gpus}, simulated ({profile})",
      .vram_per_gpu = "{gib} GiB per GPU",
      .cuda_line = "{version} (the newest CUDA the driver supports)",
      .sim_na = "n/a (simulated)",
      .value_none = "none",
      .env_note_client =
          "_The server is on another host: CPU, RAM and OS above describe the client host (the "
          "machine that ran sonde), not the server._",
      .env_hint_no_env =
          "_This run.json has no environment record; `sonde specs` on the server "
          "host prints one._",
      .env_hint_gpu =
          "_GPU fields come from NVML or `nvidia-smi` when the server runs on the "
          "same host as sonde, otherwise from its DCGM exporter: "
          "`--gpu-metrics-url http://<server>:9400/metrics`._",
      .env_hint_settings =
          "_vLLM settings of a server sonde did not start are known only when given: "
          "`sonde run --server-args \"--tensor-parallel-size 2 --enable-chunked-prefill ...\"` "
          "(the server's own flags), or a `server:` block in the suite YAML._",
      .settings_intro = "vLLM settings sonde knows, and where each value came from:",
      .settings_header = "| Setting | Value | Source |",
      .settings_conflict = "**{values}** (sources disagree, see Warnings)",
      .src_simulator = "simulator",
      .src_launched = "launched by sonde",
      .src_suite = "suite YAML `server:`",
      .src_cache_config = "`/metrics` cache_config_info",
      .conditions =
          "Conditions: endpoint `{endpoint}`, ignore_eos {ignore_eos}, {warmup} warm-up "
          "request(s) (not counted), corpus `{corpus}`, seed {seed}, request timeout "
          "{timeout} s.",
      .client_line =
          "Measuring client: sonde, {transport} transport, {threads} event-loop "
          "thread(s); its own CPU peaked at {cpu} % of them (scenario `{scenario}`), "
          "its receive backlog at {backlog} ms.",
      .on = "ON",
      .off = "OFF",
      .sum_heading = "2. Benchmark summary",
      .sum_intro =
          "Scenarios per input length (closed loop, one request at a time). Latency is the mean "
          "end-to-end time from sending the request to the end of the stream. Tokens/sec "
          "“decode” is the generation speed of one stream ((output tokens − 1) ÷ decode time); "
          "“E2E” is the seed script's figure (output tokens ÷ E2E time), which includes prefill. "
          "TTFT is measured to the first text chunk; TPOT is decode time ÷ (output tokens − 1).",
      .sum_header =
          "| Case | Input length (target / measured mean) | Latency E2E mean (s) | "
          "Tokens/sec decode / E2E | TTFT mean / p50 (ms) | Server queue / prefill "
          "mean (ms) | TPOT mean (ms) | Decode time mean client / server (s) | "
          "KV cache peak | GPU VRAM peak / total (GiB) | Notes |",
      .sum_none =
          "This run has no per-input-length scenarios (closed loop, one request at a "
          "time).",
      .note_ok = "{completed}/{total} ok",
      .note_failed = "{n} failed ({kinds})",
      .note_mismatch = "{n} output-length mismatch(es)",
      .server_note =
          "Server-side columns are vLLM's own view, from its `/metrics` histograms over the "
          "scenario: queue = waiting to be scheduled, prefill = scheduled → first token, "
          "decode = first token → last token. KV cache peak is the highest "
          "`kv_cache_usage_perc` sampled during the scenario. GPU VRAM is the peak memory in "
          "use on the busiest GPU / its total. Note: vLLM reserves "
          "`gpu_memory_utilization × VRAM` at start-up, so VRAM use barely moves during a run; "
          "what fills with load is the KV cache.",
      .goodput_header = "Goodput `{slos}`: met / req/s",
      .goodput_cell = "{pct}% ({good}/{total}) · {rate}",
      .energy_header = "GPU J/token (mean W)",
      .energy_cell = "{jpt} ({power} W)",
      .energy_note =
          "GPU J/token is the energy all GPUs drew during the scenario (counter difference "
          "between its first and last reading, or power integrated over time where there is no "
          "counter) divided by the output tokens of its successful requests; mean W is that "
          "energy over the same window. Read from: {sources}.",
      .conc_heading = "3. Concurrency results",
      .conc_intro =
          "Scenarios with burst load (c requests at once, the next batch when all have finished), "
          "rate load (open loop, Poisson arrivals at R req/s) or concurrency above 1. Latency is "
          "each request's E2E time; throughputs are over the scenario's duration (first send → "
          "last completion).",
      .conc_header =
          "| Concurrency | Scenario (load) | Input / output tokens | Mean latency (s) | "
          "Max latency (s) | Min latency (s) | Output throughput (tok/s) | "
          "Request throughput (req/s) | TTFT p50 / p99 (ms) | Server queue / "
          "prefill mean (ms) | KV cache peak | Waiting peak | Preemptions | "
          "GPU VRAM peak / total (GiB) | Failed |",
      .conc_none = "This run has no concurrency scenarios.",
      .rate_cell = "{rate} req/s (max {max})",
      .rate_cell_unbounded = "{rate} req/s",
      .rate_corrected =
          "`{name}`: measured from the intended send time (corrected for coordinated omission), "
          "E2E mean {e2el_mean} s, p99 {e2el_p99} s, TTFT p99 {ttft_p99} ms; the client held "
          "requests back by at most {queue_max} ms.",
      .reasoning_line =
          "`{name}` reasons before it answers: TTFO (time to the first answer token) p50 "
          "{ttfo_p50} ms, p99 {ttfo_p99} ms, against TTFT p50 {ttft_p50} ms; reasoning tokens "
          "p50 {tokens_p50}, p99 {tokens_p99} (part of the output tokens).",
      .spec_decode_line =
          "`{name}` ran with speculative decoding: {rate}% of draft tokens were accepted, "
          "{length} tokens per verification step on average ({drafts} drafts). A stream chunk "
          "then carries several tokens, so ITL is measured per chunk and TPOT per token: ITL "
          "p50 {itl} ms against TPOT p50 {tpot} ms.",
      .case_len = "{len}-token input, one request at a time",
      .case_conc = "concurrency {c}",
      .case_rate = "{rate} req/s",
      .case_trace = "trace replay x{speedup}",
      .turns_intro =
          "`{name}` is {users} conversations of {turns} turns each ({think} s to think between a "
          "reply and the next message). Turn k sends the whole history, every earlier message and "
          "reply, so its input grows turn by turn while the server's prefix cache can serve the "
          "part it has seen:",
      .turns_header =
          "| Turn | Requests (ok / sent) | Mean input tokens | Mean cached tokens | "
          "TTFT p50 / p90 / p99 (ms) | TTFT p50 with / without cache hits (ms) | TPOT p50 (ms) |",
      .chunk_heading = "4. Chunked prefill comparison",
      .chunk_text =
          "This run measured one server with one configuration, so there is no ON/OFF "
          "comparison. To compare, vary the setting with `sonde sweep` (a sweep file listing both "
          "settings), or measure a "
          "server with chunked prefill on and one with it off, each with `sonde run`.",
      .chunk_header = "| Input length | A (ON) latency | B (OFF) latency | Speed-up |",
      .concl_heading = "5. Conclusions",
      .concl_ttft =
          "As the input grows from {from_len} to {to_len} tokens, mean TTFT goes from "
          "{from_ttft} to {to_ttft} ms. A least-squares line gives {slope} ms more TTFT per 1k "
          "input tokens (R² = {r2}, {n} cases).",
      .concl_ttft_missing =
          "Fewer than two input lengths were measured, so TTFT growth with "
          "input length is not computed.",
      .concl_decode =
          "Across the input-length scenarios one stream decodes at {min}–{max} tok/s "
          "(mean TPOT {tpot_min}–{tpot_max} ms).",
      .concl_conc =
          "From concurrency {c_from} to {c_to}, output throughput goes from {tput_from} to "
          "{tput_to} tok/s (×{tput_x}), mean E2E latency from {lat_from} to {lat_to} s "
          "(×{lat_x}), and per-stream decode speed from {dec_from} to {dec_to} tok/s.",
      .concl_conc_missing =
          "Fewer than two concurrency levels were measured, so the effect of "
          "concurrency is not computed.",
      .concl_no_failures = "No request failed (all {total} measured requests succeeded).",
      .concl_failures =
          "{failed} of {total} measured requests failed: {details}. Failed "
          "requests are excluded from the latency statistics.",
      .concl_mismatch =
          "{n} response(s) returned a different number of output tokens than "
          "requested: {details}.",
      .concl_calibration =
          "Input token counts are within {max_err}% of their targets "
          "(calibrated by: {methods}).",
      .concl_sim = "These figures are the simulator's, not measurements of a real GPU.",
      .concl_ttft_split =
          "Of the client's mean TTFT in `{name}` ({case}: {ttft} ms), vLLM counted {queue} ms "
          "({queue_pct}) waiting in its queue and {prefill} ms ({prefill_pct}) in prefill; the "
          "remaining {rest} ms lies outside those two timers (HTTP, tokenisation, network).",
      .concl_kv =
          "vLLM's KV-cache usage peaked at {max} in `{max_name}` ({max_case}; at most {running} "
          "requests running and {waiting} waiting), against {min} in `{min_name}` ({min_case}).",
      .concl_kv_one =
          "vLLM's KV-cache usage peaked at {max} in `{max_name}` ({max_case}; at "
          "most {running} requests running and {waiting} waiting).",
      .concl_kv_capacity =
          "The KV cache holds {blocks} blocks × {block_size} tokens = {tokens} "
          "tokens.",
      .concl_preempt =
          "vLLM preempted {n} request(s) in all ({list}): it does so when the KV "
          "cache has no free block for a running request.",
      .concl_tokens_equal =
          "vLLM's own token counters ({prompt} prompt, {generated} generated tokens over {n} "
          "scenarios) equal the client's usage totals exactly.",
      .concl_tokens_differ =
          "vLLM's own token counters over {n} scenarios ({prompt} prompt, {generated} generated) "
          "differ from the client's usage totals ({client_prompt} prompt, {client_generated} "
          "generated): failed requests, or other clients of the server, may account for the "
          "difference.",
      .concl_vram =
          "Peak GPU memory in use ranged from {min} to {max} GiB of {total} GiB "
          "({pct} at most) across {n} scenarios.",
      .concl_vram_one =
          "Peak GPU memory in use was {peak} GiB of {total} GiB ({pct}) in "
          "`{name}`.",
      .concl_vram_reserve =
          "With gpu-memory-utilization {util}, vLLM reserves {reserve} GiB "
          "per GPU at start-up.",
      // ---- report.html and its charts (html.cpp, charts.cpp) ----
      .html_contents = "Contents",
      .chart_breakdown_title = "Where the time goes, per input length",
      .chart_breakdown_caption =
          "Mean TTFT (prefill and queueing) and mean decode time of one request, stacked; the "
          "total above each bar is close to the mean E2E latency.",
      .chart_ttft_len_title = "TTFT vs input length",
      .chart_tpot_len_title = "TPOT vs input length",
      .chart_len_caption =
          "Left: time to first token grows with the prompt (prefill). Right: time per output "
          "token, which should barely move with input length for one stream.",
      .chart_tput_conc_title = "Output throughput vs concurrency",
      .chart_lat_conc_title = "E2E latency vs concurrency",
      .chart_conc_caption =
          "Left: output tokens per second across all requests. Right: end-to-end latency per "
          "request. Throughput that stops growing while latency keeps rising marks saturation.",
      .chart_cdf_len_title = "TTFT distribution per input length",
      .chart_cdf_conc_title = "TTFT distribution per scenario",
      .chart_cdf_caption =
          "Cumulative share of successful requests whose TTFT is at most the x value; a curve "
          "further right is slower, a flat stretch is a gap between groups of requests.",
      .chart_cdf_missing =
          "The TTFT distribution needs the per-request records (requests.jsonl), which were not "
          "available to this report.",
      .chart_mem_title = "GPU memory used over time",
      .chart_kv_title = "KV-cache usage over time",
      .chart_mem_caption =
          "GPU memory stays near the amount vLLM reserved at start-up; the KV cache is what fills "
          "with load.",
      .chart_mem_missing =
          "The GPU-memory and KV-cache charts over time need the run's "
          "telemetry.jsonl, which was not available to this report.",
      .chart_power_title = "GPU power over time",
      .chart_power_caption =
          "Power each GPU drew while the scenarios ran; the area under a line is the energy "
          "that the J/token column divides by the output tokens.",
      .chart_chunk_title = "Chunked prefill ON vs OFF",
      .chart_chunk_caption = "Mean E2E latency per input length with chunked prefill on and off.",
      .chart_turn_title = "TTFT by conversation turn",
      .chart_turn_caption =
          "Time to first token of each turn of the conversation scenarios. Later turns carry "
          "longer histories; with prefix caching the server computes only what it has not seen "
          "(the last reply and the new message), so TTFT grows far less than the input does. Where "
          "the server reported cached tokens, two more lines give each turn's p50 over the "
          "requests served prefix-cache hits and over those served none.",
      .axis_input_len = "Input length (tokens)",
      .axis_concurrency = "Concurrency (requests at once)",
      .axis_turn = "Turn",
      .axis_latency_s = "Latency (s)",
      .axis_ttft_ms = "TTFT (ms)",
      .axis_tpot_ms = "TPOT (ms)",
      .axis_tput = "Output throughput (tok/s)",
      .axis_fraction = "Share of requests",
      .axis_elapsed_s = "Time since start (s)",
      .axis_gpu_mem_gib = "GPU memory used (GiB)",
      .axis_kv_usage = "KV-cache usage",
      .axis_power_w = "GPU power (W)",
      .series_ttft = "TTFT",
      .series_decode = "Decode",
      .series_mean = "mean",
      .series_p99 = "p99",
      .series_p50 = "p50",
      .series_p90 = "p90",
      .series_p50_hit = "p50, prefix-cache hit",
      .series_p50_miss = "p50, no hit",
      .series_gpu = "GPU {index}",
      .series_kv = "KV cache",
      .cat_tokens = "{n} tok",
      // ---- end of report.html block ----
      // Capacity
      .cap_heading = "Capacity under SLOs",
      .cap_method =
          "Each probe is an ordinary scenario of this run at one load. Its attainment is the share "
          "of the requests sent in its steady-state window (docs/metrics.md) that succeeded and "
          "met every `--goodput` SLO. The search doubles the load until a probe fails, bisects "
          "between the last pass and the first failure, then repeats the answer once; a probe "
          "whose queue only grows is stopped early as saturated.",
      .cap_found =
          "Capacity: **{load}** — the highest load at which at least {target} % of requests met "
          "`{slos}` in steady state, confirmed by a repeat (output {tps} tok/s there). Bracket "
          "[{lo}, {hi}], {n} probes.",
      .cap_at_max =
          "Every load up to the highest allowed, **{load}**, had at least {target} % of requests "
          "meeting `{slos}`: capacity is at least that (raise `--max-rate` to search higher).",
      .cap_lowest =
          "The lowest load probed, {load}, already failed: {pct} % of requests met `{slos}`, "
          "below the {target} % target. Lower `--start-rate` or loosen `--goodput`.",
      .cap_aborted =
          "The search stopped before an answer (the server stopped answering, or it was "
          "interrupted); the {n} probes measured are below and in capacity.json.",
      .cap_header =
          "| Probe | Load | Attainment (%) | Completed / failed | TTFT p50 / p90 / p99 (ms) | "
          "TPOT p50 / p90 / p99 (ms) | Output throughput (tok/s) | Verdict |",
      .cap_pass = "meets",
      .cap_fail = "fails",
      .cap_saturated = "saturated (queue only grew)",
      .cap_repeat = " (repeat)",
      .cap_load_rate = "{rate} req/s",
      .cap_load_conc = "concurrency {n}",
      .chart_cap_att_title = "SLO attainment vs load",
      .chart_cap_lat_title = "TTFT and TPOT p90 vs load",
      .chart_cap_caption =
          "Each probe's steady-state attainment and latency p90 against its load; dashed lines: "
          "the target, the SLOs and the capacity found.",
      .axis_rate = "Request rate (req/s)",
      .axis_attainment = "SLO attainment",
      .axis_latency_ms = "Latency (ms)",
      .series_attainment = "attainment",
      .series_ttft_p90 = "TTFT p90",
      .series_tpot_p90 = "TPOT p90",
      .guide_target = "target {pct} %",
      .guide_capacity = "capacity {load}",
      .guide_slo = "{metric} SLO {ms} ms",
  };
  return m;
}

}  // namespace sonde::report
