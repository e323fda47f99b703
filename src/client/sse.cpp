#include "client/sse.hpp"

#include <cstring>
#include <utility>

namespace sonde {
namespace {

// Position of the next CR or LF at or after `pos`, or npos. Two memchr calls (vectorised in
// glibc) instead of string_view::find_first_of, which tests every byte against the set
// one call at a time and was the slowest step of the per-chunk path.
size_t find_eol(std::string_view bytes, size_t pos) {
  const char* begin = bytes.data() + pos;
  const size_t n = bytes.size() - pos;
  const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', n));
  const size_t limit = lf != nullptr ? static_cast<size_t>(lf - begin) : n;
  const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', limit));
  if (cr != nullptr) return pos + static_cast<size_t>(cr - begin);
  return lf != nullptr ? pos + limit : std::string_view::npos;
}

}  // namespace

// Room for any ordinary chunk up front: a line split across reads then never allocates, no
// matter how late in a stream the first split happens (test: hot_path_alloc_test.cpp).
constexpr size_t kInitialLineCapacity = 4096;

SseParser::SseParser(Callback on_data) : on_data_(std::move(on_data)) {
  partial_.reserve(kInitialLineCapacity);
  data_.reserve(kInitialLineCapacity);
}

void SseParser::reset() {
  partial_.clear();
  data_.clear();
  view_ = {};
  view_active_ = false;
  have_data_ = false;
  skip_lf_ = false;
  saw_done_ = false;
  events_ = 0;
}

void SseParser::feed(std::string_view bytes) {
  size_t pos = 0;
  if (skip_lf_ && !bytes.empty()) {
    skip_lf_ = false;
    if (bytes[0] == '\n') pos = 1;
  }
  while (pos < bytes.size()) {
    const size_t eol = find_eol(bytes, pos);
    if (eol == std::string_view::npos) {
      partial_.append(bytes.substr(pos));
      break;
    }
    if (partial_.empty()) {
      process_line(bytes.substr(pos, eol - pos), true);
    } else {
      partial_.append(bytes.substr(pos, eol - pos));
      process_line(partial_, false);
      partial_.clear();
    }
    pos = eol + 1;
    if (bytes[eol] == '\r') {
      // CRLF counts as one line end; the LF may be in the next read.
      if (pos < bytes.size()) {
        if (bytes[pos] == '\n') ++pos;
      } else {
        skip_lf_ = true;
      }
    }
  }
  // A single-line event still open at the end of this read must not point into `bytes`.
  if (view_active_) materialize_view();
}

void SseParser::finish() {
  if (!partial_.empty()) {
    std::string line;
    line.swap(partial_);
    process_line(line, false);
    if (view_active_) materialize_view();
  }
  dispatch();
  skip_lf_ = false;
}

void SseParser::materialize_view() {
  data_.assign(view_);
  view_active_ = false;
}

void SseParser::process_line(std::string_view line, bool line_is_transient) {
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line[0] == ':') return;  // comment (keep-alive pings)
  const size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  if (field != "data") return;  // event, id, retry: not needed to measure
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (!have_data_) {
    have_data_ = true;
    if (line_is_transient) {
      view_ = value;  // the common case: no copy unless the event spans reads
      view_active_ = true;
    } else {
      data_.assign(value);
    }
    return;
  }
  if (view_active_) materialize_view();
  data_.push_back('\n');
  data_.append(value);
}

void SseParser::dispatch() {
  if (!have_data_) return;
  const std::string_view payload = view_active_ ? view_ : std::string_view(data_);
  have_data_ = false;
  view_active_ = false;
  ++events_;
  if (payload == "[DONE]") saw_done_ = true;
  on_data_(payload);
  data_.clear();
}

}  // namespace sonde
