#pragma once
// TLS policy of every HTTP call sonde makes in this process (measured requests, discovery,
// /metrics): certificates are verified unless --insecure; --ca-cert names the CA bundle.
#include <curl/curl.h>

#include <string>

namespace sonde {

struct TlsOptions {
  bool insecure = false;  // skip peer and host name verification (--insecure)
  std::string ca_cert;    // PEM CA bundle ("" = the system's)
};

// Sets the policy for later requests; call before any request starts (not thread-safe against
// requests in flight).
void set_tls_options(const TlsOptions& options);
TlsOptions tls_options();

// Applies the policy to an easy handle (after curl_easy_reset, which clears it).
void apply_tls(CURL* easy);

}  // namespace sonde
