#include "analysis/capacity_search.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::analysis {

const char* to_string(SearchStatus s) {
  switch (s) {
    case SearchStatus::found:
      return "found";
    case SearchStatus::at_max:
      return "at_max";
    case SearchStatus::lowest_fails:
      return "lowest_fails";
    case SearchStatus::aborted:
      return "aborted";
  }
  return "aborted";
}

namespace {

// Repeats at most this many candidates before giving up on the search as lowest_fails.
constexpr int kMaxVerifications = 4;

class Search {
 public:
  Search(const CapacitySearchSpec& spec, const Prober& probe) : spec_(spec), probe_(probe) {}

  SearchOutcome run() {
    if (!bracket() || !bisect()) return finish(SearchStatus::aborted);
    if (out_.lo == 0) return finish(SearchStatus::lowest_fails);
    return verify();
  }

 private:
  // Returns false when a probe was aborted.
  bool step(double load, bool verification) {
    SearchStep s;
    s.load = load;
    s.verdict = probe_(load);
    s.verification = verification;
    s.passed =
        !s.verdict.saturated && !s.verdict.aborted && s.verdict.attainment_pct >= spec_.target_pct;
    out_.steps.push_back(s);
    if (!verification) ++probes_;
    return !s.verdict.aborted;
  }
  bool last_passed() const { return out_.steps.back().passed; }

  // Doubling from start_load until a load fails or max_load passes.
  bool bracket() {
    double load = snap(spec_.start_load);
    while (true) {
      if (!step(load, false)) return false;
      if (!last_passed()) {
        out_.hi = load;
        return true;
      }
      out_.lo = load;
      if (load >= spec_.max_load || probes_ >= spec_.max_probes) return true;
      load = std::min(snap(load * 2), spec_.max_load);
    }
  }

  bool bisect() {
    while (out_.lo > 0 && out_.hi > 0 && probes_ < spec_.max_probes &&
           out_.hi - out_.lo > spec_.resolution * out_.lo) {
      const double mid =
          spec_.integer ? std::floor((out_.lo + out_.hi) / 2) : (out_.lo + out_.hi) / 2;
      if (mid <= out_.lo || mid >= out_.hi) break;  // integers: adjacent
      if (!step(mid, false)) return false;
      (last_passed() ? out_.lo : out_.hi) = mid;
    }
    return true;
  }

  // Repeats the candidate; when the repeat fails, it becomes the bracket's top and the search
  // bisects again from the next lower load that passed, then verifies its new answer.
  SearchOutcome verify() {
    for (int round = 0; round < kMaxVerifications; ++round) {
      const double candidate = out_.lo;
      if (!step(candidate, true)) return finish(SearchStatus::aborted);
      if (last_passed()) {
        out_.capacity = candidate;
        const bool top = out_.hi == 0 && candidate >= spec_.max_load;
        return finish(top ? SearchStatus::at_max : SearchStatus::found);
      }
      out_.hi = candidate;
      out_.lo = 0;
      for (const auto& s : out_.steps) {
        if (s.passed && !s.verification && s.load < candidate) out_.lo = std::max(out_.lo, s.load);
      }
      if (out_.lo == 0) break;
      if (!bisect()) return finish(SearchStatus::aborted);
    }
    out_.lo = 0;
    return finish(SearchStatus::lowest_fails);
  }

  SearchOutcome finish(SearchStatus status) {
    out_.status = status;
    return out_;
  }

  double snap(double load) const { return spec_.integer ? std::max(1.0, std::round(load)) : load; }

  const CapacitySearchSpec& spec_;
  const Prober& probe_;
  SearchOutcome out_;
  int probes_ = 0;
};

}  // namespace

SearchOutcome search_capacity(const CapacitySearchSpec& spec, const Prober& probe) {
  return Search(spec, probe).run();
}

}  // namespace sonde::analysis
