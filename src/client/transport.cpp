#include "client/transport.hpp"

#include "client/curl_transport.hpp"
#include "client/native_http.hpp"
#include "client/native_transport.hpp"

namespace sonde {

std::unique_ptr<Transport> make_transport(const TransportSetup& setup) {
  if (std::optional<NativeEndpoint> ep = native_endpoint(setup.config, setup.url)) {
    return std::make_unique<NativeTransport>(setup, std::move(*ep));
  }
  return std::make_unique<CurlTransport>(setup);
}

}  // namespace sonde
