#include "chart/svg.hpp"

#include <cmath>
#include <cstdio>

namespace sonde::svg {

namespace {

std::string escape(std::string_view text, bool attr) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attr ? "&quot;" : "\"";
        break;
      case '\'':
        out += attr ? "&#39;" : "'";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_text(std::string_view text) { return escape(text, false); }
std::string escape_attr(std::string_view text) { return escape(text, true); }

std::string coord(double v) {
  if (!std::isfinite(v)) return "0";
  double r = std::round(v * 10.0) / 10.0;
  if (r == 0) r = 0;  // folds -0
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", r);
  std::string s(buf);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

const char* series_color(std::size_t i) {
  // Okabe–Ito without its yellow (too pale on white paper), then a neutral grey.
  static const char* const kColors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                        "#CC79A7", "#56B4E9", "#555555"};
  return kColors[i % (sizeof kColors / sizeof kColors[0])];
}

const char* series_dash(std::size_t i) {
  static const char* const kDashes[] = {"", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4"};
  return kDashes[i % (sizeof kDashes / sizeof kDashes[0])];
}

Writer::Writer(double width, double height, std::string_view label)
    : width_(width), height_(height) {
  out_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + coord(width) + " " +
         coord(height) + "\" width=\"100%\" role=\"img\" aria-label=\"" + escape_attr(label) + "\">";
}

void Writer::write_attrs(const Attrs& attrs) {
  for (const auto& [name, value] : attrs) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += escape_attr(value);
    out_ += '"';
  }
}

void Writer::element(std::string_view tag, const Attrs& attrs, std::string_view title) {
  out_ += '<';
  out_ += tag;
  write_attrs(attrs);
  if (title.empty()) {
    out_ += "/>";
    return;
  }
  out_ += "><title>" + escape_text(title) + "</title></";
  out_ += tag;
  out_ += '>';
}

void Writer::text(double x, double y, std::string_view content, const Attrs& extra) {
  out_ += "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\"";
  write_attrs(extra);
  out_ += '>' + escape_text(content) + "</text>";
}

void Writer::open_group(const Attrs& attrs) {
  out_ += "<g";
  write_attrs(attrs);
  out_ += '>';
  ++open_groups_;
}

void Writer::close_group() {
  if (open_groups_ == 0) return;
  out_ += "</g>";
  --open_groups_;
}

std::string Writer::finish() {
  while (open_groups_ > 0) close_group();
  out_ += "</svg>";
  return std::move(out_);
}

double approx_text_width(std::string_view text, double font_px) {
  double ems = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    // UTF-8 lead bytes: 3-byte sequences (0xE0..0xEF) cover Hangul and CJK ideographs.
    if (c < 0x80) {
      ems += 0.6;
      i += 1;
    } else if (c >= 0xF0) {
      ems += 1.0;
      i += 4;
    } else if (c >= 0xE0) {
      ems += 1.0;
      i += 3;
    } else {
      ems += 0.6;
      i += 2;
    }
  }
  return ems * font_px;
}

}  // namespace sonde::svg
