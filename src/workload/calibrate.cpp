#include "workload/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "util/error.hpp"
#include "workload/document.hpp"
#include "util/utf8.hpp"

namespace sonde {
namespace {

// How far (bytes) a proposed cut may move to end on a word rather than inside one.
constexpr std::size_t kWordWindow = 24;
// Real tokenizers spend at most a few bytes of UTF-8 per token; a counter that needs more than
// this many is not counting the text we send.
constexpr std::size_t kMaxBytesPerToken = 64;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

struct Sample {
  std::size_t pos = 0;  // document length in bytes
  int64_t count = 0;    // server tokens of prefix + document[0, pos)
};

class Search {
 public:
  Search(const std::string& prefix, DocumentStream& doc, int64_t target, double bpt,
         const TokenCounter& count)
      : prefix_(prefix), doc_(doc), target_(target), bpt_(bpt), count_(count),
        tol_(std::max<int64_t>(2, target / 100)),
        max_bytes_(static_cast<std::size_t>(std::max<int64_t>(target, 0)) * kMaxBytesPerToken + 4096) {
  }

  Prompt run();

 private:
  Sample measure(std::size_t pos);
  std::optional<std::size_t> propose();
  double slope() const;
  std::optional<std::size_t> snap(double raw, std::size_t lo, std::optional<std::size_t> hi);
  bool done() const;
  int64_t miss(const Sample& s) const { return std::llabs(s.count - target_); }

