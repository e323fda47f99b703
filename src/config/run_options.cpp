#include "config/run_options.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <limits>

#include "util/error.hpp"

namespace sonde {

const char* endpoint_path(ApiEndpoint e) {
  return e == ApiEndpoint::chat ? "/v1/chat/completions" : "/v1/completions";
}

const char* to_string(HttpClientKind k) { return k == HttpClientKind::native ? "native" : "curl"; }

ApiEndpoint parse_endpoint(const std::string& text, const std::string& where) {
  if (text == "/v1/chat/completions" || text == "chat") return ApiEndpoint::chat;
  if (text == "/v1/completions" || text == "completions") return ApiEndpoint::completions;
  throw UsageError(fmt::format(
      "{}: '{}' is not supported; use /v1/chat/completions or /v1/completions", where, text));
}

HttpClientKind parse_http_client(const std::string& text, const std::string& where) {
  if (text == "native") return HttpClientKind::native;
  if (text == "curl") return HttpClientKind::curl;
  throw UsageError(fmt::format("{}: '{}' is not a transport; use native or curl", where, text));
}

Lang parse_lang_option(const std::string& text, const std::string& where) {
  if (text == "ko") return Lang::ko;
  if (text == "en") return Lang::en;
  throw UsageError(fmt::format("{}: '{}' is not supported; use ko or en", where, text));
}

void parse_max_error_rate(const std::string& text, RunOptions& options) {
  const auto bad = [&text] {
    return UsageError(fmt::format(
        "--max-error-rate: '{}' is not R or R/N; R is the failed share in [0, 1] that aborts a "
        "scenario, N the number of last finished requests it is measured over (default 50), "
        "e.g. 0.5 or 0.5/50",
        text));
  };
  const std::size_t slash = text.find('/');
  const std::string rate = text.substr(0, slash);
  std::size_t used = 0;
  double r = 0;
  try {
    r = std::stod(rate, &used);
  } catch (const std::exception&) {
    throw bad();
  }
  if (used != rate.size() || !(r >= 0 && r <= 1)) throw bad();
  int n = 50;
  if (slash != std::string::npos) {
    const std::string count = text.substr(slash + 1);
    try {
      n = std::stoi(count, &used);
    } catch (const std::exception&) {
      throw bad();
    }
    if (used != count.size() || n < 1) throw bad();
  }
  options.max_error_rate = r;
  options.max_error_window = n;
}

namespace {

// The value parsers of the table: the message says what was expected, the caller says where.
double to_double(const std::string& text, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
    throw UsageError(fmt::format("{}: '{}' is not a number", where, text));
  }
  return v;
}

int64_t to_integer(const std::string& text, const std::string& where, int64_t lo, int64_t hi) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    throw UsageError(fmt::format("{}: '{}' is not an integer from {} to {}", where, text, lo, hi));
  }
  return v;
}

