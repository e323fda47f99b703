// run.json `options`: every RunOptions field, so that a result says how it was measured. The
// credentials are recorded as their source (variable name or file path), never the key.
#include "results/json.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::number;
using json_detail::value_or;
using nlohmann::json;

void to_json(json& j, const RunOptions& o) {
  j = json{{"endpoint", endpoint_path(o.endpoint)},
           {"timeout_s", number(o.timeout_s)},
           {"first_token_timeout_s", number(o.first_token_timeout_s)},
           {"idle_timeout_s", number(o.idle_timeout_s)},
           {"connect_timeout_s", number(o.connect_timeout_s)},
           {"retries", o.retries},
           {"max_error_rate", number(o.max_error_rate)},
           {"max_error_window", o.max_error_window},
           {"max_failed_pct", number(o.max_failed_pct)},
           {"goodput", o.goodput},
           {"grace_s", number(o.grace_s)},
           {"seed", o.seed},
           {"warmup", o.warmup},
           {"corpus", o.corpus},
           {"ignore_eos", o.ignore_eos},
           {"temperature", number(o.temperature)},
           {"http_client", to_string(o.http_client)},
           {"client_threads", o.client_threads},
           {"new_connection_per_request", o.new_connection_per_request},
           {"api_key_env", o.api_key_env},  // the source in use: api_key_file when set
           {"api_key_file", o.api_key_file},
           {"insecure", o.insecure},
           {"tls_verify", !o.insecure},  // the same fact, under the name readers of schema 1 know
           {"ca_cert", o.ca_cert},
           {"lang", to_string(o.lang)},
           {"gpu_metrics_url", o.gpu_metrics_url}};
}

// Keys a file does not have (written before they were recorded) read as the defaults.
void from_json(const json& j, RunOptions& o) {
  const RunOptions d;
  o.endpoint = parse_endpoint(value_or(j, "endpoint", std::string(endpoint_path(d.endpoint))),
                              "run.json options.endpoint");
  o.timeout_s = value_or(j, "timeout_s", d.timeout_s);
  o.first_token_timeout_s = value_or(j, "first_token_timeout_s", d.first_token_timeout_s);
  o.idle_timeout_s = value_or(j, "idle_timeout_s", d.idle_timeout_s);
  o.connect_timeout_s = value_or(j, "connect_timeout_s", d.connect_timeout_s);
  o.retries = value_or(j, "retries", d.retries);
  o.max_error_rate = value_or(j, "max_error_rate", d.max_error_rate);
  o.max_error_window = value_or(j, "max_error_window", d.max_error_window);
  // Files written before runs were judged: read as "never invalid", as they were measured.
  o.max_failed_pct = value_or(j, "max_failed_pct", 100.0);
  o.goodput = value_or(j, "goodput", json::object()).get<GoodputSlos>();
  o.grace_s = value_or(j, "grace_s", d.grace_s);
  o.seed = value_or(j, "seed", d.seed);
  o.warmup = value_or(j, "warmup", d.warmup);
  o.corpus = value_or(j, "corpus", d.corpus);
  o.ignore_eos = value_or(j, "ignore_eos", d.ignore_eos);
  o.temperature = value_or(j, "temperature", d.temperature);
  o.http_client = parse_http_client(value_or(j, "http_client", std::string(to_string(d.http_client))),
                                    "run.json options.http_client");
  o.client_threads = value_or(j, "client_threads", d.client_threads);
  o.new_connection_per_request =
      value_or(j, "new_connection_per_request", d.new_connection_per_request);
  o.api_key_env = value_or(j, "api_key_env", d.api_key_env);
  o.api_key_file = value_or(j, "api_key_file", d.api_key_file);
  o.insecure = value_or(j, "insecure", !value_or(j, "tls_verify", true));
  o.ca_cert = value_or(j, "ca_cert", d.ca_cert);
  o.lang = parse_lang_option(value_or(j, "lang", std::string(to_string(d.lang))),
                             "run.json options.lang");
  o.gpu_metrics_url = value_or(j, "gpu_metrics_url", d.gpu_metrics_url);
}

}  // namespace sonde
