#include "client/curl_global.hpp"

#include <curl/curl.h>

#include "util/error.hpp"

namespace sonde {

void ensure_curl_global() {
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    throw Error(ExitCode::failure,
                std::string("libcurl failed to initialise: ") + curl_easy_strerror(rc));
  }
}

}  // namespace sonde
