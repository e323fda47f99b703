#pragma once
// Every sentence of the conclusions engine, one catalogue per language
// (findings_messages_ko.cpp, findings_messages_en.cpp). Placeholders are fmt named arguments.
#include "report/lang.hpp"

namespace sonde::report {

struct FindingMessages {
  // Layout
  const char* title_largest_effect;   // the user's template items, as sub-headings
  const char* title_memory_limit;
  const char* title_bandwidth_bound;
  const char* title_chunked_prefill;
  const char* title_mnbt;
  const char* title_recommendation;
  const char* title_other;            // a rule without a title of its own
  const char* evidence_label;         // before the evidence
  const char* confidence_label;       // before the confidence note
  const char* not_measured;           // {what}: what to run to get the figure
  // What to run
  const char* need_sweep;             // a sweep over settings (largest effect)
  const char* need_chunked;           // ON and OFF points
  const char* need_mnbt;              // >= 2 values with chunked prefill on
  const char* need_recommend;         // a sweep, for a recommendation
  const char* need_ok_points;         // the sweep has no ok point
  const char* need_kv;                // KV cache size unknown
  const char* need_bandwidth;         // {gpu}: GPU memory bandwidth unknown
  const char* need_params;            // {model}: parameter count unknown
  const char* need_decode;            // no decode speed measured
  // Confidence
  const char* conf_spread;            // {effect} {spread} {runs} {verdict}
  const char* conf_strong;
  const char* conf_weak;
  const char* conf_noise;
  const char* conf_no_repeats;        // {floor}
  // largest_effect
  const char* effect_text;            // {metric} {flag} {effect} {n} {scenario} {low} {high}
                                      // {low_value} {high_value}
  const char* effect_better;          // {flag} {value} {wins} {n}: a two-valued flag
  const char* effect_higher_better;   // {flag} {wins} {n}: more values, the higher won
  const char* effect_lower_better;    // {flag} {wins} {n}: more values, the lower won
  const char* effect_mixed;           // {flag} {value} {wins} {n}: no clear winner
  const char* effect_next;            // {flag} {effect}
  const char* effect_none;            // {metric} {effect} {flag}: below the noise floor/spread
  const char* effect_evidence;        // {pairs}
  // memory_limit
  const char* mem_capacity;           // {tokens} {source} {c1k} {c3k} {c6k} {c10k}
  const char* mem_group;              // {points} {tokens} {c1k} {c3k} {c6k} {c10k}
  const char* mem_source_startup;     // "vLLM's start-up log"
  const char* mem_source_cache;       // {blocks} {block_size}: cache_config_info
  const char* mem_server_line;        // {x} {n} {x10k} {ours} {diff}
  const char* mem_longest;            // {name} {tokens} {c}: the run's longest request
  const char* mem_peak;               // {peak} {name} {running} {waiting}
  const char* mem_preempt_none;
  const char* mem_preempt;            // {n} {list}
  const char* mem_failed;             // {n} {list}: points that did not start for memory
  const char* mem_evidence_run;
  const char* mem_evidence_sweep;
  const char* mem_conf_agree;         // {diff}: two sources agree
  const char* mem_conf_differ;        // {diff}
  const char* mem_conf_one;           // one source
  const char* mem_conf_peak_only;     // only the observed peak
  // bandwidth_bound
  const char* bw_text;                // {tok_s} {name} {c} {bound} {eff} {bw} {weights} {tp}
  const char* bw_aggregate;           // {tput} {name} {c} {agg_bound} {agg_eff}
  const char* bw_range;               // {n} {min_eff} {max_eff} {min_point} {max_point}
  const char* bw_above;               // verdict: above the bound
  const char* bw_close;               // verdict: memory-bandwidth bound, as expected
  const char* bw_below;               // verdict: overheads dominate
  const char* bw_evidence;            // {gpu} {bw} {bw_source} {model} {params} {params_source}
                                      // {bpp} {bpp_source}
  const char* bw_src_flag;            // the value came from a flag
  const char* bw_src_profile;         // from the built-in profile
  const char* bw_conf;                // how far to trust the bound
  // chunked_prefill
  const char* chunk_helped;           // {list}
  const char* chunk_hurt;             // {list}
  const char* chunk_neutral;          // {list}
  const char* chunk_nothing;          // no change beyond the spread/noise anywhere
  const char* chunk_item;             // {name} {len} {metric} {change} {off} {on}
  const char* chunk_evidence;         // {pairs}
  // max_num_batched_tokens
  const char* mnbt_raise;             // {lo} {hi} {ttft} {itl} {tput}
  const char* mnbt_lower;             // {lo} {hi} {ttft} {itl} {tput}
  const char* mnbt_tradeoff;          // {lo} {hi} {ttft} {itl} {tput}
  const char* mnbt_none;              // {lo} {hi} {ttft} {itl} {tput}
  const char* mnbt_evidence;          // {pairs} {long} {busy}
  // recommendation
  const char* goal_throughput;        // how the goal is scored
  const char* goal_latency;
  const char* goal_balanced;
  const char* rec_text;               // {goal} {point} {settings} {figures}
  const char* rec_runner_up;          // {point} {settings} {margin}
  const char* rec_alone;              // no runner-up
  const char* rec_slo_pass;           // {passed} {total} {slos}
  const char* rec_slo_none;           // {total} {slos}: nothing passes, closest shown
  const char* rec_figures;            // {tput} {c} {ttft} {tpot}
  const char* rec_evidence;           // {scores}
  const char* rec_conf_margin;        // {margin} {spread} {verdict}
  const char* rec_conf_no_repeats;    // {margin}
};

const FindingMessages& finding_messages(Lang lang);

}  // namespace sonde::report
