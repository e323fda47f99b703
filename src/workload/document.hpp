#pragma once
// The document part of a prompt: corpus text read from a chosen paragraph onward, as long as a
// prompt needs. Internal to the workload module.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

// Splits `text` into the segments a document may start at: paragraphs (blank-line separated);
// lines when there are too few paragraphs; even whitespace-aligned chunks when there are too
// few lines. Each segment keeps its trailing separator so concatenation restores the text.
std::vector<std::string_view> split_segments(std::string_view text);

// Concatenated segments starting at `start`, in corpus order once round, then in a fresh
// shuffled order for every further round so a prompt longer than the corpus does not repeat
// the same sequence of paragraphs.
class DocumentStream {
 public:
  DocumentStream(std::vector<std::string_view> segments, std::size_t start, uint64_t seed);

  // The document so far, grown until it holds at least `n` bytes.
  const std::string& at_least(std::size_t n);

 private:
  void append_round();

  std::vector<std::string_view> segments_;
  std::size_t start_;
  std::mt19937_64 rng_;
  int rounds_ = 0;
  std::string text_;
};

}  // namespace sonde
