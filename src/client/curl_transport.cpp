#include "client/curl_transport.hpp"

#include <algorithm>
#include <cerrno>

#include "client/tls.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

// The response status curl has seen, into `t` unless it knows one already.
void take_status(CurlIo& c) {
  if (c.transfer->status() != 0) return;
  long status = 0;
  curl_easy_getinfo(c.easy, CURLINFO_RESPONSE_CODE, &status);
  c.transfer->assume_status(status);
}

}  // namespace

CurlIo::CurlIo(const ClientConfig& config) : easy(curl_easy_init()) {
  if (easy == nullptr) throw Error(ExitCode::failure, "curl_easy_init failed (out of memory?)");
  for (const std::string& r : config.resolve) resolve = curl_slist_append(resolve, r.c_str());
}

CurlIo::~CurlIo() {
  curl_easy_cleanup(easy);
  curl_slist_free_all(headers);
  curl_slist_free_all(resolve);
}

TransportOutcome outcome_of(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportOutcome::ok;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportOutcome::resolve_failed;
    case CURLE_COULDNT_CONNECT:
      return TransportOutcome::connect_failed;
    // run_plan sets no curl total timeout: a curl timeout is the connect timeout.
    case CURLE_OPERATION_TIMEDOUT:
      return TransportOutcome::connect_timeout;
    case CURLE_SEND_ERROR:
      return TransportOutcome::send_error;
    case CURLE_RECV_ERROR:
      return TransportOutcome::recv_error;
    case CURLE_GOT_NOTHING:
      return TransportOutcome::got_nothing;
    case CURLE_PARTIAL_FILE:
      return TransportOutcome::partial;
    case CURLE_WEIRD_SERVER_REPLY:
      return TransportOutcome::bad_reply;
    case CURLE_WRITE_ERROR:
      return TransportOutcome::abandoned;
    default:
      return TransportOutcome::failed;
  }
}

CurlTransport::CurlTransport(const TransportSetup& setup)
    : config_(setup.config), url_(setup.url), epoll_fd_(setup.epoll_fd), sink_(setup.sink),
      multi_(curl_multi_init()) {
  if (multi_ == nullptr) {
    throw Error(ExitCode::failure,
                "cannot create the client's event loop (out of file descriptors "
                "or memory?); raise `ulimit -n`");
  }
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlTransport::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlTransport::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  // Keep one idle connection per possible concurrent request so that keep-alive reuse works
  // for every in-flight slot (curl's default cache is sized from the handles added).
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(setup.idle_cap));
}

// The Worker closes every Transfer (removing its handle) before destroying the transport; the
// easy handles themselves go with their Transfers.
CurlTransport::~CurlTransport() {
  curl_multi_cleanup(multi_);  // closes the cached connections, telling on_socket first
}

int CurlTransport::on_socket(CURL*, curl_socket_t s, int what, void* self, void*) {
  auto* c = static_cast<CurlTransport*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(c->epoll_fd_, EPOLL_CTL_DEL, s, nullptr);
    return 0;
  }
  epoll_event ev{};
  ev.events =
      ((what & CURL_POLL_IN) != 0 ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) != 0 ? EPOLLOUT : 0u);
  ev.data.fd = s;
  if (epoll_ctl(c->epoll_fd_, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT) {
    epoll_ctl(c->epoll_fd_, EPOLL_CTL_ADD, s, &ev);
  }
  return 0;
}

int CurlTransport::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* c = static_cast<CurlTransport*>(self);
  if (timeout_ms < 0) {
    c->due_.reset();
  } else {
    c->due_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

// libcurl calls this once the connection is up (new or reused), right before it writes the
// request: the request really goes out now.
int CurlTransport::on_prereq(void* io, char*, char*, int, int) {
  static_cast<CurlIo*>(io)->transfer->sending(Clock::now());
  return CURL_PREREQFUNC_OK;
}

size_t CurlTransport::on_write(char* data, size_t size, size_t count, void* io) {
  const Clock::time_point now = Clock::now();  // one timestamp for every event in this read
  CurlIo& c = *static_cast<CurlIo*>(io);
  const size_t n = size * count;
  take_status(c);
  return c.transfer->on_bytes(std::string_view(data, n), now) ? n : 0;
}

void CurlTransport::prepare(CurlIo& c, const PreparedRequest& req) {
  curl_slist_free_all(c.headers);
  c.headers = nullptr;
  c.error[0] = '\0';
  const std::string id_header = "x-request-id: " + req.x_request_id;
  for (const char* h : {"Content-Type: application/json", "Accept: text/event-stream",
                        "Expect:"}) {  // "Expect:" stops curl's 1 s wait for 100-continue
    c.headers = curl_slist_append(c.headers, h);
  }
  c.headers = curl_slist_append(c.headers, id_header.c_str());
  if (config_.api_key) {
    c.headers = curl_slist_append(c.headers, ("Authorization: Bearer " + *config_.api_key).c_str());
  }

  CURL* easy = c.easy;
  curl_easy_reset(easy);
  curl_easy_setopt(easy, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(easy, CURLOPT_POST, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, c.headers);
  if (c.resolve != nullptr) curl_easy_setopt(easy, CURLOPT_RESOLVE, c.resolve);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   std::max(1L, static_cast<long>(config_.timeouts.connect_s * 1000)));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlTransport::on_write);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &c);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &c);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, c.error);
  apply_tls(easy);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &CurlTransport::on_prereq);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, &c);
  if (config_.new_connection_per_request) {
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
  }
}

void CurlTransport::start(Transfer& t) {
  if (t.io() == nullptr) t.set_io(std::make_unique<CurlIo>(config_));  // once per pooled Transfer
  CurlIo& c = *static_cast<CurlIo*>(t.io());
  c.transfer = &t;
  prepare(c, t.request());
  t.start(Clock::now());
  sink_.started(t);
  const CURLMcode rc = curl_multi_add_handle(multi_, c.easy);
  if (rc != CURLM_OK) {
    sink_.ended(t, TransportOutcome::connect_failed, curl_multi_strerror(rc));
    return;
  }
  c.added = true;
}

void CurlTransport::on_event(const epoll_event& ev) {
  int mask = 0;
  if ((ev.events & EPOLLIN) != 0) mask |= CURL_CSELECT_IN;
  if ((ev.events & EPOLLOUT) != 0) mask |= CURL_CSELECT_OUT;
  if ((ev.events & (EPOLLERR | EPOLLHUP)) != 0) mask |= CURL_CSELECT_ERR;
  int running = 0;
  curl_multi_socket_action(multi_, ev.data.fd, mask, &running);
}

void CurlTransport::poll(Clock::time_point now) {
  if (due_ && now >= *due_) {  // adding a handle asks for an immediate kick
    due_.reset();
    int running = 0;
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }
  collect_completed();
}

void CurlTransport::collect_completed() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    const CURLcode result = msg->data.result;  // read before remove_handle invalidates msg
    void* priv = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
    CurlIo& c = *static_cast<CurlIo*>(priv);
    take_status(c);
    const std::string detail = c.error[0] != '\0' ? c.error : curl_easy_strerror(result);
    curl_multi_remove_handle(multi_, c.easy);
    c.added = false;
    sink_.ended(*c.transfer, outcome_of(result), detail);
  }
}

void CurlTransport::close(Transfer& t) {
  auto* c = static_cast<CurlIo*>(t.io());
  if (c == nullptr || !c->added) return;
  take_status(*c);
  curl_multi_remove_handle(multi_, c->easy);
  c->added = false;
}

}  // namespace sonde
