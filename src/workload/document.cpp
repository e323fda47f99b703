#include "workload/document.hpp"

#include <algorithm>
#include <utility>

#include "util/utf8.hpp"

namespace sonde {
namespace {

// Fewer start points than this and successive prompts would too often begin alike.
constexpr std::size_t kMinSegments = 16;

// Cuts `text` after every occurrence of `sep` (runs of it stay with the segment before).
std::vector<std::string_view> split_after(std::string_view text, std::string_view sep) {
  std::vector<std::string_view> out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t cut = text.find(sep, begin);
    if (cut == std::string_view::npos) {
      out.push_back(text.substr(begin));
      break;
    }
    cut += sep.size();
    while (cut < text.size() && (text[cut] == '\n' || text[cut] == '\r')) ++cut;
    out.push_back(text.substr(begin, cut - begin));
    begin = cut;
  }
  return out;
}

// Roughly equal chunks, each ending just after a whitespace character when one is near.
std::vector<std::string_view> split_even(std::string_view text) {
  std::vector<std::string_view> out;
  const std::size_t step = std::max<std::size_t>(1, text.size() / kMinSegments);
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t cut = std::min(text.size(), begin + step);
    const std::size_t ws = text.find_first_of(" \t\n", cut);
    const std::size_t after_word = ws == std::string_view::npos ? text.size() : ws + 1;
    if (after_word - cut <= 64) {
      cut = after_word;
    } else {  // text without spaces (e.g. Chinese): any codepoint boundary will do
      cut = std::max(begin + 1, utf8::floor_boundary(text, cut));
      while (cut < text.size() && !utf8::is_boundary(text, cut)) ++cut;
    }
    out.push_back(text.substr(begin, cut - begin));
    begin = cut;
  }
  return out;
}

}  // namespace

std::vector<std::string_view> split_segments(std::string_view text) {
  auto segs = split_after(text, "\n\n");
  if (segs.size() < kMinSegments) segs = split_after(text, "\n");
  if (segs.size() < kMinSegments) segs = split_even(text);
  return segs;
}

DocumentStream::DocumentStream(std::vector<std::string_view> segments, std::size_t start,
                               uint64_t seed)
    : segments_(std::move(segments)), start_(start), rng_(seed) {}

const std::string& DocumentStream::at_least(std::size_t n) {
  while (text_.size() < n && !segments_.empty()) append_round();
  return text_;
}

void DocumentStream::append_round() {
  const std::size_t count = segments_.size();
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = (start_ + i) % count;
  if (rounds_ > 0) {
    // Fisher-Yates with the raw engine: std::shuffle's draws are implementation-defined and
    // prompts must be reproducible across standard libraries.
    for (std::size_t i = count - 1; i > 0; --i) std::swap(order[i], order[rng_() % (i + 1)]);
  }
  for (std::size_t idx : order) {
    // Keep segments apart even where the corpus' last one has no trailing separator.
    if (!text_.empty() && text_.back() != '\n' && text_.back() != ' ') text_ += "\n\n";
    text_ += segments_[idx];
  }
  ++rounds_;
}

}  // namespace sonde
