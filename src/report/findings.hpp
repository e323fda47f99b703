#pragma once
// The conclusions engine (section 5 of the report): rules over run.json / sweep.json that
// each emit a finding with the numbers it rests on and how far to trust it. Renderers (Markdown,
// HTML) only lay findings out; every sentence comes from the message catalogues.
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/slo.hpp"
#include "report/document.hpp"
#include "report/lang.hpp"
#include "results/run_result.hpp"
#include "results/sweep_result.hpp"

namespace sonde::report {

enum class Goal { throughput, latency, balanced };

// A service-level objective such as "ttft_p99_ms<=2000": metric, bound, and direction.
using Slo = analysis::Slo;

struct ConclusionOptions {
  Goal goal = Goal::balanced;
  std::vector<Slo> slos;
  std::optional<double> gpu_bandwidth_gbs;  // overrides the GPU profile's memory bandwidth
  std::optional<double> model_params_b;     // overrides the model's parameter count (billions)
};

// The conclusion rules, one finding_<rule>.cpp each, in the order a sweep report lists them.
enum class RuleId {
  largest_effect,          // which swept setting moved each headline metric most
  memory_limit,            // how many requests the KV cache holds at once
  bandwidth_bound,         // decode speed against the memory-bandwidth bound
  chunked_prefill,         // what turning chunked prefill on did, per input length
  max_num_batched_tokens,  // the per-step token budget's TTFT / TPOT trade
  recommendation,          // the point that best meets the goal and SLOs
};

// The rule's stable id: "largest_effect", "max_num_batched_tokens", ...
std::string_view rule_id_name(RuleId rule);

struct Finding {
  RuleId rule = RuleId::largest_effect;  // which rule made it
  bool measured = true;                  // false: "not measured", `text` then says what to run
  std::string text;        // the conclusion, one or two sentences, in the report's language
  std::string evidence;    // the figures it rests on and which table/chart shows them
  std::string confidence;  // e.g. "effect 23 % vs run-to-run spread 2 %: strong"
};

// Parses "ttft_p99_ms<=2000" (also ">="); nullopt with `error` set when malformed.
std::optional<Slo> parse_slo(const std::string& text, std::string& error);
std::optional<Goal> parse_goal(const std::string& text);

std::vector<Finding> run_findings(const RunResult& run, Lang lang, const ConclusionOptions& opt);
std::vector<Finding> sweep_findings(const SweepResult& sweep, Lang lang,
                                    const ConclusionOptions& opt);

// The recommendation of a sweep decided by capacity (sweep.capacity set; nullopt otherwise):
// the same finding section 5 shows, for the capacity section to repeat.
std::optional<Finding> capacity_recommendation(const SweepResult& sweep, Lang lang,
                                               const ConclusionOptions& opt);

// Findings laid out: one level-3 heading per rule (the user's template items, in the report's
// language), then a list item per finding with its evidence and confidence.
std::vector<doc::Block> findings_blocks(const std::vector<Finding>& findings, Lang lang);

// Those blocks as Markdown, and as HTML in a <div class="findings">.
void write_findings_markdown(const std::vector<Finding>& findings, Lang lang, std::ostream& out);
void write_findings_html(const std::vector<Finding>& findings, Lang lang, std::ostream& out);

}  // namespace sonde::report
