// Histograms: grouped bars over integer bins, each category named by its range.
#include <fmt/format.h>

#include "chart/chart.hpp"
#include "util/number_format.hpp"

namespace sonde::chart {

std::string render_histogram(const Histogram& h) {
  BarChart c;
  c.title = h.title;
  c.x_label = h.x_label;
  c.y_label = h.y_label;
  c.series = h.series;
  for (std::size_t i = 0; i + 1 < h.edges.size(); ++i) {
    const int64_t lo = h.edges[i], hi = h.edges[i + 1] - 1;  // integers: the last one in the bin
    c.categories.push_back(lo == hi ? integer(lo) : fmt::format("{}–{}", integer(lo), integer(hi)));
  }
  return render_bars(c);
}

}  // namespace sonde::chart
