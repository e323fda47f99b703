#include "metrics/prometheus.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace sonde {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// A cursor over one line. Every read is bounds-checked, so no input can run past the end.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  void skip_space() {
    while (!done() && is_space(s[i])) ++i;
  }
  // A metric name ([a-zA-Z_:][a-zA-Z0-9_:]*); label names use the same set here, which only
  // makes us accept a `:` in a label name that strict Prometheus would refuse.
  std::string_view name() {
    std::size_t start = i;
    if (done() || !is_name_start(s[i])) return {};
    while (!done() && is_name_char(s[i])) ++i;
    return s.substr(start, i - start);
  }
  // A run of non-space characters.
  std::string_view token() {
    std::size_t start = i;
    while (!done() && !is_space(s[i])) ++i;
    return s.substr(start, i - start);
  }
};

// Length of the well-formed UTF-8 sequence at s[i], or 0 when malformed (bad lead byte,
// truncated, overlong, surrogate, beyond U+10FFFF): the same rules nlohmann::json's dump()
// enforces, so nothing we parse can make writing run.json throw.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
  std::uint32_t cp = c & (0x7Fu >> n);  // payload bits of the lead byte
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return n;
}

// The format requires UTF-8; a server that breaks that gets each bad byte replaced by U+FFFD
// rather than its page refused. ASCII-only strings (the usual case) are returned untouched.
void repair_utf8(std::string& s) {
  auto ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  if (std::all_of(s.begin(), s.end(), ascii)) return;
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  s = std::move(out);
}

// Reads a quoted label value after its opening quote; unescapes \\ \" \n. An unknown escape
// is kept verbatim (lenient). False when the closing quote is missing.
bool read_label_value(Cursor& c, std::string& out) {
  while (!c.done()) {
    char ch = c.s[c.i++];
    if (ch == '"') return true;
    if (ch != '\\') {
      out.push_back(ch);
      continue;
    }
    if (c.done()) return false;
    char esc = c.s[c.i++];
    if (esc == 'n')
      out.push_back('\n');
    else if (esc == '\\' || esc == '"')
      out.push_back(esc);
    else {
      out.push_back('\\');
      out.push_back(esc);
    }
  }
  return false;
}

// Reads `{name="value",...}` after the opening brace; a trailing comma and `{}` are allowed.
bool read_labels(Cursor& c, MetricLabels& labels) {
  for (;;) {
    c.skip_space();
    if (c.peek() == '}') {
      ++c.i;
      return true;
    }
    std::string_view key = c.name();
    if (key.empty()) return false;
    c.skip_space();
    if (c.peek() != '=') return false;
    ++c.i;
    c.skip_space();
    if (c.peek() != '"') return false;
    ++c.i;
    std::string value;
    if (!read_label_value(c, value)) return false;
    repair_utf8(value);
    labels.emplace_back(std::string(key), std::move(value));
    c.skip_space();
    if (c.peek() == ',')
      ++c.i;
    else if (c.peek() != '}')
      return false;
  }
}

bool sort_and_check_labels(MetricLabels& labels) {
  auto by_name = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(labels.begin(), labels.end(), by_name)) {
    std::sort(labels.begin(), labels.end(), by_name);
  }
  auto dup = std::adjacent_find(labels.begin(), labels.end(),
                                [](const auto& a, const auto& b) { return a.first == b.first; });
  return dup == labels.end();  // a repeated label name makes the sample ambiguous
}

std::optional<std::int64_t> parse_timestamp(std::string_view t) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

