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
      .incomplete = "> **The run did not finish**: {reason}. Only the recorded scenarios are "
                    "reported.",
      .run_meta = "Run `{run_id}` · started {started} · finished {finished} · sonde {version}",
      .env_heading = "## 1. Test environment",
      .env_cpu = "CPU",
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
      .env_hint = "_Fields marked “not recorded” are filled in by a later `sonde specs`._",
      .conditions = "Conditions: endpoint `{endpoint}`, ignore_eos {ignore_eos}, {warmup} warm-up "
                    "request(s) (not counted), corpus `{corpus}`, seed {seed}, request timeout "
                    "{timeout} s.",
      .on = "ON",
      .off = "OFF",
      .sum_heading = "## 2. Benchmark summary",
      .sum_intro =
          "Scenarios per input length (closed loop, one request at a time). Latency is the mean "
          "end-to-end time from sending the request to the end of the stream. Tokens/sec "
          "“decode” is the generation speed of one stream ((output tokens − 1) ÷ decode time); "
          "“E2E” is the seed script's figure (output tokens ÷ E2E time), which includes prefill. "
          "TTFT is measured to the first text chunk; TPOT is decode time ÷ (output tokens − 1).",
      .sum_header = "| Case | Input length (target / measured mean) | Latency E2E mean (s) | "
                    "Tokens/sec decode / E2E | TTFT mean / p50 (ms) | TPOT mean (ms) | "
                    "Decode time mean (s) | GPU VRAM | Notes |",
      .sum_none = "This run has no per-input-length scenarios (closed loop, one request at a "
                  "time).",
      .note_ok = "{completed}/{total} ok",
      .note_failed = "{n} failed ({kinds})",
      .note_mismatch = "{n} output-length mismatch(es)",
      .vram_note =
          "GPU VRAM is not measured yet (—). Note: vLLM reserves "
          "`gpu_memory_utilization × VRAM` at start-up, so VRAM use barely moves during a run; "
          "what fills with load is the KV cache.",
      .conc_heading = "## 3. Concurrency results",
      .conc_intro =
          "Scenarios with burst load (c requests at once, the next batch when all have finished), "
          "rate load (open loop, Poisson arrivals at R req/s) or concurrency above 1. Latency is "
          "each request's E2E time; throughputs are over the scenario's duration (first send → "
          "last completion).",
      .conc_header = "| Concurrency | Scenario (load) | Input / output tokens | Mean latency (s) | "
                     "Max latency (s) | Min latency (s) | Output throughput (tok/s) | "
                     "Request throughput (req/s) | TTFT p50 / p99 (ms) | Failed |",
      .conc_none = "This run has no concurrency scenarios.",
      .rate_cell = "{rate} req/s (max {max})",
      .rate_cell_unbounded = "{rate} req/s",
      .rate_corrected =
          "`{name}`: measured from the intended send time (corrected for coordinated omission), "
          "E2E mean {e2el_mean} s, p99 {e2el_p99} s, TTFT p99 {ttft_p99} ms; the client held "
          "requests back by at most {queue_max} ms.",
      .chunk_heading = "## 4. Chunked prefill comparison",
      .chunk_text =
          "This run measured one server with one configuration, so there is no ON/OFF "
          "comparison. To compare, vary the setting with `sonde sweep` (coming), or measure a "
          "server with chunked prefill on and one with it off, each with `sonde run`.",
      .chunk_header = "| Input length | A (ON) latency | B (OFF) latency | Speed-up |",
      .concl_heading = "## 5. Conclusions",
      .concl_ttft =
          "As the input grows from {from_len} to {to_len} tokens, mean TTFT goes from "
          "{from_ttft} to {to_ttft} ms. A least-squares line gives {slope} ms more TTFT per 1k "
          "input tokens (R² = {r2}, {n} cases).",
      .concl_ttft_missing = "Fewer than two input lengths were measured, so TTFT growth with "
                            "input length is not computed.",
      .concl_decode = "Across the input-length scenarios one stream decodes at {min}–{max} tok/s "
                      "(mean TPOT {tpot_min}–{tpot_max} ms).",
      .concl_conc =
          "From concurrency {c_from} to {c_to}, output throughput goes from {tput_from} to "
          "{tput_to} tok/s (×{tput_x}), mean E2E latency from {lat_from} to {lat_to} s "
          "(×{lat_x}), and per-stream decode speed from {dec_from} to {dec_to} tok/s.",
      .concl_conc_missing = "Fewer than two concurrency levels were measured, so the effect of "
                            "concurrency is not computed.",
      .concl_no_failures = "No request failed (all {total} measured requests succeeded).",
      .concl_failures = "{failed} of {total} measured requests failed: {details}. Failed "
                        "requests are excluded from the latency statistics.",
      .concl_mismatch = "{n} response(s) returned a different number of output tokens than "
                        "requested: {details}.",
      .concl_calibration = "Input token counts are within {max_err}% of their targets "
                           "(calibrated by: {methods}).",
      .concl_sim = "These figures are the simulator's, not measurements of a real GPU.",
      .concl_pending =
          "The template's remaining items (GPU memory limits, the effect of chunked prefill, "
          "changes with `--max-num-batched-tokens` and `--tensor-parallel-size`, recommended "
          "settings) need GPU memory sampling and a settings sweep, which this report does not "
          "have.",
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
      .chart_chunk_title = "Chunked prefill ON vs OFF",
      .chart_chunk_caption = "Mean E2E latency per input length with chunked prefill on and off.",
      .axis_input_len = "Input length (tokens)",
      .axis_concurrency = "Concurrency (requests at once)",
      .axis_latency_s = "Latency (s)",
      .axis_ttft_ms = "TTFT (ms)",
      .axis_tpot_ms = "TPOT (ms)",
      .axis_tput = "Output throughput (tok/s)",
      .axis_fraction = "Share of requests",
      .axis_elapsed_s = "Time since start (s)",
      .axis_gpu_mem_gib = "GPU memory used (GiB)",
      .axis_kv_usage = "KV-cache usage",
      .series_ttft = "TTFT",
      .series_decode = "Decode",
      .series_mean = "mean",
      .series_p99 = "p99",
      .cat_tokens = "{n} tok",
      // ---- end of report.html block ----
  };
  return m;
}

}  // namespace sonde::report
