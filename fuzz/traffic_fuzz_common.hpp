#pragma once
// Shared checks of the traffic loader fuzz targets (fuzz/*_fuzz.cpp for src/traffic/).
#include <cstdlib>
#include <string>
#include <string_view>

#include "traffic/error.hpp"
#include "traffic/facts.hpp"
#include "traffic/utf8.hpp"
#include "util/sha256.hpp"

namespace sonde::traffic::fuzz {

inline void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports an abort as a crash with the input saved
}

// Every error names the input and is UTF-8 (input bytes are quoted escaped).
inline void check_error(const TrafficError& e, const std::string& name) {
  const std::string_view what = e.what();
  check(what.substr(0, name.size() + 1) == name + ":");
  check(first_invalid_utf8(what) == std::string_view::npos);
  check(e.site().file == name);
}

// Counters add up, and a finished source hashes exactly the input.
inline void check_facts(const SourceFacts& f, std::string_view input) {
  check(f.rows_eligible + f.rows_skipped() == f.rows_seen);
  check(f.rows_used <= f.rows_eligible);
  check(f.sha256 == sha256_hex(input));
  check(f.bytes == input.size());
}

}  // namespace sonde::traffic::fuzz
