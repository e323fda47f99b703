#pragma once
// libcurl's process-wide initialisation, done once and thread-safely before the first handle.

namespace sonde {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) on first use (a function-local static, so
// concurrent first calls are safe); throws sonde::Error if libcurl cannot initialise.
void ensure_curl_global();

}  // namespace sonde
