#pragma once
// A small SVG writer for report charts: escaping, "nice" axis ticks, linear and log scales, and
// an element builder. No layout policy here; chart.hpp draws axes, legends and series with it.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sonde::svg {

// Text content: & < > escaped (quotes are harmless between tags).
std::string escape_text(std::string_view text);

// Attribute value (always written in double quotes): & < > " ' escaped.
std::string escape_attr(std::string_view text);

// A coordinate with at most one decimal, "-0" folded to "0": keeps files small and byte-stable.
std::string coord(double v);

// Tick marks of one axis.
struct Ticks {
  std::vector<double> values;  // tick positions in data units, ascending
  double lo = 0;               // axis start (data units), at or below the data's minimum
  double hi = 1;               // axis end (data units), at or above the data's maximum
  int decimals = 0;            // digits after the point that print every linear tick exactly
};

// Heckbert's nice number ("Nice numbers for graph labels", Graphics Gems, 1990): a 1, 2, 5 or
// 10 times a power of ten near `x` (> 0); rounded to the closest when `round`, else the ceiling.
double nice_number(double x, bool round);

// Heckbert's loose labelling: about `count` ticks at a 1-2-5 step, the axis extended to whole
// steps around [lo, hi]. lo == hi (or reversed, or non-finite) gives a sensible non-empty axis.
Ticks nice_ticks(double lo, double hi, int count = 5);

// Ticks for a log10 axis over [lo, hi] (both > 0): every decade, with 2 and 5 between decades
// when the range spans few of them, so that even a range inside one decade gets >= 2 ticks.
Ticks log_ticks(double lo, double hi);

// Maps data values to pixels, linearly or by log10. Domain [d0, d1] onto range [r0, r1]
// (r1 < r0 for a y axis growing upwards).
class Scale {
 public:
  static Scale linear(double d0, double d1, double r0, double r1);
  static Scale log(double d0, double d1, double r0, double r1);  // d0, d1 > 0
  double operator()(double v) const;
  bool is_log() const { return log_; }
  double range_lo() const { return r0_; }
  double range_hi() const { return r1_; }

 private:
  Scale(bool log, double d0, double d1, double r0, double r1);
  bool log_;
  double d0_, d1_, r0_, r1_;  // domain (already log10 for log scales) and range, pixels
};

// Series colours: Okabe–Ito's colour-blind-safe palette, dark enough to print on white.
const char* series_color(std::size_t i);
// Dash pattern for line series i ("" for solid), so that lines stay apart in grey print.
const char* series_dash(std::size_t i);

// Attribute list, written in order; values are escaped by the writer.
using Attrs = std::vector<std::pair<std::string, std::string>>;

// Builds one <svg> element. Its size is a fixed viewBox with width="100%" so it scales with
// the page; the height follows from the viewBox's aspect ratio.
class Writer {
 public:
  Writer(double width, double height, std::string_view label);

  // <tag attrs/>, or with a <title> child (the hover text) when `title` is non-empty.
  void element(std::string_view tag, const Attrs& attrs, std::string_view title = {});
  // <text attrs>content</text>.
  void text(double x, double y, std::string_view content, const Attrs& extra = {});
  void open_group(const Attrs& attrs);
  void close_group();
  // Closes the <svg> and returns the whole element.
  std::string finish();

  double width() const { return width_; }
  double height() const { return height_; }

 private:
  void write_attrs(const Attrs& attrs);
  std::string out_;
  double width_, height_;  // viewBox size, user units
  int open_groups_ = 0;
};

// Rough rendered width of `text` at `font_px`: CJK and Hangul count as one em, others as 0.6.
// SVG cannot measure text before layout; this keeps legends from overlapping.
double approx_text_width(std::string_view text, double font_px);

}  // namespace sonde::svg
