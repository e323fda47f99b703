#pragma once
// Uniform sampling of N rows in one pass (reservoir sampling, Vitter's algorithm R), reproducible
// from a seed on every platform: mt19937_64's output is fixed by the standard and the bounded draw
// below is sonde's own (std::uniform_int_distribution differs between standard libraries).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "traffic/error.hpp"
#include "util/error.hpp"

namespace sonde::traffic {

template <class Row>
class Reservoir {
 public:
  // Keeps `capacity` rows, or every row when nullopt. A capacity of 0 is a UsageError.
  Reservoir(std::optional<std::size_t> capacity, std::uint64_t seed)
      : capacity_(capacity), rng_(seed) {
    if (capacity_ && *capacity_ == 0) {
      throw UsageError("dataset sample: must be at least 1 (leave it out to use every row)");
    }
  }

  // Offers the next eligible row; `make` builds it (a copy out of a parser's buffer) only when it
  // is kept.
  template <class Make>
  void offer(Make&& make) {
    const std::uint64_t k = offered_++;
    if (!capacity_ || k < *capacity_) {
      rows_.push_back({k, make()});
      return;
    }
    const std::uint64_t j = below(k + 1);
    if (j < *capacity_) rows_[j] = {k, make()};
  }

  // The kept rows, in the order they were offered (file order).
  std::vector<Row> take() {
    std::sort(rows_.begin(), rows_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Row> out;
    out.reserve(rows_.size());
    for (auto& [order, row] : rows_) out.push_back(std::move(row));
    rows_.clear();
    return out;
  }

 private:
  // Uniform in [0, bound): rejection of the biased low range (Lemire's threshold).
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t r = rng_();
      if (r >= threshold) return r % bound;
    }
  }

  std::optional<std::size_t> capacity_;
  std::mt19937_64 rng_;
  std::uint64_t offered_ = 0;
  std::vector<std::pair<std::uint64_t, Row>> rows_;  // (offer order, row)
};

// Offers every row `reader.next()` yields to a reservoir of the reader's `sample` (seeded), `keep`
// copying a kept one out of the parser's buffer, and returns the kept rows in file order with the
// reader's facts. A file with no usable `unit` ("line", "row") is a TrafficError saying what was
// read and skipped (`empty`, when given, says it of a file with none at all) and `hint` what to do.
template <class Dataset, class Reader, class Keep>
Dataset sample_dataset(Reader& reader, Keep keep, const char* unit, const char* empty,
                       const char* hint) {
  using Row = typename decltype(Dataset::rows)::value_type;
  Reservoir<Row> reservoir(reader.options().sample, reader.options().seed);
  while (auto row = reader.next()) {
    reservoir.offer([&] { return keep(*row); });
  }
  Dataset out{reservoir.take(), reader.facts()};
  out.facts.rows_used = out.rows.size();
  if (out.rows.empty()) {
    throw TrafficError({out.facts.path, 0, {}}, "",
                       out.facts.rows_seen == 0 && empty != nullptr
                           ? std::string(empty)
                           : fmt::format("has no usable {} (read {}, skipped: {})", unit,
                                         out.facts.rows_seen, out.facts.skipped_summary()),
                       hint);
  }
  return out;
}

}  // namespace sonde::traffic
