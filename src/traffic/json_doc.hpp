#pragma once
// One JSON text of a dataset (a JSONL line, a ShareGPT array element) parsed with simdjson's
// DOM parser, which checks the whole text (syntax and UTF-8), and typed accessors whose errors
// name the field. Internal to src/traffic/.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "traffic/error.hpp"

namespace sonde::traffic {

// Where a JSON text sits in its file, and what a correct one looks like.
struct JsonContext {
  ErrorSite site;    // file, line where the text starts, element index
  std::string hint;  // what to do, appended to every error about this text
  [[noreturn]] void fail(const std::string& field, const std::string& what) const;
};

class JsonDoc {
 public:
  // Parses `text`: not JSON, or not UTF-8 (the error then names the line of the bad byte and the
  // nearest key before it), is a TrafficError. The element stays valid until the next parse.
  simdjson::dom::element parse(std::string_view text, const JsonContext& where);

 private:
  simdjson::dom::parser parser_;
  std::string padded_;  // text + SIMDJSON_PADDING bytes, reused
};

// "string", "number", "array", "object", "boolean" or "null".
const char* json_type_name(simdjson::dom::element e);

// The value of `field` in `object`, with its type checked; missing or wrong type is a
// TrafficError naming `field` (`name` is how the field is called in the message, e.g.
// "conversations[2].value").
std::string_view string_field(const JsonContext& where, simdjson::dom::element value,
                              const std::string& name);
std::int64_t integer_field(const JsonContext& where, simdjson::dom::element value,
                           const std::string& name);
double number_field(const JsonContext& where, simdjson::dom::element value, const std::string& name);

}  // namespace sonde::traffic
