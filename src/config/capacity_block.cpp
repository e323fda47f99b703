#include "config/capacity_block.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "util/error.hpp"

namespace sonde {
namespace {

[[noreturn]] void fail(const CapacityKey& k, const std::string& what) {
  throw UsageError(fmt::format("{}: capacity.{}: {}", k.where, k.key, what));
}

double number(const CapacityKey& k, const char* what) {
  char* end = nullptr;
  const double v = std::strtod(k.value.c_str(), &end);
  if (k.value.empty() || *end != '\0' || !std::isfinite(v))
    fail(k, fmt::format("expected {}", what));
  return v;
}

int64_t tokens(const CapacityKey& k) {
  const double v = number(k, "a token count");
  if (v != std::floor(v) || v < 1) fail(k, "expected a token count of at least 1");
  return static_cast<int64_t>(v);
}

}  // namespace

CapacityBlock parse_capacity_block(const std::vector<CapacityKey>& keys,
                                   const std::string& block_where) {
  CapacityBlock b;
  bool input = false, output = false;
  for (const CapacityKey& k : keys) {
    if (k.key == "input_len") {
      b.input_len = tokens(k), input = true;
    } else if (k.key == "output_len") {
      b.output_len = tokens(k), output = true;
    } else if (k.key == "goodput") {
      b.goodput = parse_goodput(k.value, k.where + ": capacity.goodput");
    } else if (k.key == "attainment") {
      b.attainment_pct = number(k, "a percentage in (0, 100]");
      if (!(b.attainment_pct > 0 && b.attainment_pct <= 100))
        fail(k, "must be in (0, 100], the share of requests (%) meeting the SLOs");
    } else if (k.key == "load") {
      if (k.value != "rate" && k.value != "concurrency") fail(k, "use rate or concurrency");
      b.concurrency = k.value == "concurrency";
    } else if (k.key == "start_rate") {
      b.start_load = number(k, "a load (req/s, or concurrency)");
    } else if (k.key == "max_rate") {
      b.max_load = number(k, "a load (req/s, or concurrency)");
    } else if (k.key == "probe_s") {
      b.probe_s = number(k, "seconds");
      if (!(b.probe_s > 0)) fail(k, "must be > 0 seconds");
    } else {
      fail(k,
           "unknown key; allowed: input_len, output_len, goodput, attainment, load, start_rate, "
           "max_rate, probe_s");
    }
  }
  if (!input || !output) {
    throw UsageError(fmt::format(
        "{}: capacity: input_len and output_len: required, each at least 1 token", block_where));
  }
  if (!(b.start_load > 0) || !(b.max_load >= b.start_load)) {
    throw UsageError(fmt::format(
        "{}: capacity: start_rate / max_rate: need 0 < start_rate <= max_rate", block_where));
  }
  if (b.concurrency &&
      (b.start_load != std::floor(b.start_load) || b.max_load != std::floor(b.max_load))) {
    throw UsageError(fmt::format(
        "{}: capacity: start_rate / max_rate: with load: concurrency they are concurrency levels, "
        "whole numbers",
        block_where));
  }
  return b;
}

}  // namespace sonde
