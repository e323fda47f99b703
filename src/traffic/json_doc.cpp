#include "traffic/json_doc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "traffic/utf8.hpp"

namespace sonde::traffic {
namespace {

// The nearest object key before byte `offset` of JSON text `text` (read with a string-aware
// scan, since the text is not valid JSON to a parser), or "" when there is none.
std::string key_before(std::string_view text, std::size_t offset) {
  std::string last_key;
  std::size_t i = 0;
  while (i < offset && i < text.size()) {
    if (text[i] != '"') {
      ++i;
      continue;
    }
    const std::size_t start = ++i;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    if (i >= offset) break;  // the bad byte is inside this string
    const std::string_view str = text.substr(start, i - start);
    ++i;
    std::size_t j = i;
    while (j < text.size() &&
           (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
      ++j;
    if (j < text.size() && text[j] == ':') last_key = std::string(str);
  }
  return last_key;
}

}  // namespace

void JsonContext::fail(const std::string& field, const std::string& what) const {
  throw TrafficError(site, field, what, hint);
}

simdjson::dom::element JsonDoc::parse(std::string_view text, const JsonContext& where) {
  if (padded_.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    padded_.resize(std::max(text.size() + simdjson::SIMDJSON_PADDING, 2 * padded_.size()));
  }
  std::memcpy(padded_.data(), text.data(), text.size());
  simdjson::dom::element root;
  const auto error = parser_.parse(padded_.data(), text.size(), false).get(root);
  if (!error) return root;
  const std::size_t bad = first_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    JsonContext at = where;
    at.site.line += static_cast<std::size_t>(std::count(text.begin(), text.begin() + bad, '\n'));
    throw TrafficError(
        at.site, key_before(text, bad),
        fmt::format("is not valid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(text[bad])),
        "save the file as UTF-8");
  }
  where.fail("", fmt::format("is not valid JSON ({}): {}", simdjson::error_message(error),
                             quote_for_message(text, 60)));
}

const char* json_type_name(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "array";
    case simdjson::dom::element_type::OBJECT:
      return "object";
    case simdjson::dom::element_type::STRING:
      return "string";
    case simdjson::dom::element_type::BOOL:
      return "boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "number";
  }
}

std::string_view string_field(const JsonContext& where, simdjson::dom::element value,
                              const std::string& name) {
  std::string_view s;
  if (value.get_string().get(s)) {
    where.fail(name, fmt::format("must be a string (got {})", json_type_name(value)));
  }
  return s;
}

std::int64_t integer_field(const JsonContext& where, simdjson::dom::element value,
                           const std::string& name) {
  std::int64_t n = 0;
  if (value.is_int64()) {
    n = value.get_int64().value_unsafe();
  } else if (value.is_uint64()) {
    where.fail(name, "is too large");
  } else if (value.is_double()) {
    where.fail(name,
               fmt::format("must be a whole number (got {})", value.get_double().value_unsafe()));
  } else {
    where.fail(name, fmt::format("must be an integer (got {})", json_type_name(value)));
  }
  return n;
}

double number_field(const JsonContext& where, simdjson::dom::element value, const std::string& name) {
  double d = 0;
  if (value.get_double().get(d)) {  // integers convert too
    where.fail(name, fmt::format("must be a number (got {})", json_type_name(value)));
  }
  return d;
}

}  // namespace sonde::traffic
