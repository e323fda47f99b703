// Each line is first checked for a fixed keyword (cheap) and only then matched with a regex:
// a server with request logging on prints many lines a second for hours.
#include "server/startup_log.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <regex>

namespace sonde {
namespace {

constexpr size_t kTailLines = 20;
constexpr size_t kExcerptBefore = 3;
constexpr size_t kLineCap = 400;
constexpr int kFollowLines = 2;  // lines kept after an invalid_config line

// "123,456" → 123456; nullopt when it does not parse.
std::optional<int64_t> parse_grouped_int(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c != ',') digits += c;
  }
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(const std::string& s) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

bool search(std::string_view line, const std::regex& re, std::smatch& m, std::string& buf) {
  buf.assign(line);
  return std::regex_search(buf, m, re);
}

bool is_oom(std::string_view line) {
  return contains(line, "OutOfMemoryError") || contains(line, "CUDA out of memory") ||
         contains(line, "CUDA error: out of memory");
}

bool is_engine_death(std::string_view line) {
  return contains(line, "EngineDeadError") ||
         contains(line, "EngineCore encountered a fatal error");
}

// Generic argument / configuration errors: argparse's "prog: error: ...", a ValueError (vLLM's
// config checks), or pydantic's wrapping of one ("Value error, ...").
bool is_config_error(std::string_view line) {
  return contains(line, "ValueError") || contains(line, "Value error, ") ||
         contains(line, "ValidationError") || contains(line, ": error: ");
}

bool looks_like_error(std::string_view line) {
  return contains(line, "Error") || contains(line, "Exception") || contains(line, "error:") ||
         contains(line, "Traceback") || contains(line, "ERROR");
}

void fill_kv_insufficient(std::string_view line, ServerFailure& f) {
  static const std::regex v1(
      R"(max seq len \(([\d,]+)\), \(([\d.]+) GiB KV cache is needed, which is larger than the )"
      R"(available KV cache memory \(([\d.]+) GiB\))");
  static const std::regex estimate(R"(estimated maximum model length is ([\d,]+))");
  // vLLM V0 said it in tokens: "The model's max seq len (N) is larger than the maximum number
  // of tokens that can be stored in KV cache (M)"; M is then the longest model length that fits.
  static const std::regex v0(
      R"(max seq len \(([\d,]+)\) is larger than the maximum number of tokens that can be )"
      R"(stored in KV cache \(([\d,]+)\))");
  std::smatch m;
  std::string buf;
  if (search(line, v1, m, buf)) {
    f.max_seq_len = parse_grouped_int(m[1].str());
    f.kv_cache_needed_gib = parse_double(m[2].str());
    f.kv_cache_available_gib = parse_double(m[3].str());
  } else if (search(line, v0, m, buf)) {
    f.max_seq_len = parse_grouped_int(m[1].str());
    f.estimated_max_model_len = parse_grouped_int(m[2].str());
  }
  if (search(line, estimate, m, buf)) f.estimated_max_model_len = parse_grouped_int(m[1].str());
}

void fill_free_memory(std::string_view line, ServerFailure& f) {
  static const std::regex re(
      R"(\(([\d.]+)/([\d.]+) GiB\) on startup is less than desired GPU memory utilization )"
      R"(\(([\d.]+), ([\d.]+) GiB\))");
  std::smatch m;
  std::string buf;
  if (!search(line, re, m, buf)) return;
  f.free_memory_gib = parse_double(m[1].str());
  f.total_memory_gib = parse_double(m[2].str());
  f.requested_utilization = parse_double(m[3].str());
  f.requested_memory_gib = parse_double(m[4].str());
}

// The specific start-up failure a line states, if any.
std::optional<FailureKind> specific_kind(std::string_view line) {
  if (is_oom(line)) return FailureKind::oom_startup;
  if (contains(line, "KV cache is needed, which is larger than the available KV cache memory") ||
      contains(line,
               "is larger than the maximum number of tokens that can be stored in KV cache")) {
    return FailureKind::kv_cache_insufficient;
  }
  if (contains(line, "No available memory for the cache blocks")) {
    return FailureKind::no_cache_memory;
  }
  if (contains(line, "on startup is less than desired GPU memory utilization")) {
    return FailureKind::insufficient_free_memory;
  }
  return std::nullopt;
}

// The line without ANSI escape sequences (CSI: ESC '[' parameters, intermediates, one final
// byte): vLLM colours its "(APIServer pid=N)" prefixes and Ray its worker prefixes, and the
// codes would otherwise reach excerpts in sweep.json and the reports as "[1;36m" noise.
std::string strip_ansi(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '\x1b' || i + 1 >= line.size() || line[i + 1] != '[') {
      out += line[i];
      continue;
    }
    size_t j = i + 2;
    while (j < line.size() && line[j] >= 0x20 && line[j] <= 0x3f) ++j;  // parameters etc.
    if (j < line.size() && line[j] >= 0x40 && line[j] <= 0x7e)
      i = j;  // final byte
    else
      out += line[i];  // not a complete sequence: keep it as it was
  }
  return out;
}

}  // namespace