  const std::string& prefix_;
  DocumentStream& doc_;
  int64_t target_;
  double bpt_;
  const TokenCounter& count_;
  int64_t tol_;
  std::size_t max_bytes_;  // longest document tried: no tokenizer needs more per token
  int calls_ = 0;
  Sample base_;               // the empty document: the fixed overhead
  Sample lo_;                 // longest cut known to count below target
  std::optional<Sample> hi_;  // shortest cut known to count above target
  Sample best_;               // closest count seen so far
  Sample prev_, last_;        // the two most recent counts, for the secant
  bool bisect_next_ = false;  // the last secant step did not halve the miss
};

Sample Search::measure(std::size_t pos) {
  const std::string& text = doc_.at_least(pos);
  std::string prompt = prefix_;
  prompt.append(text, 0, pos);
  ++calls_;
  const Sample s{pos, count_(prompt)};
  if (calls_ == 1 || miss(s) < miss(best_)) best_ = s;
  prev_ = last_;
  last_ = s;
  return s;
}

bool Search::done() const {
  if (best_.count == target_) return true;
  if (miss(best_) <= tol_ && calls_ >= kSoftCounterCalls) return true;
  return calls_ >= kHardCounterCalls;
}

// Tokens per byte near the target: the secant through the last two cuts counted, else the
// bracket's or the overhead-to-lo average, else the first guess.
double Search::slope() const {
  auto rise = [](const Sample& a, const Sample& b) {
    if (a.pos == b.pos) return 0.0;
    return static_cast<double>(b.count - a.count) / (static_cast<double>(b.pos) - a.pos);
  };
  if (calls_ >= 3) {
    if (const double s = rise(prev_, last_); s > 0) return s;
  }
  if (hi_) return rise(lo_, *hi_);
  if (lo_.pos > 0) return rise(base_, lo_);
  return 1.0 / bpt_;
}

// Next cut to count: a secant step from the closest cut so far, kept inside the bracket, and
// a bisection step whenever the previous step did not halve the miss. Token counts are not
// additive per character, so only the bracket (which shrinks every step) is trusted for
// termination.
std::optional<std::size_t> Search::propose() {
  if (hi_ && bisect_next_) return snap(lo_.pos + (hi_->pos - lo_.pos) / 2.0, lo_.pos, hi_->pos);
  const double per_byte = slope();
  const double gap = static_cast<double>(target_ - best_.count);
  double raw = per_byte > 0 ? best_.pos + gap / per_byte : 2.0 * lo_.pos;
  if (!hi_) {
    // Bound each step, and the whole document, so a counter that barely grows cannot make
    // us allocate gigabytes.
    if (lo_.pos >= max_bytes_) return std::nullopt;
    raw = std::min(raw, std::max(4.0 * lo_.pos, lo_.pos + 4.0 * (target_ - lo_.count) * bpt_));
    raw = std::min(raw, static_cast<double>(max_bytes_));
  }
  return snap(raw, lo_.pos, hi_ ? std::optional<std::size_t>(hi_->pos) : std::nullopt);
}

// A cut strictly inside (lo, hi) near `raw`: preferably at the end of a word (just before
// whitespace), otherwise at the nearest codepoint boundary. nullopt when none is left.
std::optional<std::size_t> Search::snap(double raw, std::size_t lo, std::optional<std::size_t> hi) {
  const std::size_t limit = hi ? *hi : static_cast<std::size_t>(-1);
  if (!(raw > lo + 1.0)) raw = lo + 1.0;
  std::size_t r = static_cast<std::size_t>(std::min(raw, 1e15));
  if (hi && r >= limit) r = limit - 1;
  const std::string& text = doc_.at_least(r + kWordWindow + 4);
  auto word_end = [&](std::size_t q) {
    return q > lo && q < limit && q < text.size() && is_space(text[q]) && !is_space(text[q - 1]);
  };
  // Near the end of the search the bracket is a few characters wide; a word end would
  // then land far from the estimate, so the detour allowed shrinks with the bracket.
  const std::size_t window = hi ? std::min(kWordWindow, (limit - lo) / 4) : kWordWindow;
  for (std::size_t d = 0; d <= window; ++d) {
    if (word_end(r + d)) return r + d;
    if (d <= r && word_end(r - d)) return r - d;
  }
  const std::size_t down = utf8::floor_boundary(text, r);
  if (down > lo && down < limit) return down;
  std::size_t up = r + 1;
  while (up < text.size() && !utf8::is_boundary(text, up)) ++up;
  if (up > lo && up < limit) return up;
  return std::nullopt;
}

Prompt Search::run() {
  base_ = measure(0);
  if (base_.count > target_ && base_.count - target_ > tol_) {
    throw UsageError("a prompt of " + std::to_string(target_) +
                     " tokens cannot be built: the nonce, instruction and chat template alone "
                     "count " +
                     std::to_string(base_.count) +
                     " tokens, the minimum reachable length; ask for at least that many");
  }
  lo_ = base_;
  bool collapsed = false;
  if (base_.count >= target_) hi_ = base_;  // within tolerance already: nothing to add
  while (!hi_ || hi_->pos != 0) {
    if (done()) break;
    const std::optional<std::size_t> pos = propose();
    if (!pos) {
      collapsed = hi_.has_value();  // adjacent cuts straddle the target
      break;
    }
    const int64_t miss_before = miss(best_);
    const bool secant = !(hi_ && bisect_next_);
    const Sample s = measure(*pos);
    if (s.count == target_) break;
    if (s.count < target_)
      lo_ = s;
    else
      hi_ = s;
    bisect_next_ = secant && 2 * miss(s) > miss_before;
  }
  // Adjacent cuts straddling the target mean best_ is the best any cut can do; anything else
  // short of tolerance means the counter is not behaving like a tokenizer of this text.
  if (miss(best_) > tol_ && !collapsed) {
    throw Error(ExitCode::failure, "could not calibrate a prompt to " + std::to_string(target_) +
                                       " tokens in " + std::to_string(calls_) +
                                       " token counts (closest: " + std::to_string(best_.count) +
                                       "); the server's token count does not grow "
                                       "steadily with the text, or is not deterministic");
  }
  std::string text = prefix_;
  text.append(doc_.at_least(best_.pos), 0, best_.pos);
  return Prompt{std::move(text), best_.count, calls_};
}

}  // namespace

Prompt calibrate_prompt(const std::string& prefix, DocumentStream& doc, int64_t target_tokens,
                        double bytes_per_token, const TokenCounter& count) {
  Search search(prefix, doc, target_tokens, bytes_per_token, count);
  return search.run();
}

}  // namespace sonde
