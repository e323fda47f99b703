#include "traffic/json_array_scanner.hpp"

#include <fmt/format.h>

#include "traffic/error.hpp"
#include "traffic/utf8.hpp"

namespace sonde::traffic {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

JsonArrayScanner::JsonArrayScanner(ByteSource& source, std::string hint)
    : source_(source), hint_(std::move(hint)) {}

void JsonArrayScanner::fail(const std::string& what) const {
  throw TrafficError({source_.name(), line_, {}}, "", what, hint_);
}

bool JsonArrayScanner::refill() {
  chunk_ = source_.next_chunk();
  pos_ = 0;
  return !chunk_.empty();
}

bool JsonArrayScanner::scan_element() {
  const char* p = chunk_.data();
  const std::size_t n = chunk_.size();
  const std::size_t start = pos_;
  bool ended = false;
  while (pos_ < n && !ended) {
    if (in_string_) {
      if (escape_) {  // the byte after a backslash, whatever it is (it may be in this chunk)
        escape_ = false;
        if (p[pos_++] == '\n') ++line_;
        continue;
      }
      // Most of a ShareGPT file is string text: skip it in a tight loop.
      while (pos_ < n && p[pos_] != '"' && p[pos_] != '\\' && p[pos_] != '\n') ++pos_;
      if (pos_ == n) break;
      const char c = p[pos_++];
      if (c == '\n') {
        ++line_;
      } else if (c == '\\') {
        escape_ = true;
      } else {
        in_string_ = false;
      }
      continue;
    }
    const char c = p[pos_];
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      if (depth_ == 0) {
        ended = true;  // a scalar element, ended by the array's ']' (or a stray '}')
        break;
      }
      if (--depth_ == 0) ended = true;
    } else if (depth_ == 0 && (c == ',' || is_space(c))) {
      ended = true;  // a scalar element
      break;
    } else if (c == '\n') {
      ++line_;
    }
    ++pos_;
  }
  element_.append(p + start, pos_ - start);
  return ended;
}

std::optional<JsonArrayScanner::Element> JsonArrayScanner::next() {
  for (;;) {
    if (pos_ == chunk_.size()) {
      if (refill()) continue;
      switch (state_) {
        case State::before_array:
          throw TrafficError({source_.name(), 0, {}}, "", "is empty; expected a JSON array", hint_);
        case State::in_element:
          fail(fmt::format("ends inside element {} (it starts at line {})", index_, element_line_));
        case State::before_element:
        case State::after_element:
          fail("ends before the array's closing ']'");
        case State::done:
          return std::nullopt;
      }
    }
    const char c = chunk_[pos_];
    switch (state_) {
      case State::before_array:
        // A UTF-8 byte-order mark may lead the file, in one chunk or split across several.
        if (bom_bytes_ < 3 && c == "\xEF\xBB\xBF"[bom_bytes_]) {
          ++bom_bytes_;
        } else if (c == '[') {
          state_ = State::before_element;
        } else if (!is_space(c)) {
          fail(fmt::format("must be a JSON array (it starts with {})",
                           quote_for_message(chunk_.substr(pos_), 20)));
        }
        break;
      case State::before_element:
        if (c == ']') {
          if (after_comma_) fail("has a ',' right before the closing ']'");
          state_ = State::done;
          break;
        }
        if (is_space(c)) break;
        after_comma_ = false;
        element_.clear();
        element_line_ = line_;
        depth_ = 0;
        in_string_ = escape_ = false;
        state_ = State::in_element;
        continue;  // the element's first byte is scanned below
      case State::in_element:
        if (!scan_element()) continue;
        state_ = State::after_element;
        return Element{element_, element_line_, index_++};
      case State::after_element:
        if (c == ',') {
          after_comma_ = true;
          state_ = State::before_element;
        } else if (c == ']') {
          state_ = State::done;
        } else if (!is_space(c)) {
          fail(fmt::format("expected ',' or ']' after element {}, got {}", index_ - 1,
                           quote_for_message(chunk_.substr(pos_), 20)));
        }
        break;
      case State::done:
        if (!is_space(c)) {
          fail(fmt::format("has content after the array's closing ']': {}",
                           quote_for_message(chunk_.substr(pos_), 20)));
        }
        break;
    }
    if (c == '\n') ++line_;
    ++pos_;
  }
}

}  // namespace sonde::traffic
