#include "config/suite_yaml_files.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "config/suite.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct Site {
  const std::string& file;
  std::string prefix;  // "scenarios[0].dataset."
  std::string at(const YAML::Node& node) const {
    const auto mark = node.Mark();
    return mark.line >= 0 ? fmt::format("{}:{}", file, mark.line + 1) : file;
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& field,
                         const std::string& what) const {
    throw UsageError(fmt::format("{}: {}{}: {}", at(node), prefix, field, what));
  }
};

template <typename T>
T scalar(const Site& s, const YAML::Node& v, const std::string& field, const char* expected) {
  if (!v.IsScalar()) s.fail(v, field, fmt::format("expected {}", expected));
  try {
    return v.as<T>();
  } catch (const YAML::Exception&) {
    s.fail(v, field, fmt::format("expected {}, got '{}'", expected, v.Scalar()));
  }
}

int64_t positive(const Site& s, const YAML::Node& v, const std::string& field, const char* unit) {
  const auto n = scalar<int64_t>(s, v, field, unit);
  if (n < 1) s.fail(v, field, fmt::format("must be >= 1, got {}", n));
  return n;
}

// `path` as given when absolute, else relative to the suite file's directory; it must exist.
std::string resolve(const Site& s, const YAML::Node& v) {
  const auto text = scalar<std::string>(s, v, "path", "a file path");
  std::filesystem::path p(text);
  if (p.is_relative()) p = std::filesystem::path(s.file).parent_path() / p;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) {
    s.fail(v, "path",
           fmt::format("'{}' is not a readable file (relative paths start at the suite "
                       "file's directory)",
                       p.string()));
  }
  return p.string();
}

DatasetSource parse_dataset(const Site& s, const YAML::Node& node) {
  DatasetSource d;
  bool has_kind = false, has_path = false;
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "kind") {
      const auto kind = scalar<std::string>(s, v, key, "sharegpt or jsonl");
      if (kind == "sharegpt")
        d.kind = DatasetKind::sharegpt;
      else if (kind == "jsonl")
        d.kind = DatasetKind::jsonl;
      else
        s.fail(v, key, fmt::format("'{}' is not a dataset kind; use sharegpt or jsonl", kind));
      has_kind = true;
    } else if (key == "path") {
      d.path = resolve(s, v);
      has_path = true;
    } else if (key == "sample") {
      d.sample = static_cast<std::size_t>(positive(s, v, key, "a number of rows"));
    } else if (key == "seed") {
      d.seed = scalar<uint64_t>(s, v, key, "a non-negative integer");
    } else if (key == "max_input_len") {
      d.max_input_len = positive(s, v, key, "a token count");
    } else if (key == "output_len") {
      if (v.IsScalar() && v.Scalar() == "dataset") {
        d.output_len.reset();
      } else {
        d.output_len = positive(s, v, key, "a token count or 'dataset' (each row's own length)");
      }
    } else {
      s.fail(v, key, "unknown key; allowed: kind, path, sample, seed, max_input_len, output_len");
    }
  }
  if (!has_kind) s.fail(node, "kind", "missing; use sharegpt or jsonl");
  if (!has_path) s.fail(node, "path", "missing; the dataset file (relative to the suite file)");
  return d;
}

TraceSource parse_trace(const Site& s, const YAML::Node& node) {
  TraceSource t;
  bool has_kind = false, has_path = false;
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "kind") {
      const auto kind = scalar<std::string>(s, v, key, "mooncake or azure");
      if (kind == "mooncake")
        t.kind = TraceKind::mooncake;
      else if (kind == "azure")
        t.kind = TraceKind::azure;
      else
        s.fail(v, key, fmt::format("'{}' is not a trace kind; use mooncake or azure", kind));
      has_kind = true;
    } else if (key == "path") {
      t.path = resolve(s, v);
      has_path = true;
    } else if (key == "speedup") {
      t.speedup = scalar<double>(s, v, key, "a number (2 = twice as fast as traced)");
      if (!(t.speedup > 0 && std::isfinite(t.speedup))) s.fail(v, key, "must be a number > 0");
    } else if (key == "max_requests") {
      t.max_requests = static_cast<std::size_t>(positive(s, v, key, "a number of rows"));
    } else if (key == "block_tokens") {
      t.block_tokens = positive(s, v, key, "a token count per hash id");
    } else {
      s.fail(v, key, "unknown key; allowed: kind, path, speedup, max_requests, block_tokens");
    }
  }
  if (!has_kind) s.fail(node, "kind", "missing; use mooncake or azure");
  if (!has_path) s.fail(node, "path", "missing; the trace file (relative to the suite file)");
  return t;
}

}  // namespace

