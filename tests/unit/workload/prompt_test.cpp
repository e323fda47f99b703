#include "workload/prompt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <stdexcept>

#include "fake_tokenizers.hpp"
#include "util/error.hpp"
#include "workload/calibrate.hpp"
#include "workload/corpus.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

int64_t tolerance(int64_t target) { return std::max<int64_t>(2, target / 100); }

// The document part of a prompt: everything after the instruction's blank line.
std::string_view document_of(const Prompt& p) {
  std::string_view t = p.text;
  const auto cut = t.find("\n\n");
  return cut == std::string_view::npos ? std::string_view{} : t.substr(cut + 2);
}

class CalibrationTest : public ::testing::TestWithParam<std::tuple<std::string, int64_t>> {};

TEST_P(CalibrationTest, HitsTargetWithinToleranceInFewCalls) {
  const auto& [lang, target] = GetParam();
  const Corpus corpus = Corpus::load(lang);
  PromptFactory factory(corpus, 42);
  int calls = 0;
  const TokenCounter counter = [&](const std::string& s) {
    ++calls;
    return test::fake_count(s);
  };
  for (uint64_t n = 0; n < 3; ++n) {
    calls = 0;
    const Prompt p = factory.make(target, make_nonce(7, n), counter);
    EXPECT_LE(std::llabs(p.tokens - target), tolerance(target)) << lang << " target " << target;
    EXPECT_EQ(p.tokens, test::fake_count(p.text)) << "reported count must be the real count";
    EXPECT_EQ(p.counter_calls, calls);
    EXPECT_LE(p.counter_calls, 8) << lang << " target " << target;
    EXPECT_EQ(p.text.rfind(make_nonce(7, n) + " " + corpus.instruction() + "\n\n", 0), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, CalibrationTest,
                         ::testing::Combine(::testing::Values("ko", "en"),
                                            ::testing::Values(50, 100, 1000, 3000, 6000, 10000)));

// The fixed part (nonce, instruction, template) counts as many tokens as `count` gives for
// the prompt with an empty document.
int64_t overhead(const Corpus& corpus, const std::string& nonce, const TokenCounter& count) {
  return count(nonce + " " + corpus.instruction() + "\n\n");
}

TEST(PromptFactory, SmallDocumentsJustAboveOverhead) {
  for (const char* lang : {"ko", "en"}) {
    const Corpus corpus = Corpus::load(lang);
    PromptFactory factory(corpus, 4);
    const TokenCounter count = [](const std::string& s) { return test::fake_count(s); };
    const int64_t base = overhead(corpus, "[doc 1]", count);
    for (int64_t extra : {0, 1, 2, 3, 5, 8, 20, 50}) {
      const Prompt p = factory.make(base + extra, "[doc 1]", count);
      EXPECT_LE(std::llabs(p.tokens - (base + extra)), 2) << lang << " +" << extra;
      EXPECT_EQ(p.tokens, count(p.text));
      EXPECT_LE(p.counter_calls, 10) << lang << " +" << extra;
    }
  }
}

TEST(PromptFactory, SteppedCounterTerminatesWithinTolerance) {
  const Corpus corpus = Corpus::load("ko");
  PromptFactory factory(corpus, 1);
  for (int64_t target : {50, 51, 100, 1000, 3001, 10000}) {
    int calls = 0;
    const Prompt p = factory.make(target, "[doc 1]", [&](const std::string& s) {
      ++calls;
      return test::stepped_count(s, 3);
    });
    EXPECT_LE(std::llabs(p.tokens - target), tolerance(target)) << target;
    EXPECT_EQ(p.tokens, test::stepped_count(p.text, 3));
    EXPECT_LE(calls, 48) << target;
  }
}

TEST(PromptFactory, UnreachableTargetReturnsClosestCount) {
  // Counts jump by 10, so base + 25 can only be missed by 5 (base + 20 or + 30): the search
  // must stop at adjacent cut points and return the closest count rather than loop or throw.
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 1);
  const TokenCounter counter = [](const std::string& s) { return test::stepped_count(s, 10); };
  const int64_t base = overhead(corpus, "[doc 1]", counter);
  const Prompt p = factory.make(base + 25, "[doc 1]", counter);
  EXPECT_TRUE(p.tokens == base + 20 || p.tokens == base + 30) << p.tokens;
  EXPECT_EQ(p.tokens, counter(p.text));
  EXPECT_LT(p.counter_calls, 48);
}

TEST(PromptFactory, NoisyNonMonotonicCounterStillConverges) {
  // Adds a pseudo-random -3..+3 to every count, so a longer cut may count fewer tokens.
  const auto noisy = [](const std::string& s) {
    const auto h = std::hash<std::string>{}(s);
    return test::fake_count(s) + static_cast<int64_t>(h % 7) - 3;
  };
  const Corpus corpus = Corpus::load("ko");
  PromptFactory factory(corpus, 8);
  for (int64_t target : {500, 1000, 6000}) {
    const Prompt p = factory.make(target, "[doc 2]", noisy);
    EXPECT_LE(std::llabs(p.tokens - target), tolerance(target)) << target;
    EXPECT_EQ(p.tokens, noisy(p.text));
    EXPECT_LE(p.counter_calls, kHardCounterCalls);
  }
}

TEST(PromptFactory, CounterThatStopsGrowingIsAnErrorNotAHang) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 1);
  int calls = 0;
  const TokenCounter stuck = [&](const std::string& s) -> int64_t {
    ++calls;
    return std::min<int64_t>(100, test::fake_count(s));
  };
  EXPECT_THROW(factory.make(1000, "[x]", stuck), Error);
  EXPECT_LE(calls, kHardCounterCalls);
}

