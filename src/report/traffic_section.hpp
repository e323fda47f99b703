#pragma once
// The run report's traffic-sources section (anchor "sources"): for every scenario that read a
// dataset, a trace or shared prefixes, its lengths asked for against counted, its prefix-cache
// hit rate three ways (analysis/prefix_cache.hpp), a replay's schedule lag and what the cache
// hits bought in TTFT; and the conclusions' sentence on the latter.
#include <optional>
#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/lang.hpp"
#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// Unset when no scenario read a source. `records` (requests.jsonl, any order; nullptr when not
// available) give the per-request figures; with `charts` each scenario's figures follow its
// text (report.html).
std::optional<doc::Section> traffic_section(const RunResult& run,
                                            const std::vector<RequestRecord>* records, Lang lang,
                                            bool charts);

// One sentence per scenario whose records show what the prefix-cache hits bought (enough
// requests with and without hits); empty otherwise.
std::vector<std::string> traffic_conclusions(const RunResult& run,
                                             const std::vector<RequestRecord>* records, Lang lang);

}  // namespace sonde::report
