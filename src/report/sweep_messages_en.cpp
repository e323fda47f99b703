// English catalogue of the sweep report (--lang en).
#include "report/sweep_messages.hpp"

namespace sonde {

const SweepMessages& sweep_messages_en() {
  static const SweepMessages m{
      .title = "vLLM settings sweep report",
      .simulated =
          "**These figures come from sonde's built-in simulator, not a real GPU (simulator ran "
          "{speed}x faster; times converted back to simulated-GPU time).**",
      .predicted =
          "**Predicted from a fitted simulator profile (`{file}`), not measured: every point ran "
          "on `sonde sim --profile-file {file}` (`sonde sweep --predict`).**",
      .meta = "Sweep file `{file}` · started {started} · finished {finished} · {points} points",
      .incomplete = "⚠️ The sweep did not finish: {reason}.",
      .points_heading = "1. Points",
      .points_header = "| Point | Settings | Status | KV cache (tokens) | Max concurrency | Note |",
      .failures_heading = "2. Failed points",
      .results_heading = "3. Results per scenario",
      .results_header =
          "| Point | Settings | Run | TTFT mean (ms) | TTFT p99 (ms) | TPOT mean (ms) | ITL p99 "
          "(ms) | E2E mean (s) | Output (tok/s) |",
      .chunked_heading = "4. Chunked prefill comparison",
      .chunked_header =
          "| Scenario | Input length | A(ON) latency (s) | B(OFF) latency (s) | Speed-up | TTFT ON "
          "/ OFF (ms) | ITL p99 ON / OFF (ms) |",
      .chunked_missing =
          "No successful points with chunked prefill both on and off: nothing to compare.",
      .chunked_note =
          "ON/OFF values are mean E2E latencies over every successful point and repeat with that "
          "setting; after ± comes the largest deviation of a repeat from its point's mean. "
          "Speed-up = (OFF − ON) ÷ OFF. A **bold** value is a difference larger than the sweep's "
          "run-to-run spread (the mean of (max − min) ÷ mean over every repeated point and "
          "scenario), a real difference; ≈ marks a difference within that spread (noise). The "
          "conclusions use the same rule.",
      .axis_heading = "Effect of `--{flag}`",
      .axis_metric_heading = "{metric}",
      .axis_header_first = "| Scenario | Input length",
      .axis_delta = "{value} vs {first}",
      .spread_note =
          "Each cell is the mean over successful points and repeats with that value; after ± comes "
          "the largest deviation of a repeat from its point's mean. Changes are relative to the "
          "first value; a **bold** change is larger than the sweep's run-to-run spread of that "
          "metric (the mean of (max − min) ÷ mean over every repeated point and scenario), ≈ marks "
          "a change within it (noise). The conclusions use the same rule.",
      .no_repeats_note =
          "Every point of this sweep was measured once (`runs: 1`), so the run-to-run spread is "
          "unknown and no difference is told apart from noise. Set `runs: 3` in the sweep file to "
          "compare with spreads.",
      .within_spread = "≈",
      .conclusions_heading = "5. Conclusions",
      .concl_none = "No conclusions can be drawn from this sweep.",
      .metric_ttft_mean = "TTFT mean (ms)",
      .metric_ttft_p99 = "TTFT p99 (ms)",
      .metric_tpot_mean = "TPOT mean (ms)",
      .metric_itl_p99 = "ITL p99 (ms)",
      .metric_e2e_mean = "E2E latency mean (s)",
      .metric_output_tput = "Output throughput (tok/s)",
      .html_contents = "Contents",
      .chart_axis_title = "{metric} by --{flag}",
      .chart_axis_caption =
          "Each scenario's figures against `--{flag}` (hover a point for its value).",
      .chart_chunked_title = "Chunked prefill ON/OFF: {metric}",
      .chart_chunked_caption =
          "Chunked prefill ON vs OFF per input length (means over successful points and repeats).",
      .chart_heatmap_title = "{metric} — {scenario}",
      .chart_heatmap_caption =
          "Values per `--{x}` × `--{y}` combination (darker is better; empty cells were not "
          "measured).",
      .axis_input_len = "Input length (tokens)",
      .cat_tokens = "{n} tok",
      .on = "ON",
      .off = "OFF",
      .cap_heading = "Capacity per GPU",
      .cap_intro =
          "A point's capacity is the highest request rate at which at least {target} % of "
          "requests met `{slos}` in the steady state (the search of `sonde capacity`, in "
          "`points/<point>/capacity/`). GPUs = tensor-parallel-size × pipeline-parallel-size; "
          "tokens/s per user = 1000 ÷ TPOT p50 at the capacity, the speed one user's stream "
          "sees. Points are ranked by capacity per GPU; ◆ marks the Pareto frontier of output "
          "tokens/s per GPU against tokens/s per user (no other point beats it on both).",
      .cap_header =
          "| Rank | Point | Settings | GPUs | Capacity (req/s) | Per GPU (req/s) | Output per GPU "
          "(tok/s) | Tokens/s per user | TPOT p50 (ms) | Frontier | Note |",
      .cap_frontier = "◆",
      .cap_recommended = "**recommended**",
      .cap_runner_up = "runner-up",
      .cap_off_frontier = "off the frontier",
      .cap_at_max = "the highest load allowed (max_rate) met the SLOs: capacity is at least this",
      .cap_lowest_fails = "no load met the SLOs (lowest probe: {pct} % attainment)",
      .cap_aborted = "the search stopped before an answer",
      .cap_not_measured = "not measured",
      .chart_pareto_title = "Throughput per GPU against interactivity",
      .chart_pareto_caption =
          "Every point with a capacity; the Pareto frontier (points no other beats on both axes) "
          "is highlighted and connected. Up is more output per GPU, right is faster streams per "
          "user.",
      .axis_tokens_per_user = "Tokens/s per user (1000 ÷ TPOT p50)",
      .axis_tokens_per_gpu = "Output tokens/s per GPU",
      .series_points = "Points",
      .series_frontier = "Pareto frontier",
  };
  return m;
}

}  // namespace sonde
