// make_prompt_batch: many unique prompts from a few calibrations, exact when the nonce is
// token-neutral, and a fall-back to per-prompt calibration when a spot-check says it is not.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fake_tokenizers.hpp"
#include "workload/corpus.hpp"
#include "workload/prompt_batch.hpp"

namespace sonde {
namespace {

TEST(PromptBatch, WordNoncesAreDistinctFourWords) {
  std::set<std::string> seen;
  for (uint64_t n = 0; n < 5000; ++n) {
    const std::string nonce = word_nonce(3, n);
    EXPECT_EQ(std::count(nonce.begin(), nonce.end(), ' '), 3) << nonce;
    seen.insert(nonce);
  }
  EXPECT_EQ(seen.size(), 5000u);
  EXPECT_NE(word_nonce(3, 0), word_nonce(4, 0));
}

TEST(PromptBatch, ManyUniquePromptsFromFewCalibrations) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 1);
  int calls = 0;
  const TokenCounter count = [&](const std::string& s) {
    ++calls;
    return test::fake_count(s);
  };
  const PromptBatch batch = make_prompt_batch(factory, 2000, 300, 9, 0, count);
  ASSERT_EQ(batch.prompts.size(), 300u);
  EXPECT_FALSE(batch.fell_back);
  EXPECT_EQ(batch.counter_calls, calls);
  EXPECT_LT(calls, 120);  // per-prompt calibration would need several calls for each of 300
  std::set<std::string> texts;
  for (size_t i = 0; i < batch.prompts.size(); ++i) {
    const Prompt& p = batch.prompts[i];
    EXPECT_EQ(test::fake_count(p.text), p.tokens) << i;  // the recorded count is the real one
    EXPECT_NEAR(double(p.tokens), 2000.0, 20.0) << i;
    EXPECT_EQ(p.text.rfind(word_nonce(9, i), 0), 0u) << i;
    texts.insert(p.text);
  }
  EXPECT_EQ(texts.size(), 300u);
}

TEST(PromptBatch, NonceTagFollowsEveryWordNonceAndCostsNoCall) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 1);
  int calls = 0;
  const TokenCounter count = [&](const std::string& s) {
    ++calls;
    return test::fake_count(s);
  };
  const PromptBatch batch = make_prompt_batch(
      factory, 1500, 100, 4, 7, count,
      PromptBatchOptions{.bases = 4, .spot_check_every = 25, .nonce_tag = " [doc ab12cd34]"});
  ASSERT_EQ(batch.prompts.size(), 100u);
  EXPECT_FALSE(batch.fell_back);
  std::set<std::string> texts;
  for (size_t i = 0; i < batch.prompts.size(); ++i) {
    const Prompt& p = batch.prompts[i];
    EXPECT_EQ(p.text.rfind(word_nonce(4, 7 + i) + " [doc ab12cd34]", 0), 0u) << i;
    EXPECT_EQ(test::fake_count(p.text), p.tokens) << i;
    texts.insert(p.text);
  }
  EXPECT_EQ(texts.size(), 100u);
  EXPECT_EQ(batch.counter_calls, calls);
}

TEST(PromptBatch, FallsBackWhenTheNonceIsNotTokenNeutral) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 1);
  // One token per character: nonces of different lengths change the count.
  const TokenCounter count = [](const std::string& s) { return static_cast<int64_t>(s.size()); };
  const PromptBatch batch =
      make_prompt_batch(factory, 3000, 120, 5, 0, count,
                        PromptBatchOptions{.bases = 2, .spot_check_every = 10, .nonce_tag = ""});
  EXPECT_TRUE(batch.fell_back);
  ASSERT_EQ(batch.prompts.size(), 120u);
  for (const Prompt& p : batch.prompts) {  // every count is the real one, before and after
    EXPECT_EQ(static_cast<int64_t>(p.text.size()), p.tokens);
    EXPECT_NEAR(double(p.tokens), 3000.0, 30.0);
  }
}

}  // namespace
}  // namespace sonde
