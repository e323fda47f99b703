#pragma once
// Blocking one-shot HTTP calls for discovery and calibration (/v1/models, /version,
// /tokenize, probes). Not for measured traffic: that goes through run_plan().
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sonde {

struct HttpResponse {
  long status = 0;    // HTTP status; 0 when no response arrived
  std::string body;   // response body (capped at 16 MiB)
  std::string error;  // transport error text ("" when a response arrived)
  std::vector<std::pair<std::string, std::string>> headers;  // (lower-case name, value), in order

  // The first header named `name` (lower case), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

HttpResponse http_get(const std::string& url, const std::optional<std::string>& api_key,
                      double timeout_s);
HttpResponse http_post_json(const std::string& url, const std::string& json_body,
                            const std::optional<std::string>& api_key, double timeout_s);

}  // namespace sonde