std::string trim_log_line(std::string_view raw) {
  std::string plain;  // only coloured lines pay for a copy
  std::string_view line = raw;
  if (raw.find('\x1b') != std::string_view::npos) {
    plain = strip_ansi(raw);
    line = plain;
  }
  auto junk = [](unsigned char c) { return c <= ' ' || c == 0x7f; };
  while (!line.empty() && junk(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
  while (!line.empty() && junk(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
  std::string out(line.substr(0, kLineCap));
  if (line.size() > kLineCap) out += "...";
  return out;
}

void LogScanner::feed(std::string_view raw) {
  std::string line = trim_log_line(raw);
  if (line.empty()) return;
  ++lines_seen_;
  tail_.push_back(line);
  if (tail_.size() > kTailLines) tail_.pop_front();
  scan_facts(raw);
  if (generic_follow_ > 0 && generic_) {
    // Config errors often continue on the next lines (pydantic's "Value error, ...").
    --generic_follow_;
    generic_->log_excerpt.push_back(line);
  }
  if (!started_) {
    if (!scan_startup_failure(raw) && looks_like_error(line)) {
      remember(last_error_, FailureKind::crashed, raw);  // the last one wins: nearest the exit
    }
    if (contains(raw, "Application startup complete")) started_ = true;
  } else {
    scan_runtime(raw);
  }
}

void LogScanner::remember(std::optional<ServerFailure>& slot, FailureKind kind,
                          std::string_view line) {
  ServerFailure f;
  f.kind = kind;
  f.message = trim_log_line(line);
  const size_t n = std::min(tail_.size(), kExcerptBefore + 1);
  f.log_excerpt.assign(tail_.end() - static_cast<std::ptrdiff_t>(n), tail_.end());
  slot = std::move(f);
}

void LogScanner::scan_facts(std::string_view line) {
  static const std::regex kv(R"(GPU KV cache size: ([\d,]+) tokens)");
  static const std::regex conc(R"(Maximum concurrency for ([\d,]+) tokens per request: ([\d.]+)x)");
  static const std::regex avail(R"(Available KV cache memory: ([\d.]+) GiB)");
  static const std::regex load(R"(Model loading took ([\d.]+) GiB(?: memory)? and ([\d.]+) s)");
  // The V0 engine (up to 0.10) printed these two facts in other words; its "GB" is GiB too
  // (vLLM divides by 2**30), and it gave no loading time.
  static const std::regex avail_v0(R"(the rest of the memory reserved for KV Cache is ([\d.]+) ?GiB)");
  static const std::regex load_v0(R"(Loading model weights took ([\d.]+) GB)");
  std::smatch m;
  std::string buf;
  // Not else-if: newer builds print the KV cache size and the concurrency on one line.
  if (contains(line, "GPU KV cache size") && search(line, kv, m, buf)) {
    facts_.kv_cache_tokens = parse_grouped_int(m[1].str());
  }
  if (contains(line, "Maximum concurrency") && search(line, conc, m, buf)) {
    facts_.max_concurrency_tokens = parse_grouped_int(m[1].str());
    facts_.max_concurrency = parse_double(m[2].str());
  }
  if (contains(line, "Available KV cache memory") && search(line, avail, m, buf)) {
    facts_.available_kv_cache_gib = parse_double(m[1].str());
  }
  if (contains(line, "reserved for KV Cache") && search(line, avail_v0, m, buf)) {
    facts_.available_kv_cache_gib = parse_double(m[1].str());
  }
  if (contains(line, "Model loading took") && search(line, load, m, buf)) {
    facts_.model_load_gib = parse_double(m[1].str());
    // With tensor parallelism every worker prints its own time; the slowest one gates start-up.
    const auto s = parse_double(m[2].str());
    if (s && (!facts_.model_load_s || *s > *facts_.model_load_s)) facts_.model_load_s = s;
  }
  if (contains(line, "Loading model weights took") && search(line, load_v0, m, buf)) {
    facts_.model_load_gib = parse_double(m[1].str());
  }
}

// True when the line was a recognised start-up failure.
bool LogScanner::scan_startup_failure(std::string_view line) {
  if (const auto kind = specific_kind(line)) {
    if (!specific_) {
      remember(specific_, *kind, line);
      if (*kind == FailureKind::kv_cache_insufficient) fill_kv_insufficient(line, *specific_);
      if (*kind == FailureKind::insufficient_free_memory) fill_free_memory(line, *specific_);
    } else if (specific_->kind == FailureKind::kv_cache_insufficient &&
               !specific_->estimated_max_model_len) {
      // Some builds wrap the long message: the estimate can arrive on a later line.
      fill_kv_insufficient(line, *specific_);
    }
    return true;
  }
  if (specific_ && specific_->kind == FailureKind::kv_cache_insufficient &&
      !specific_->estimated_max_model_len && contains(line, "estimated maximum model length")) {
    fill_kv_insufficient(line, *specific_);
    return true;
  }
  if (is_config_error(line)) {
    if (!generic_) {
      remember(generic_, FailureKind::invalid_config, line);
      generic_follow_ = kFollowLines;
    } else if (contains(line, "Value error, ") && contains(generic_->message, "ValidationError")) {
      // pydantic names the config class first and gives vLLM's actual message a line later.
      generic_->message = trim_log_line(line);
    }
    return true;
  }
  return false;
}

void LogScanner::scan_runtime(std::string_view line) {
  if (!oom_runtime_ && is_oom(line)) remember(oom_runtime_, FailureKind::oom_runtime, line);
  if (!died_ && is_engine_death(line)) remember(died_, FailureKind::server_died, line);
}

std::optional<ServerFailure> LogScanner::startup_failure() const {
  return specific_ ? specific_ : generic_;
}

std::optional<ServerFailure> LogScanner::runtime_failure() const {
  // An OOM is the cause; the engine's death that follows it is the symptom.
  return oom_runtime_ ? oom_runtime_ : died_;
}

LogScanner scan_log_text(std::string_view text) {
  LogScanner s;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      if (i > start) s.feed(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return s;
}

ServerFailure classify_startup_failure(const LogScanner& scanner, std::optional<int> exit_code,
                                       std::optional<int> signal, bool timed_out) {
  ServerFailure f;
  if (auto known = scanner.startup_failure()) {
    f = std::move(*known);
  } else {
    f.kind = timed_out ? FailureKind::timeout : FailureKind::crashed;
    // A crash is quoted by its last error-looking line, the cause a person would quote; a
    // timeout by the last lines printed, which say what it was still doing.
    const auto err = timed_out ? std::nullopt : scanner.last_error();
    if (err) {
      f.log_excerpt = err->log_excerpt;
    } else {
      const auto tail = scanner.tail();
      const size_t n = std::min<size_t>(tail.size(), kExcerptBefore + 2);
      f.log_excerpt.assign(tail.end() - static_cast<std::ptrdiff_t>(n), tail.end());
    }
    if (timed_out) {
      f.message = "the server did not become healthy before the start-up timeout";
    } else if (signal) {
      f.message = "the server was killed by signal " + std::to_string(*signal);
    } else {
      f.message = "the server exited with status " +
                  (exit_code ? std::to_string(*exit_code) : std::string("unknown"));
    }
    if (err) f.message += ": " + err->message;
  }
  f.exit_code = exit_code;
  f.signal = signal;
  return f;
}

}  // namespace sonde