int to_int(const std::string& text, const std::string& where) {
  return static_cast<int>(
      to_integer(text, where, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

uint64_t to_seed(const std::string& text, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || text[0] == '+' || *end != '\0' || errno == ERANGE) {
    throw UsageError(fmt::format("{}: '{}' is not a non-negative integer", where, text));
  }
  return v;
}

bool to_bool(const std::string& text, const std::string& where) {
  if (text == "true") return true;
  if (text == "false") return false;
  throw UsageError(fmt::format("{}: '{}' is not true or false", where, text));
}

std::string num(double v) { return fmt::format("{}", v); }

// One row per option: how it is shown and how it is set. The two lists below stay in step: a
// test sets every key and checks the field moved.
using Setter = void (*)(RunOptions&, const std::string& value, const std::string& where);

struct Row {
  RunOptionInfo info;
  Setter set;
};

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {{"endpoint", "/v1/chat/completions or /v1/completions", false, false, true, "TEXT",
        [](const RunOptions& o) -> std::string { return endpoint_path(o.endpoint); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.endpoint = parse_endpoint(v, w);
       }},
      {{"warmup", "Warm-up requests before measuring (not counted)", false, false, true, "INT",
        [](const RunOptions& o) { return std::to_string(o.warmup); }},
       [](RunOptions& o, const std::string& v, const std::string& w) { o.warmup = to_int(v, w); }},
      {{"seed", "Seed for prompts and arrivals", false, false, true, "UINT",
        [](const RunOptions& o) { return std::to_string(o.seed); }},
       [](RunOptions& o, const std::string& v, const std::string& w) { o.seed = to_seed(v, w); }},
      {{"corpus", "Prompt text: ko, en or a UTF-8 text file", false, true, true, "TEXT",
        [](const RunOptions& o) { return o.corpus; }},
       [](RunOptions& o, const std::string& v, const std::string&) { o.corpus = v; }},
      {{"no_ignore_eos", "Let the model stop at EOS (lengths then vary)", true, false, false, "",
        [](const RunOptions& o) -> std::string { return o.ignore_eos ? "false" : "true"; }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.ignore_eos = !to_bool(v, w);
       }},
      {{"lang", "Report language: ko or en", false, false, true, "TEXT",
        [](const RunOptions& o) -> std::string { return to_string(o.lang); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.lang = parse_lang_option(v, w);
       }},
      {{"api_key_env", "Environment variable holding the API key", false, false, true, "TEXT",
        [](const RunOptions& o) { return o.api_key_env; }},
       [](RunOptions& o, const std::string& v, const std::string&) {
         o.api_key_env = v;
         o.api_key_file.clear();  // a later layer's source replaces an earlier one's
       }},
      // No --api-key VALUE: a key on the command line lands in shell history and `ps` listings.
      {{"api_key_file",
        "File holding the API key (trailing newline ignored); instead of --api-key-env", false,
        true, false, "TEXT", [](const RunOptions& o) { return o.api_key_file; }},
       [](RunOptions& o, const std::string& v, const std::string&) { o.api_key_file = v; }},
      {{"insecure",
        "Do not verify the server's TLS certificate (recorded in run.json and the report)", true, false,
        false, "", [](const RunOptions& o) -> std::string { return o.insecure ? "true" : "false"; }},
       [](RunOptions& o, const std::string& v, const std::string& w) { o.insecure = to_bool(v, w); }},
      {{"ca_cert", "CA bundle (PEM) to verify an https server with", false, true, false, "TEXT",
        [](const RunOptions& o) { return o.ca_cert; }},
       [](RunOptions& o, const std::string& v, const std::string&) { o.ca_cert = v; }},
      {{"timeout_s", "Per-request timeout (first token and total), seconds", false, false, true,
        "FLOAT", [](const RunOptions& o) { return num(o.timeout_s); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.timeout_s = to_double(v, w);
       }},
      {{"first_token_timeout_s", "Longest wait for the first token, seconds (0 = --timeout-s)", false,
        false, true, "FLOAT", [](const RunOptions& o) { return num(o.first_token_timeout_s); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.first_token_timeout_s = to_double(v, w);
       }},
      {{"idle_timeout_s", "Longest silence inside a stream, seconds", false, false, true, "FLOAT",
        [](const RunOptions& o) { return num(o.idle_timeout_s); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.idle_timeout_s = to_double(v, w);
       }},
      {{"grace_s",
        "On SIGINT/SIGTERM, let in-flight requests finish for this long, then cancel them", false,
        false, true, "FLOAT", [](const RunOptions& o) { return num(o.grace_s); }},
       [](RunOptions& o, const std::string& v, const std::string& w) { o.grace_s = to_double(v, w); }},
      {{"retries",
        "Send a request again up to N times when the server never answered it (connect error, "
        "429/5xx before the first token); every attempt is recorded",
        false, false, true, "INT", [](const RunOptions& o) { return std::to_string(o.retries); }},
       [](RunOptions& o, const std::string& v, const std::string& w) { o.retries = to_int(v, w); }},
      {{"max_error_rate",
        "R[/N]: abort a scenario when more than R of its last N finished requests failed (N "
        "default "
        "50), e.g. 0.5 or 0.5/20; the run goes on with the next scenario (a stop while "
        "measuring; --max-failed-pct judges the scenario afterwards)",
        false, false, false, "TEXT",
        [](const RunOptions& o) {
          return fmt::format("{}/{}", o.max_error_rate, o.max_error_window);
        }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         try {
           parse_max_error_rate(v, o);
         } catch (const UsageError& e) {
           if (w == "--max-error-rate") throw;
           throw UsageError(fmt::format("{}: {}", w, e.what()));  // from a sweep file: say where
         }
       }},
      {{"max_failed_pct",
        "A scenario whose failed requests exceed this share (%), or with no successful request, "
        "is invalid: the run writes its results, marks them invalid and exits 5 (100 = never). "
        "Unlike --max-error-rate, which stops a scenario early, this judges the finished one",
        false, false, true, "FLOAT", [](const RunOptions& o) { return num(o.max_failed_pct); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.max_failed_pct = to_double(v, w);
       }},
      {{"goodput",
        "Per-request SLOs in ms, as vLLM's --goodput: e.g. \"ttft:500 tpot:50 e2el:8000\" (keys "
        "ttft, "
        "tpot, e2el); a request is good when it succeeded and met every one; run.json and the "
        "report then give goodput per scenario",
        false, false, false, "KEY:MS...", [](const RunOptions& o) { return to_string(o.goodput); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.goodput = parse_goodput(v, w);
       }},
      {{"client_threads", "Client event-loop threads (0 = one per spare core)", false, false, true,
        "INT", [](const RunOptions& o) { return std::to_string(o.client_threads); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.client_threads = to_int(v, w);
       }},
      {{"new_connection_per_request",
        "Open a new connection for every request (model cold clients)", true, false, false, "",
        [](const RunOptions& o) -> std::string {
          return o.new_connection_per_request ? "true" : "false";
        }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.new_connection_per_request = to_bool(v, w);
       }},
      {{"http_client",
        "native: sonde's own HTTP/1.1 reader for http:// targets (lowest overhead); curl: libcurl "
        "for every request. https and proxies always use libcurl",
        false, false, true, "TEXT",
        [](const RunOptions& o) -> std::string { return to_string(o.http_client); }},
       [](RunOptions& o, const std::string& v, const std::string& w) {
         o.http_client = parse_http_client(v, w);
       }},
      {{"gpu_metrics_url", "DCGM exporter on the server host (for a remote server's GPU memory)",
        false, false, false, "TEXT", [](const RunOptions& o) { return o.gpu_metrics_url; }},
       [](RunOptions& o, const std::string& v, const std::string&) { o.gpu_metrics_url = v; }},
  };
  return table;
}

const Row* find_row(std::string_view key) {
  for (const auto& r : rows()) {
    if (key == r.info.key) return &r;
  }
  return nullptr;
}

}  // namespace

const std::vector<RunOptionInfo>& run_option_infos() {
  static const std::vector<RunOptionInfo> infos = [] {
    std::vector<RunOptionInfo> out;
    for (const auto& r : rows()) out.push_back(r.info);
    return out;
  }();
  return infos;
}

std::string run_option_flag(std::string_view key) {
  std::string flag = "--" + std::string(key);
  for (char& c : flag) c = c == '_' ? '-' : c;
  return flag;
}

const RunOptionInfo* find_run_option(std::string_view key) {
  const Row* r = find_row(key);
  return r == nullptr ? nullptr : &r->info;
}

std::string run_option_keys() {
  std::string out;
  for (const auto& r : rows()) out += (out.empty() ? "" : ", ") + std::string(r.info.key);
  return out;
}

void apply_run_options(RunOptions& options, const std::vector<RunOptionValue>& given) {
  const RunOptionValue* env = nullptr;
  const RunOptionValue* file = nullptr;
  for (const auto& g : given) {
    if (g.key == "api_key_env") env = &g;
    if (g.key == "api_key_file") file = &g;
  }
  if (env != nullptr && file != nullptr) {
    throw UsageError(
        fmt::format("{} and {}: choose one source for the API key", env->where, file->where));
  }
  for (const auto& g : given) {
    const Row* r = find_row(g.key);
    if (r == nullptr) {
      throw UsageError(fmt::format("{}: unknown run option; allowed: {}", g.where, run_option_keys()));
    }
    r->set(options, g.value, g.where);
  }
}

}  // namespace sonde
