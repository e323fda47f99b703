// libFuzzer target: the ShareGPT loader on arbitrary bytes. Invariants: it loads or throws a
// TrafficError naming the input; loaded rows are UTF-8 and counted; a sample is a subset of all
// rows; the array scanner finds the same elements whatever the chunk size.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "traffic/json_array_scanner.hpp"
#include "traffic/sharegpt.hpp"
#include "traffic_fuzz_common.hpp"

using namespace sonde::traffic;
using fuzz::check;

namespace {

// Elements (line and text) with `chunk`-byte reads, then "!" and the error's line if any.
std::vector<std::string> elements(const std::string& input, std::size_t chunk) {
  std::istringstream in(input);
  ByteSource source(in, "f", chunk);
  JsonArrayScanner scanner(source, "");
  std::vector<std::string> out;
  try {
    while (const auto e = scanner.next())
      out.push_back(std::to_string(e->line) + ":" + std::string(e->text));
  } catch (const TrafficError& e) {
    out.push_back("!" + std::to_string(e.site().line));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check(elements(input, 1 + size % 7) == elements(input, ByteSource::chunk_bytes));

  DatasetOptions all;
  all.max_input_len = size % 3 == 0 ? std::optional<std::size_t>(20) : std::nullopt;
  std::vector<std::size_t> all_rows;
  try {
    std::istringstream in(input);
    const ShareGptDataset d = load_sharegpt(in, "f.json", all);
    fuzz::check_facts(d.facts, input);
    check(!d.rows.empty() && d.rows.size() == d.facts.rows_eligible);
    for (const ShareGptRow& r : d.rows) {
      check(first_invalid_utf8(r.prompt) == std::string_view::npos);
      check(first_invalid_utf8(r.answer) == std::string_view::npos);
      check(!all.max_input_len || utf8_length(r.prompt) <= *all.max_input_len);
      check(r.line >= 1 && r.index < d.facts.rows_seen);
      all_rows.push_back(r.index);
    }
  } catch (const TrafficError& e) {
    fuzz::check_error(e, "f.json");
    return 0;
  }
  DatasetOptions sampled = all;
  sampled.sample = 2;
  sampled.seed = size;
  std::istringstream in(input);
  const ShareGptDataset s = load_sharegpt(in, "f.json", sampled);
  check(s.rows.size() == std::min<std::size_t>(2, all_rows.size()));
  for (const ShareGptRow& r : s.rows) {
    check(std::find(all_rows.begin(), all_rows.end(), r.index) != all_rows.end());
  }
  return 0;
}
