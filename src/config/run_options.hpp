#pragma once
// What to measure and how: the options `sonde run` and `sonde sweep` share. Both commands take
// them as the same flags (cli/run_option_flags.hpp), a sweep file as its `run:` block (the flag
// names without the leading dashes, '-' written '_'), and run.json records every field under
// `options`. The target (which server, which model), the workload (the suite) and sonde's own
// wiring (config/plan.hpp) are not run options.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/lang.hpp"

namespace sonde {

// --http-client: how requests are sent.
enum class HttpClientKind {
  native,  // sonde's own HTTP/1.1 reader for http:// targets (https and proxies use libcurl)
  curl,    // libcurl for every request
};

// --endpoint: the OpenAI-compatible API the requests go to.
enum class ApiEndpoint {
  chat,         // /v1/chat/completions (the server applies the chat template)
  completions,  // /v1/completions (raw prompt)
};

// --goodput: per-request service-level objectives, milliseconds, spelt as vLLM's
// `vllm bench serve --goodput ttft:500 tpot:50 e2el:8000`. A request is good when it succeeded and
// met every objective given (docs/metrics.md, "Goodput"). None given: goodput is not computed.
struct GoodputSlos {
  std::optional<double> ttft_ms;  // time to first token at most this
  std::optional<double> tpot_ms;  // time per output token at most this
  std::optional<double> e2el_ms;  // end-to-end latency at most this

  bool any() const { return ttft_ms || tpot_ms || e2el_ms; }
  bool operator==(const GoodputSlos&) const = default;
};

struct RunOptions {
  ApiEndpoint endpoint = ApiEndpoint::chat;  // --endpoint
  // Timeouts, seconds
  double timeout_s = 600;            // per-request total timeout (and first token unless below)
  double first_token_timeout_s = 0;  // longest wait for the first token; 0 = timeout_s
  double idle_timeout_s = 120;       // longest silence inside a stream
  double connect_timeout_s = 10;     // TCP connect timeout (no flag)
  // Faults and interruption
  int retries = 0;            // extra attempts for requests the server never answered
  double max_error_rate = 1;  // abort a scenario when its failed share exceeds this (1 = never)
  int max_error_window = 50;  // ... over this many last finished requests
  GoodputSlos goodput;        // --goodput (none: not computed)
  double max_failed_pct = 5;  // a scenario is invalid above this failed share, % (100 = never)
  double grace_s = 10;        // after SIGINT/SIGTERM: wait this long for in-flight requests
  // Prompts
  uint64_t seed = 0;          // prompts and arrivals
  int warmup = 1;             // warm-up requests per server, not measured
  std::string corpus = "ko";  // "ko", "en" or a UTF-8 text file
  bool ignore_eos = true;     // force exact output lengths (false: --no-ignore-eos)
  double temperature = 0;     // sampling temperature sent (no flag)
  // Client
  HttpClientKind http_client = HttpClientKind::native;  // --http-client
  int client_threads = 0;                   // event-loop threads (0 = one per spare core)
  bool new_connection_per_request = false;  // model cold clients (no keep-alive)
  // Credentials: where the API key comes from, never the key itself
  std::string api_key_env = "OPENAI_API_KEY";  // environment variable holding the API key
  std::string api_key_file;                    // file holding the API key ("" = use api_key_env)
  // TLS
  bool insecure = false;  // skip TLS certificate verification
  std::string ca_cert;    // CA bundle (PEM) to verify the server with ("" = system)
  // Reports and telemetry
  Lang lang = Lang::ko;         // report language
  std::string gpu_metrics_url;  // DCGM exporter on the server host ("" = local GPUs)

  bool operator==(const RunOptions&) const = default;
};

// The request path of `e`, e.g. "/v1/chat/completions".
const char* endpoint_path(ApiEndpoint e);
// "native" or "curl".
const char* to_string(HttpClientKind k);

// Parsers of the choice-valued options; each throws UsageError naming `where` (a flag or a sweep
// file key), the value and the accepted ones.
ApiEndpoint parse_endpoint(const std::string& text,
                           const std::string& where);  // path, or chat|completions
HttpClientKind parse_http_client(const std::string& text, const std::string& where);
Lang parse_lang_option(const std::string& text, const std::string& where);

// Parses `--goodput "ttft:500 tpot:50 e2el:8000"` (space- or comma-separated KEY:MS, each key at
// most once, values >= 0). Throws UsageError naming `where`, the token and the allowed keys.
GoodputSlos parse_goodput(const std::string& text, const std::string& where);
// "ttft:500 tpot:50" (the keys given, in vLLM's order); "" when none.
std::string to_string(const GoodputSlos& slos);

// Parses `--max-error-rate R[/N]` (R in [0, 1], N >= 1, default 50) into `options`. Throws
// UsageError naming the flag and the value.
void parse_max_error_rate(const std::string& text, RunOptions& options);

// One run option as a flag and a sweep-file key.
struct RunOptionInfo {
  const char* key;    // sweep-file key, e.g. "timeout_s"; the flag is --timeout-s
  const char* help;   // the flag's help text
  bool is_switch;     // a flag without a value (--insecure); true/false in a sweep file
  bool is_path;       // a file path: relative paths in a sweep file are from its directory
  bool show_default;  // --help shows the default value
  const char* type;   // --help's name of the value: INT, UINT, FLOAT, TEXT ("" for a switch);
                      // ending in "..." the flag takes several words (--goodput a:1 b:2)
  std::string (*text)(const RunOptions&);  // the value as the flag would be written
};

// Every settable run option, in --help order.
const std::vector<RunOptionInfo>& run_option_infos();

// "--timeout-s" for "timeout_s".
std::string run_option_flag(std::string_view key);

// nullptr when `key` is not a run option.
const RunOptionInfo* find_run_option(std::string_view key);

// "timeout_s, first_token_timeout_s, ..." for messages.
std::string run_option_keys();

// One value given for a run option: by a flag or by a sweep file.
struct RunOptionValue {
  std::string key;    // e.g. "timeout_s"
  std::string value;  // as written ("true"/"false" for a switch)
  std::string where;  // prefix of error messages: "--timeout-s" or "sweep.yaml:7: run.timeout_s"
};

// Sets each given option over `options` (the later layer wins: defaults < sweep file < flags).
// Giving both api_key_env and api_key_file in one layer is refused; giving one replaces the
// other from an earlier layer. Throws UsageError naming `where` for an unknown key or a value
// that does not parse; ranges are checked by validate().
void apply_run_options(RunOptions& options, const std::vector<RunOptionValue>& given);

// Throws UsageError naming the offending flag and value when an option is out of range, a file
// option names no readable file, or gpu_metrics_url is not an http(s) URL.
void validate(const RunOptions& options);

// Throws UsageError when `url` is not an http(s) URL with a host (and a valid port); the message
// names `flag` and the URL with any password redacted.
void check_url(const char* flag, const std::string& url);

}  // namespace sonde
