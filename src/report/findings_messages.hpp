#pragma once
// Every sentence of the conclusions engine, one catalogue per language
// (findings_messages_ko.cpp, findings_messages_en.cpp). Each field's type declares its named
// placeholders, checked in both languages at compile time (see util/message.hpp).
#include "report/lang.hpp"
#include "util/message.hpp"

namespace sonde::report {

struct FindingMessages {
  // Layout
  Text title_largest_effect;  // the user's template items, as sub-headings
  Text title_memory_limit;
  Text title_bandwidth_bound;
  Text title_chunked_prefill;
  Text title_mnbt;
  Text title_recommendation;
  Text evidence_label;           // before the evidence
  Text confidence_label;         // before the confidence note
  Message<"what"> not_measured;  // what to run to get the figure
  // What to run
  Text need_sweep;                // a sweep over settings (largest effect)
  Text need_chunked;              // ON and OFF points
  Text need_mnbt;                 // >= 2 values with chunked prefill on
  Text need_recommend;            // a sweep, for a recommendation
  Text need_ok_points;            // the sweep has no ok point
  Text need_kv;                   // KV cache size unknown
  Message<"gpu"> need_bandwidth;  // GPU memory bandwidth unknown
  Message<"model"> need_params;   // parameter count unknown
  Text need_decode;               // no decode speed measured
  // Confidence
  Message<"effect", "spread", "runs", "verdict"> conf_spread;
  Text conf_strong;
  Text conf_weak;
  Text conf_noise;
  Message<"floor"> conf_no_repeats;
  // largest_effect
  Message<"metric", "flag", "effect", "n", "scenario", "low", "high", "low_value", "high_value"> effect_text;
  Message<"flag", "value", "wins", "n"> effect_better;  // a two-valued flag
  Message<"flag", "wins", "n"> effect_higher_better;    // more values, the higher won
  Message<"flag", "wins", "n"> effect_lower_better;     // more values, the lower won
  Message<"flag", "value", "wins", "n"> effect_mixed;   // no clear winner
  Message<"flag", "effect"> effect_next;
  Message<"metric", "effect", "flag"> effect_none;  // below the noise floor/spread
  Message<"pairs"> effect_evidence;
  // memory_limit
  Message<"tokens", "source", "c1k", "c3k", "c6k", "c10k"> mem_capacity;
  Message<"points", "tokens", "source", "c1k", "c3k", "c6k", "c10k"> mem_group;
  Text mem_source_startup;                           // "vLLM's start-up log"
  Message<"blocks", "block_size"> mem_source_cache;  // cache_config_info
  Message<"x", "n", "x10k", "ours", "diff"> mem_server_line;
  Message<"name", "tokens", "c"> mem_longest;  // the run's longest request
  Message<"peak", "name", "running", "waiting"> mem_peak;
  Text mem_preempt_none;
  Message<"n", "list"> mem_preempt;
  Message<"n", "list"> mem_failed;  // points that did not start for memory
  Text mem_evidence_run;
  Text mem_evidence_sweep;
  Message<"diff"> mem_conf_agree;  // two sources agree
  Message<"diff"> mem_conf_differ;
  Text mem_conf_one;        // one source
  Text mem_conf_peak_only;  // only the observed peak
  // bandwidth_bound
  Message<"tok_s", "name", "c", "bound", "eff", "bw", "weights", "tp"> bw_text;
  Message<"tput", "name", "c", "agg_bound", "agg_eff"> bw_aggregate;
  Message<"n", "min_eff", "max_eff", "min_point", "max_point"> bw_range;
  Text bw_above;  // verdict: above the bound
  Text bw_close;  // verdict: memory-bandwidth bound, as expected
  Text bw_below;  // verdict: overheads dominate
  Message<"gpu", "bw", "bw_source", "model", "params", "params_source", "bpp", "bpp_source"> bw_evidence;
  Text bw_src_flag;     // the value came from a flag
  Text bw_src_profile;  // from the built-in profile
  Text bw_conf;         // how far to trust the bound
  // chunked_prefill
  Message<"list"> chunk_helped;
  Message<"list"> chunk_hurt;
  Message<"list"> chunk_neutral;
  Text chunk_nothing;  // no change beyond the spread/noise anywhere
  Message<"name", "len", "metric", "change", "off", "on"> chunk_item;
  Message<"pairs"> chunk_evidence;
  // max_num_batched_tokens
  Message<"lo", "hi", "ttft", "itl", "tput"> mnbt_raise;
  Message<"lo", "hi", "ttft", "itl", "tput"> mnbt_lower;
  Message<"lo", "hi", "ttft", "itl", "tput"> mnbt_tradeoff;
  Message<"lo", "hi", "ttft", "itl", "tput"> mnbt_none;
  Message<"pairs", "long", "busy"> mnbt_evidence;
  // recommendation
  Text goal_throughput;  // how the goal is scored
  Text goal_latency;
  Text goal_balanced;
  Message<"goal", "point", "settings", "figures"> rec_text;
  Message<"point", "settings", "margin"> rec_runner_up;
  Text rec_alone;  // no runner-up
  Message<"passed", "total", "slos"> rec_slo_pass;
  Message<"total", "slos"> rec_slo_none;  // nothing passes, closest shown
  Message<"tput", "c", "ttft", "tpot"> rec_figures;
  Message<"scores"> rec_evidence;
  Message<"margin", "spread", "verdict"> rec_conf_margin;
  Message<"margin"> rec_conf_no_repeats;
  // recommendation by capacity (a sweep with a `capacity:` block)
  Message<"point", "settings", "cpg", "tpg", "tpu"> rec_cap_text;
  Message<"point", "settings", "cpg", "tpu"> rec_cap_less;  // runner-up also on the frontier
  Message<"point", "settings", "by"> rec_cap_off;           // runner-up dominated by `by`
  Message<"point", "settings", "slos"> rec_cap_miss;        // runner-up misses --slo bounds
  Text rec_cap_alone;                                       // no other point has a capacity
  Message<"slos"> rec_cap_none;  // no point has a capacity within the SLOs
  Text rec_cap_none_measured;    // no point has a capacity at all
  Message<"ranking", "frontier"> rec_cap_evidence;
  Message<"margin", "verdict"> rec_cap_conf;  // margin against the search's resolution
  Text conf_cap_clear;                        // margin above the resolution
  Text conf_cap_tie;                          // within it
};

const FindingMessages& finding_messages(Lang lang);

}  // namespace sonde::report
