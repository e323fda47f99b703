#pragma once
// Splits a top-level JSON array, read chunk by chunk, into the texts of its elements without
// parsing them (a bracket- and string-aware scan), so a ShareGPT file of any size is parsed one
// element at a time. Internal to src/traffic/.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "traffic/source.hpp"

namespace sonde::traffic {

class JsonArrayScanner {
 public:
  // `hint` is appended to structural errors (what the file should look like).
  JsonArrayScanner(ByteSource& source, std::string hint);

  struct Element {
    std::string_view text;  // the element's JSON text; valid until the next call
    std::size_t line;       // 1-based line where it starts
    std::size_t index;      // 0-based position in the array
  };
  // The next element, or nullopt after the closing ']'. Not an array, a missing ',' or ']',
  // or anything but whitespace after the ']' is a TrafficError.
  std::optional<Element> next();

 private:
  enum class State { before_array, before_element, in_element, after_element, done };
  bool refill();
  [[noreturn]] void fail(const std::string& what) const;

  ByteSource& source_;
  std::string hint_;
  std::string_view chunk_;
  std::size_t pos_ = 0;   // next byte of chunk_
  std::size_t line_ = 1;  // line of chunk_[pos_]
  State state_ = State::before_array;
  std::size_t index_ = 0;      // elements returned so far
  std::string element_;        // text of the element being read
  std::size_t bom_bytes_ = 0;  // bytes of a leading UTF-8 byte-order mark matched so far
  bool after_comma_ = false;   // before_element was entered by a ','
  // Scan state inside the current element.
  std::size_t element_line_ = 1;
  std::size_t depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;

  bool scan_element();  // true when the element ended within the current chunk
};

}  // namespace sonde::traffic
