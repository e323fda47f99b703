// English catalogue of the conclusions engine (--lang en).
#include "report/findings_messages.hpp"

namespace sonde::report {

const FindingMessages& finding_messages_en() {
  static const FindingMessages m{
      .title_largest_effect = "Which setting mattered most",
      .title_memory_limit = "GPU memory limit",
      .title_bandwidth_bound = "Throughput against the model's size",
      .title_chunked_prefill = "Whether chunked prefill helped",
      .title_mnbt = "Whether max_num_batched_tokens needs tuning",
      .title_recommendation = "Recommended settings",
      .evidence_label = "Evidence",
      .confidence_label = "Confidence",
      .not_measured = "Not measured: {what}",
      .need_sweep =
          "this needs results at several settings; run a sweep, e.g. "
          "`sonde sweep examples/sweep-sim.yaml`.",
      .need_chunked =
          "this needs points with chunked prefill ON and OFF; run a sweep with "
          "`enable-chunked-prefill: [true, false]`, e.g. "
          "`sonde sweep examples/sweep-sim.yaml`.",
      .need_mnbt =
          "this needs points that differ only in `--max-num-batched-tokens` (two values "
          "or more, chunked prefill on), e.g. `sonde sweep examples/sweep-sim.yaml`.",
      .need_recommend =
          "a recommendation compares settings; run a sweep, e.g. "
          "`sonde sweep examples/sweep-sim.yaml`, with `--goal "
          "throughput|latency|balanced`.",
      .need_ok_points =
          "no sweep point ran to the end; see the failed points and their log "
          "excerpts.",
      .need_kv =
          "the KV cache size is unknown: sonde reads it from vLLM's /metrics "
          "(`vllm:cache_config_info`) or, for servers that `sonde sweep` launches, from "
          "the start-up log.",
      .need_bandwidth =
          "the memory bandwidth of the GPU ({gpu}) is unknown; pass "
          "`--gpu-bandwidth-gbs` (e.g. 3350 for an H100 SXM).",
      .need_params =
          "the parameter count of the model ({model}) is unknown; pass "
          "`--model-params` in billions (e.g. 8 for Llama-3.1-8B).",
      .need_decode = "no decode speed was measured; run scenarios with `output_len` above 1.",
      .conf_spread =
          "change {effect} against a run-to-run spread of {spread} ({runs} runs per "
          "point): {verdict}.",
      .conf_strong = "strong",
      .conf_weak = "weak (above the spread, but less than twice it)",
      .conf_noise = "within run-to-run noise",
      .conf_no_repeats =
          "low: one run per point, so the run-to-run spread is unknown (changes "
          "under {floor} are not counted); set `runs: 3` in the sweep file to "
          "measure it.",
      .effect_text =
          "{metric}: `{flag}` changed it most, by {effect} on average over {n} "
          "comparisons; the largest in `{scenario}`: {low_value} at {low} vs "
          "{high_value} at {high}.",
      .effect_better = "`{flag}={value}` was better in {wins} of {n} comparisons.",
      .effect_higher_better = "The higher `{flag}` was better in {wins} of {n} comparisons.",
      .effect_lower_better = "The lower `{flag}` was better in {wins} of {n} comparisons.",
      .effect_mixed =
          "Which value is better depends on the scenario (`{flag}={value}` won {wins} "
          "of {n} comparisons).",
      .effect_next = "Next: `{flag}` ({effect}).",
      .effect_none =
          "{metric}: no setting changed it clearly; the largest change, {effect} on "
          "average with `{flag}`, is within noise.",
      .effect_evidence =
          "points compared {pairs} (other settings equal, or as close as the "
          "sweep allows); their values in the results-per-scenario tables.",
      .mem_capacity =
          "The KV cache holds {tokens} tokens ({source}): room for {c1k} requests of "
          "1k tokens at once, {c3k} of 3k, {c6k} of 6k and {c10k} of 10k (prompt + "
          "output, in whole blocks).",
      .mem_group =
          "{points}: KV cache {tokens} tokens ({source}), room for {c1k} requests of 1k "
          "tokens at once, {c3k} of 3k, {c6k} of 6k and {c10k} of 10k.",
      .mem_source_startup = "vLLM's start-up log",
      .mem_source_cache = "{blocks} blocks × {block_size} tokens, `vllm:cache_config_info`",
      .mem_server_line =
          "vLLM's own start-up line says {x}x for {n} tokens per request, i.e. "
          "{x10k} at 10k tokens; the KV cache size gives {ours}x for {n} "
          "(difference {diff}).",
      .mem_longest =
          "The run's longest request, `{name}` ({tokens} tokens), fits {c} times at "
          "once.",
      .mem_peak =
          "Observed KV cache usage peaked at {peak} in `{name}` ({running} running, "
          "{waiting} waiting).",
      .mem_preempt_none = "No request was preempted.",
      .mem_preempt =
          "vLLM preempted {n} request(s) ({list}): the KV cache ran out of free "
          "blocks.",
      .mem_failed = "{n} point(s) did not start for lack of GPU memory: {list}.",
      .mem_evidence_run =
          "settings `num-gpu-blocks` and `block-size` in section 1; KV cache peak "
          "and preemption columns in section 3.",
      .mem_evidence_sweep =
          "KV cache and max concurrency columns of the points table; "
          "server-side KV cache peaks in each point's run.json; the failed "
          "points' log excerpts.",
      .mem_conf_agree = "high: the KV cache size and vLLM's concurrency line agree within {diff}.",
      .mem_conf_differ = "check: the KV cache size and vLLM's concurrency line differ by {diff}.",
      .mem_conf_one = "high: vLLM's own figures (one source).",
      .mem_conf_peak_only = "observed usage only; the capacity is not known.",
      .bw_text =
          "Per-stream decode in `{name}` (concurrency {c}) ran at {tok_s} tok/s, {eff} of "
          "the memory-bandwidth bound of {bound} tok/s ({bw} GB/s ÷ {weights} GB of "
          "weights per GPU at tensor-parallel-size {tp}).",
      .bw_aggregate =
          "In total, `{name}` reached {tput} tok/s at concurrency {c}, {agg_eff} of "
          "{c} × the bound ({agg_bound} tok/s).",
      .bw_range =
          "Across {n} points, per-stream decode reached {min_eff} to {max_eff} of the "
          "bound (lowest {min_point}, highest {max_point}).",
      .bw_above =
          "That is above the bound: check the figures (`--gpu-bandwidth-gbs`, "
          "`--model-params`; a mixture-of-experts model reads only its active experts).",
      .bw_close =
          "Decode is memory-bandwidth bound, as expected for this model size: more "
          "tokens/s per stream needs fewer weight bytes (quantization) or more GPUs; "
          "more in total needs larger batches.",
      .bw_below =
          "That is well below the bound: per-step overheads (scheduling, CPU, small "
          "kernels, tensor-parallel communication) weigh more than the weight reads.",
      .bw_evidence =
          "{gpu}: {bw} GB/s ({bw_source}); {model}: {params} B parameters "
          "({params_source}) × {bpp} bytes ({bpp_source}); per-request decode "
          "speeds (decode tok/s p50) of the scenario named.",
      .bw_src_flag = "from the flag",
      .bw_src_profile = "built-in profile",
      .bw_conf =
          "moderate: the bound counts weight reads only (not KV cache reads or compute), "
          "so long contexts and big batches lower the share one can reach.",
      .chunk_helped = "ON helped: {list}.",
      .chunk_hurt = "ON hurt: {list}.",
      .chunk_neutral = "No clear change in {list}.",
      .chunk_nothing = "Turning chunked prefill on or off changed nothing beyond noise.",
      .chunk_item = "`{name}` ({len} tok) {metric} {change} (OFF {off} → ON {on})",
      .chunk_evidence =
          "points compared {pairs}; section 4 (chunked prefill ON/OFF) of the sweep "
          "report.",
      .mnbt_raise =
          "Raising `--max-num-batched-tokens` from {lo} to {hi} paid off: TTFT of "
          "prompts longer than {lo} tokens {ttft}, ITL p99 of concurrent streams {itl}, "
          "output tok/s {tput}. Use {hi} or more.",
      .mnbt_lower =
          "Raising `--max-num-batched-tokens` from {lo} to {hi} did not pay off: TTFT "
          "of long prompts {ttft}, ITL p99 of concurrent streams {itl}, output tok/s "
          "{tput}. Keep it at {lo}.",
      .mnbt_tradeoff =
          "A trade-off: raising `--max-num-batched-tokens` from {lo} to {hi} changed "
          "the TTFT of prompts longer than {lo} tokens by {ttft} but the ITL p99 of "
          "streams decoding meanwhile by {itl} (output tok/s {tput}). Raise it when "
          "long-prompt TTFT matters most; keep {lo} when smooth streaming does.",
      .mnbt_none =
          "No tuning needed: between {lo} and {hi}, TTFT of long prompts ({ttft}), ITL "
          "p99 ({itl}) and output tok/s ({tput}) changed no more than noise.",
      .mnbt_evidence =
          "points that differ only in the budget: {pairs}; {long} long-prompt and "
          "{busy} concurrent comparisons; the `max-num-batched-tokens` table of the "
          "sweep report.",
      .goal_throughput = "throughput (the highest mean output tok/s at the highest concurrency)",
      .goal_latency =
          "latency (the lowest TTFT p99 and TPOT p99, relative to the best point of "
          "each scenario)",
      .goal_balanced =
          "a balance of throughput and latency (output tok/s, TTFT p99 and TPOT p99, "
          "each relative to the best point of each scenario)",
      .rec_text = "For {goal}, use {point} (`{settings}`): {figures}.",
      .rec_runner_up = "Runner-up: {point} (`{settings}`), {margin} behind.",
      .rec_alone = "It is the only point measured, so there is no runner-up.",
      .rec_slo_pass = "{passed} of {total} points meet {slos}.",
      .rec_slo_none = "None of the {total} points meets {slos}; the closest is shown.",
      .rec_figures =
          "{tput} tok/s at concurrency {c}, TTFT p99 {ttft} ms and TPOT p99 {tpot} ms "
          "in its worst scenario",
      .rec_evidence =
          "scores, best first: {scores}; the values per point in the "
          "results-per-scenario tables.",
      .rec_conf_margin = "margin {margin} against a run-to-run spread of {spread}: {verdict}.",
      .rec_conf_no_repeats =
          "low: a margin of {margin} with one run per point (the run-to-run "
          "spread is unknown; set `runs: 3` in the sweep file).",
      .rec_cap_text =
          "Recommended: {point} (`{settings}`), the point on the Pareto frontier within the SLOs "
          "with the most capacity per GPU: {cpg} req/s per GPU ({tpg} output tok/s per GPU, "
          "{tpu} tok/s per user).",
      .rec_cap_less =
          "Runner-up: {point} (`{settings}`), also on the frontier: {cpg} less capacity per GPU "
          "for {tpu} more tokens/s per user; choose it when users need faster streams.",
      .rec_cap_off =
          "Runner-up: {point} (`{settings}`), within the SLOs but off the frontier: {by} gives "
          "more output tok/s per GPU and more tok/s per user.",
      .rec_cap_miss =
          "Runner-up: {point} (`{settings}`) is passed over: at its capacity it misses {slos}.",
      .rec_cap_alone = "No other point has a capacity to compare with.",
      .rec_cap_none =
          "No point's capacity is within the SLOs ({slos}); loosen them or try other settings.",
      .rec_cap_none_measured =
          "No point has a capacity: no load met the capacity block's SLOs at any point, or no "
          "point was measured.",
      .rec_cap_evidence =
          "capacity per GPU, best first: {ranking}; Pareto frontier: {frontier} (section "
          "\"Capacity per GPU\" and sweep.json `capacity`).",
      .rec_cap_conf =
          "capacity-per-GPU margin {margin} against the search's 10 % resolution: {verdict}.",
      .conf_cap_clear = "a clear lead",
      .conf_cap_tie = "within the resolution, a tie",
  };
  return m;
}

}  // namespace sonde::report
