#include "client/http1_response.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sonde {
namespace {

constexpr std::size_t kHeadCap = 64 * 1024;  // a longer head is not an LLM server's
constexpr std::size_t kLineCap = 8 * 1024;   // chunk-size and trailer lines
constexpr int64_t kChunkCap = int64_t{1} << 40;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// True when the comma-separated header value lists `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// The last coding of a Transfer-Encoding value (the one that frames the message).
std::string_view last_token(std::string_view value) {
  const std::size_t comma = value.rfind(',');
  return trim(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

}  // namespace

void Http1Response::reset() {
  state_ = State::head;
  head_.clear();
  line_.clear();
  error_.clear();
  status_ = 0;
  head_done_ = false;
  keep_alive_ = true;
  chunked_ = false;
  content_length_ = -1;
  remaining_ = 0;
  body_bytes_ = 0;
}

void Http1Response::fail(std::string why) {
  state_ = State::failed;
  keep_alive_ = false;
  error_ = std::move(why);
}

std::string_view Http1Response::take(std::string_view& in, int64_t limit) {
  const std::size_t n =
      static_cast<std::size_t>(std::min<int64_t>(limit, static_cast<int64_t>(in.size())));
  const std::string_view b = in.substr(0, n);
  in.remove_prefix(n);
  body_bytes_ += static_cast<int64_t>(n);
  return b;
}

std::string_view Http1Response::next_body(std::string_view& in) {
  while (!in.empty()) {
    switch (state_) {
      case State::head:
        consume_head(in);
        break;
      case State::fixed: {
        const std::string_view b = take(in, remaining_);
        remaining_ -= static_cast<int64_t>(b.size());
        if (remaining_ == 0) state_ = State::done;
        return b;
      }
      case State::chunk_data: {
        const std::string_view b = take(in, remaining_);
        remaining_ -= static_cast<int64_t>(b.size());
        if (remaining_ == 0) state_ = State::chunk_crlf;
        return b;
      }
      case State::chunk_size:
      case State::chunk_crlf:
      case State::trailers:
        consume_line(in);
        break;
      case State::until_close:
        return take(in, static_cast<int64_t>(in.size()));
      case State::done:
        keep_alive_ = false;  // bytes after the response: the connection's framing is unknown
        in = {};
        return {};
      case State::failed:
        in = {};
        return {};
    }
  }
  return {};
}

void Http1Response::eof() {
  if (state_ == State::until_close) state_ = State::done;
  keep_alive_ = false;
}

void Http1Response::consume_head(std::string_view& in) {
  const std::size_t old = head_.size();
  head_.append(in);
  const std::size_t from = old >= 3 ? old - 3 : 0;
  const std::size_t end = head_.find("\r\n\r\n", from);
  if (end == std::string::npos) {
    in = {};
    if (head_.size() > kHeadCap) fail("response head longer than 64 KiB");
    return;
  }
  const std::size_t head_end = end + 4;
  in.remove_prefix(head_end - old);  // the rest of `in` is body (or the next head after a 1xx)
  head_.resize(head_end);
  if (head_end > kHeadCap) {  // whole or in pieces: the same cap
    fail("response head longer than 64 KiB");
    return;
  }
  if (!parse_head()) return;
  if (status_ >= 100 && status_ < 200) {  // interim response: the real one follows
    head_.clear();
    status_ = 0;
    keep_alive_ = true;
    chunked_ = false;
    content_length_ = -1;
    return;
  }
  begin_body();
}

bool Http1Response::parse_head() {
  std::string_view rest(head_);
  std::size_t eol = rest.find("\r\n");
  const std::string_view status_line = rest.substr(0, eol);
  rest.remove_prefix(eol + 2);
  // "HTTP/1.1 200 OK"
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ') {
    fail("not an HTTP/1.x response: \"" + std::string(status_line.substr(0, 80)) + "\"");
    return false;
  }
  keep_alive_ = status_line[7] != '0';  // HTTP/1.0 closes unless it says keep-alive
  const auto [ptr, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status_);
  if (ec != std::errc() || ptr != status_line.data() + 12 || status_ < 100 || status_ > 999) {
    fail("bad status line: \"" + std::string(status_line.substr(0, 80)) + "\"");
    return false;
  }
  if (status_ == 101) {
    fail("the server switched protocols (101), which a streaming POST cannot use");
    return false;
  }
  bool other_coding = false;
  while ((eol = rest.find("\r\n")) != 0 && eol != std::string_view::npos) {
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // obs-fold or junk: not a framing header
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "transfer-encoding")) {
      chunked_ = iequals(last_token(value), "chunked");
      other_coding = !chunked_;
    } else if (iequals(name, "content-length")) {
      int64_t n = -1;
      const auto [p, e] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (e != std::errc() || p != value.data() + value.size() || n < 0 ||
          (content_length_ >= 0 && content_length_ != n)) {
        fail("bad Content-Length: \"" + std::string(value.substr(0, 40)) + "\"");
        return false;
      }
      content_length_ = n;
    } else if (iequals(name, "connection")) {
      if (has_token(value, "close")) keep_alive_ = false;
      if (has_token(value, "keep-alive")) keep_alive_ = true;
    }
  }
  if (other_coding) {  // e.g. "gzip" alone: the body runs until the connection closes
    chunked_ = false;
    content_length_ = -1;
  }
  return true;
}

void Http1Response::begin_body() {
  head_done_ = true;
  if (status_ == 204 || status_ == 304) {
    state_ = State::done;
  } else if (chunked_) {
    state_ = State::chunk_size;  // Transfer-Encoding wins over Content-Length (RFC 9112 6.3)
  } else if (content_length_ >= 0) {
    remaining_ = content_length_;
    state_ = remaining_ == 0 ? State::done : State::fixed;
  } else {
    keep_alive_ = false;
    state_ = State::until_close;
  }
}

void Http1Response::consume_line(std::string_view& in) {
  const std::size_t nl = in.find('\n');
  std::string_view line;
  if (nl == std::string_view::npos) {
    line_.append(in);
    in = {};
    if (line_.size() > kLineCap) fail("chunk-size or trailer line longer than 8 KiB");
    return;
  }
  if (line_.empty()) {
    line = in.substr(0, nl);  // the common case: the whole line in this read, no copy
  } else {
    line_.append(in.substr(0, nl));
    line = line_;
  }
  in.remove_prefix(nl + 1);
  if (line.size() > kLineCap) {  // whole or in pieces: the same cap
    fail("chunk-size or trailer line longer than 8 KiB");
    return;
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

  if (state_ == State::chunk_size) {
    const std::string_view digits = line.substr(0, line.find_first_of("; \t"));
    int64_t size = -1;
    const auto [p, e] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
    if (digits.empty() || e != std::errc() || p != digits.data() + digits.size() || size < 0 ||
        size > kChunkCap) {
      fail("bad chunk size: \"" + std::string(line.substr(0, 40)) + "\"");
    } else if (size == 0) {
      state_ = State::trailers;
    } else {
      remaining_ = size;
      state_ = State::chunk_data;
    }
  } else if (state_ == State::chunk_crlf) {
    if (line.empty()) {
      state_ = State::chunk_size;
    } else {
      fail("chunk data longer than its size");
    }
  } else if (line.empty()) {  // trailers end with an empty line
    state_ = State::done;
  }
  line_.clear();
}

}  // namespace sonde