TEST(PromptFactory, PromptsDifferFromFirstCharacterAndInDocument) {
  const Corpus corpus = Corpus::load("ko");
  PromptFactory factory(corpus, 3);
  const auto count = [](const std::string& s) { return test::fake_count(s); };
  std::set<std::string> starts;
  for (uint64_t n = 0; n < 8; ++n) {
    const Prompt p = factory.make(300, make_nonce(3, n), count);
    const std::string_view doc = document_of(p);
    ASSERT_GE(doc.size(), 60u);
    // Each document starts at the beginning of a corpus paragraph.
    const auto at = corpus.text().find(doc.substr(0, 60));
    ASSERT_NE(at, std::string::npos);
    EXPECT_TRUE(at == 0 || corpus.text().compare(at - 2, 2, "\n\n") == 0);
    starts.insert(std::string(doc.substr(0, 60)));
  }
  EXPECT_EQ(starts.size(), 8u) << "successive prompts must start at different paragraphs";
  const Prompt a = factory.make(300, make_nonce(3, 100), count);
  const Prompt b = factory.make(300, make_nonce(3, 101), count);
  EXPECT_NE(a.text.substr(0, 14), b.text.substr(0, 14));
}

TEST(PromptFactory, SameSeedReproducesPrompts) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory f1(corpus, 9), f2(corpus, 9), f3(corpus, 10);
  const auto count = [](const std::string& s) { return test::fake_count(s); };
  const Prompt a = f1.make(500, "[x]", count);
  EXPECT_EQ(a.text, f2.make(500, "[x]", count).text);
  EXPECT_NE(document_of(a).substr(0, 80), document_of(f3.make(500, "[x]", count)).substr(0, 80));
}

TEST(PromptFactory, LongPromptDoesNotRepeatParagraphs) {
  const Corpus corpus = Corpus::load("ko");
  PromptFactory factory(corpus, 5);
  const Prompt p = factory.make(10000, make_nonce(5, 0),
                                [](const std::string& s) { return test::fake_count(s); });
  const std::string_view doc = document_of(p);
  std::set<std::string_view> seen;
  std::size_t begin = 0;
  while (begin < doc.size()) {
    auto end = doc.find("\n\n", begin);
    if (end == std::string_view::npos) end = doc.size();
    EXPECT_TRUE(seen.insert(doc.substr(begin, end - begin)).second) << "repeated paragraph";
    begin = end + 2;
  }
  EXPECT_GT(seen.size(), 10u);
}

TEST(PromptFactory, PromptLongerThanCorpusCyclesInAnotherOrder) {
  Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 5);
  const int64_t corpus_tokens = test::fake_count(corpus.text());
  const Prompt p = factory.make(corpus_tokens * 5 / 2, "[x]",
                                [](const std::string& s) { return test::fake_count(s); });
  EXPECT_LE(std::llabs(p.tokens - corpus_tokens * 5 / 2), tolerance(corpus_tokens * 5 / 2));
  const std::string_view doc = document_of(p);
  // The second round must not be the first round again: compare the text right after one
  // corpus length with the start.
  EXPECT_NE(doc.substr(corpus.text().size() + 2, 200), doc.substr(0, 200));
}

TEST(PromptFactory, TinyFileCorpusCyclesToAnyLength) {
  const std::string path = (test::scratch_dir() / "prompt_tiny.txt").string();
  std::ofstream(path) << "Trains leave every ten minutes from the north platform.\n";
  const Corpus corpus = Corpus::load(path);
  PromptFactory factory(corpus, 2);
  const auto count = [](const std::string& s) { return test::fake_count(s); };
  const Prompt p = factory.make(2000, "[x]", count);
  EXPECT_LE(std::llabs(p.tokens - 2000), tolerance(2000));
  EXPECT_NE(p.text.find("platform"), std::string::npos);
}

TEST(PromptFactory, TargetBelowOverheadIsUsageErrorNamingMinimum) {
  const Corpus corpus = Corpus::load("ko");
  PromptFactory factory(corpus, 1);
  const auto count = [](const std::string& s) { return test::fake_count(s); };
  const int64_t overhead = count("[doc 00000000] " + corpus.instruction() + "\n\n");
  try {
    factory.make(overhead - 5, "[doc 00000000]", count);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(overhead)), std::string::npos) << e.what();
  }
}

TEST(PromptFactory, CounterErrorsPropagate) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 1);
  const TokenCounter broken = [](const std::string&) -> int64_t {
    throw UnreachableError("tokenize failed");
  };
  EXPECT_THROW(factory.make(1000, "[x]", broken), UnreachableError);
}

TEST(MakeNonce, DistinctPerRequestAndShort) {
  std::set<std::string> seen;
  for (uint64_t n = 0; n < 10000; ++n) {
    const std::string nonce = make_nonce(11, n);
    EXPECT_EQ(nonce.size(), 14u) << nonce;
    EXPECT_TRUE(seen.insert(nonce).second) << nonce;
  }
  EXPECT_EQ(make_nonce(11, 5), make_nonce(11, 5));
  EXPECT_NE(make_nonce(11, 5), make_nonce(12, 5));
}

}  // namespace
}  // namespace sonde