ScenarioSource parse_source_key(const std::string& key, const YAML::Node& node,
                                const std::string& suite_path, const std::string& prefix) {
  const Site site{suite_path, prefix + key + "."};
  if (!node.IsMap()) {
    throw UsageError(fmt::format("{}: {}{}: expected a mapping, e.g. {{kind: {}, path: FILE}}",
                                 site.at(node), prefix, key, key == "dataset" ? "jsonl" : "mooncake"));
  }
  if (key == "dataset") return parse_dataset(site, node);
  return parse_trace(site, node);
}

void settle_source_scenario(ScenarioSpec& s, const YAML::Node& own, bool requests_given,
                            const std::string& where) {
  auto fail = [&](const std::string& key, const std::string& what) {
    throw UsageError(fmt::format("{}: {}: {}", where, key, what));
  };
  if (auto* d = std::get_if<DatasetSource>(&s.source)) {
    if (own["input_len"]) {
      fail("input_len",
           "not allowed with dataset: each row's prompt is sent as written; remove it "
           "(dataset.max_input_len skips longer rows)");
    }
    if (own["repeat_prompt"])
      fail("repeat_prompt", "not allowed with dataset: every row is its own prompt");
    if (own["output_len"] && d->output_len) {
      fail("output_len", "given twice (here and as dataset.output_len); keep one");
    }
    if (!d->output_len && s.output_len > 0) d->output_len = s.output_len;
    s.input_len = 0;
    s.output_len = d->output_len.value_or(0);
    s.repeat_prompt = false;
    if (!requests_given) s.requests = 0;  // every row used, once
  } else {
    for (const char* key : {"input_len", "output_len"}) {
      if (own[key])
        fail(key, "not allowed with trace: each row gives its own input and output length");
    }
    for (const char* key : {"load", "request_rate", "ramp"}) {
      if (own[key]) {
        fail(key,
             "not allowed with trace: a trace is replayed open-loop at its own timestamps "
             "(trace.speedup scales them; max_concurrency caps requests in flight)");
      }
    }
    if (own["requests"]) fail("requests", "not allowed with trace: use trace.max_requests");
    if (own["repeat_prompt"]) fail("repeat_prompt", "not allowed with trace");
    s.input_len = s.output_len = 0;
    s.load = LoadShape::rate;
    s.request_rate = 0;
    s.requests = 0;
    s.repeat_prompt = false;
    if (s.max_concurrency > 0) s.concurrency = s.max_concurrency;
  }
  validate_scenario(s, where);
}

void validate_file_scenario(const ScenarioSpec& s, const std::string& where) {
  auto fail = [&](const std::string& key, const std::string& what) {
    throw UsageError(fmt::format("{}: {}: {}", where, key, what));
  };
  if (s.name.empty()) fail("name", "must be a non-empty string");
  if (s.requests < 0) fail("requests", fmt::format("must be >= 1, got {}", s.requests));
  if (s.max_concurrency < 0) fail("max_concurrency", "must be >= 0 (0 = no cap)");
  if (std::holds_alternative<TraceSource>(s.source)) return;
  if (s.load != LoadShape::rate && s.concurrency < 1)
    fail("concurrency", fmt::format("must be >= 1, got {}", s.concurrency));
  if (s.load == LoadShape::rate && !s.ramp && !(s.request_rate > 0 && std::isfinite(s.request_rate)))
    fail("request_rate", "load 'rate' needs request_rate > 0 (requests per second), or a ramp");
  validate_ramp(s, where);
}

}  // namespace sonde
