#include "sim/sim_server.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sim/server_core.hpp"
#include "sim/session.hpp"
#include "util/error.hpp"

namespace sonde {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct SimServer::Impl {
  explicit Impl(SimOptions o) : options(std::move(o)), acceptor(ioc) {}

  void do_accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
        return do_accept();  // e.g. too many open files: keep serving the others
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);  // each SSE chunk leaves at once
      std::make_shared<sim::Session>(std::move(socket), *core)->start();
      do_accept();
    });
  }

  SimOptions options;
  net::io_context ioc{1};                 // one thread runs everything: no locks on the hot path
  std::unique_ptr<sim::ServerCore> core;  // made by start(); after ioc: its timer dies first
  tcp::acceptor acceptor;
  std::thread thread;
  uint16_t port = 0;
  std::mutex mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;           // guarded by mutex
  std::atomic<bool> dead{false};  // an injected engine death stopped serving
};

SimServer::SimServer(SimOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

SimServer::~SimServer() { stop(); }

void SimServer::start() {
  auto& im = *impl_;
  if (im.core) throw Error(ExitCode::failure, "sonde sim: SimServer::start() called twice");
  if (const auto failure = validate_startup(im.options)) {
    throw Error(ExitCode::failure,
                fmt::format("the simulated vLLM cannot start with these settings ({}): {}",
                            failure->kind, failure->log_lines.front()));
  }
  im.core = std::make_unique<sim::ServerCore>(im.ioc, sim::resolve_config(im.options));
  im.core->on_death([&im] {  // an injected engine death: stop serving, as vLLM's server exits
    boost::system::error_code ignored;
    im.acceptor.close(ignored);
    im.core->shutdown();
    im.dead = true;
    if (im.options.on_engine_death) im.options.on_engine_death();
  });
  const std::string where = fmt::format("{}:{}", im.options.host, im.options.port);
  try {
    tcp::resolver resolver(im.ioc);
    const auto results =
        resolver.resolve(im.options.host, std::to_string(im.options.port), tcp::resolver::passive);
    const tcp::endpoint endpoint = results.begin()->endpoint();
    im.acceptor.open(endpoint.protocol());
    im.acceptor.set_option(tcp::acceptor::reuse_address(true));
    im.acceptor.bind(endpoint);
    im.acceptor.listen(net::socket_base::max_listen_connections);
    im.port = im.acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw Error(ExitCode::failure,
                fmt::format("sonde sim cannot listen on {}: {}; choose another --host/--port "
                            "(--port 0 picks a free one)",
                            where, e.code().message()));
  }
  im.do_accept();
  im.thread = std::thread([&im] { im.ioc.run(); });
}

uint16_t SimServer::port() const { return impl_->port; }

void SimServer::stop() {
  auto& im = *impl_;
  if (im.thread.joinable()) {
    // Close everything on the io thread; the loop then runs out of work and returns.
    net::post(im.ioc, [&im] {
      boost::system::error_code ignored;
      im.acceptor.close(ignored);
      im.core->shutdown();
    });
    im.thread.join();
  }
  std::lock_guard lock(im.mutex);
  im.stopped = true;
  im.stopped_cv.notify_all();
}

void SimServer::wait() {
  std::unique_lock lock(impl_->mutex);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

bool SimServer::engine_dead() const { return impl_->dead; }

std::string SimServer::fault_status() const {
  return impl_->core ? impl_->core->faults().status_body(impl_->dead) : std::string("{}");
}

SimStats SimServer::stats() const { return impl_->core ? impl_->core->stats() : SimStats{}; }

}  // namespace sonde