// Parses one sample line; false when it is garbage.
bool parse_sample(std::string_view line, MetricSample& out) {
  Cursor c{line};
  c.skip_space();
  std::string_view name = c.name();
  if (name.empty()) return false;
  out.name.assign(name);
  std::size_t after_name = c.i;
  c.skip_space();
  if (c.peek() == '{') {
    ++c.i;
    if (!read_labels(c, out.labels) || !sort_and_check_labels(out.labels)) return false;
    c.skip_space();
  } else if (c.i == after_name) {
    return false;  // `name1.5`: the value must be separated from a bare name by space
  }
  auto value = parse_metric_value(c.token());
  if (!value) return false;
  out.value = *value;
  c.skip_space();
  if (c.done() || c.peek() == '#') return true;  // `#`: an OpenMetrics exemplar; ignored
  out.timestamp_ms = parse_timestamp(c.token());
  if (!out.timestamp_ms) return false;
  c.skip_space();
  return c.done() || c.peek() == '#';
}

MetricType parse_type(std::string_view t) {
  if (t == "counter") return MetricType::counter;
  if (t == "gauge") return MetricType::gauge;
  if (t == "histogram") return MetricType::histogram;
  if (t == "summary") return MetricType::summary;
  return MetricType::untyped;  // untyped, unknown, info, stateset, ...
}

std::string unescape_help(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == 'n')) {
      out.push_back(s[i + 1] == 'n' ? '\n' : '\\');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// `# HELP name text` / `# TYPE name type`; any other comment is ignored.
void parse_comment(std::string_view line, MetricsPage& page) {
  Cursor c{line};
  c.skip_space();
  ++c.i;  // '#'
  c.skip_space();
  std::string_view keyword = c.token();
  if (keyword != "HELP" && keyword != "TYPE") return;
  c.skip_space();
  std::string_view name = c.name();
  if (name.empty()) return;
  c.skip_space();
  std::string_view rest = c.s.substr(std::min(c.i, c.s.size()));
  MetricFamily& fam = page.families[std::string(name)];
  if (keyword == "TYPE") {
    Cursor r{rest};
    fam.type = parse_type(r.token());
  } else {
    fam.help = unescape_help(rest);
    repair_utf8(fam.help);
  }
}

}  // namespace

std::optional<double> parse_metric_value(std::string_view t) {
  if (t.empty()) return std::nullopt;
  bool negative = false;
  if (t[0] == '+' || t[0] == '-') {
    negative = t[0] == '-';
    t.remove_prefix(1);
    if (t.empty() || t[0] == '+' || t[0] == '-') return std::nullopt;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  // Out-of-range magnitudes (1e999) come back as result_out_of_range; Go's ParseFloat gives
  // ±Inf or 0 there, and so do we rather than dropping the sample.
  if (ec == std::errc::result_out_of_range && p == t.data() + t.size()) {
    v = std::strtod(std::string(t).c_str(), nullptr);
  } else if (ec != std::errc() || p != t.data() + t.size()) {
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<std::string_view> label_value(const MetricLabels& labels, std::string_view name) {
  for (const auto& [k, v] : labels) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

const std::vector<std::size_t>& MetricsPage::indices(std::string_view name) const {
  static const std::vector<std::size_t> none;
  auto it = by_name.find(std::string(name));
  return it == by_name.end() ? none : it->second;
}

const MetricFamily* MetricsPage::family_of(std::string_view sample_name) const {
  auto exact = families.find(std::string(sample_name));
  if (exact != families.end()) return &exact->second;
  for (std::string_view suffix : {"_bucket", "_sum", "_count", "_total", "_created"}) {
    if (sample_name.size() > suffix.size() && sample_name.ends_with(suffix)) {
      std::string base(sample_name.substr(0, sample_name.size() - suffix.size()));
      auto it = families.find(base);
      if (it != families.end()) return &it->second;
    }
  }
  return nullptr;
}

MetricsPage parse_prometheus_text(std::string_view text) {
  MetricsPage page;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    std::size_t end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;  // blank
    if (line[first] == '#') {
      parse_comment(line, page);
      continue;
    }
    MetricSample sample;
    if (!parse_sample(line, sample)) {
      if (page.skipped_lines++ == 0) page.first_skipped_line = line_no;
      continue;
    }
    page.by_name[sample.name].push_back(page.samples.size());
    page.samples.push_back(std::move(sample));
  }
  return page;
}

}  // namespace sonde
