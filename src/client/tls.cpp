#include "client/tls.hpp"

#include <mutex>

namespace sonde {
namespace {

std::mutex g_mu;
TlsOptions g_tls;

}  // namespace

void set_tls_options(const TlsOptions& options) {
  std::lock_guard lock(g_mu);
  g_tls = options;
}

TlsOptions tls_options() {
  std::lock_guard lock(g_mu);
  return g_tls;
}

void apply_tls(CURL* easy) {
  std::lock_guard lock(g_mu);  // libcurl copies the CA path, so the lock need not outlive this
  const TlsOptions& o = g_tls;
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, o.insecure ? 0L : 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, o.insecure ? 0L : 2L);
  if (!o.ca_cert.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, o.ca_cert.c_str());
}

}  // namespace sonde
