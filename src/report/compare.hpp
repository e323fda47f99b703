#pragma once
// Two (or more) result directories side by side, as a sweep whose one axis is the run label:
// the same tables `sonde compare` prints and an A/B `sonde run` writes to compare.md.
#include <ostream>
#include <string>
#include <vector>

#include "report/lang.hpp"
#include "results/run_result.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

struct CompareSide {
  std::string label;  // name of the side in the tables, e.g. "ON"
  std::string dir;    // its result directory, as shown in the report
  RunResult run;      // its run.json
};

// Reads `dir`/run.json into a side. Throws UsageError naming the file when it cannot.
CompareSide load_compare_side(const std::string& label, const std::string& dir);

// A side's chunked prefill setting, when recorded, makes the ON/OFF table of section 4.
SweepResult comparison_of(std::vector<CompareSide> sides);

// "A,B" -> {"A","B"}; throws UsageError (naming `flag`) unless it names exactly `count` sides.
std::vector<std::string> parse_labels(const std::string& text, std::size_t count,
                                      const std::string& flag);

// The comparison's Markdown (the sweep report's tables) and CSV (a row per side x scenario).
void write_compare_markdown(const SweepResult& comparison, Lang lang, std::ostream& out);
void write_compare_csv(const SweepResult& comparison, std::ostream& out);

}  // namespace sonde
