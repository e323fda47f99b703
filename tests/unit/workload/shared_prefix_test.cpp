// make_shared_prefix_prompts: equal prefixes within a group, distinct suffixes, calibrated
// lengths, groups alternating; and the expected-cache formula.
#include <gtest/gtest.h>

#include <set>

#include "fake_tokenizers.hpp"
#include "util/error.hpp"
#include "workload/corpus.hpp"
#include "workload/shared_prefix.hpp"

namespace sonde {
namespace {

TEST(SharedPrefix, GroupsShareTheirPrefixAndNothingElse) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 3);
  const TokenCounter count = [](const std::string& s) { return test::fake_count(s); };
  const SharedPrefixShape shape{3, 5, 600, 80};
  const auto built = make_shared_prefix_prompts(factory, shape, 11, 0, count, " [doc run1]");
  ASSERT_EQ(built.prompts.size(), 15u);
  ASSERT_EQ(built.prefix_tokens.size(), 3u);
  std::set<std::string> texts;
  std::vector<std::string> common(3);  // per group: what all its prompts start with
  for (std::size_t i = 0; i < built.prompts.size(); ++i) {
    const std::string& text = built.prompts[i].text;
    texts.insert(text);
    const std::size_t g = i % 3;  // requests alternate between groups
    if (i < 3) {
      common[g] = text;
    } else {
      std::size_t n = 0;
      while (n < common[g].size() && n < text.size() && common[g][n] == text[n]) ++n;
      common[g].resize(n);
    }
    EXPECT_NE(text.find("[doc run1]"), std::string::npos);
    // Whole prompt: prefix tokens + suffix_len within the calibration tolerance (1 %).
    const int64_t want = built.prefix_tokens[g] + shape.suffix_len;
    EXPECT_NEAR(double(test::fake_count(text)), double(want), want / 100.0 + 0.5) << i;
    EXPECT_EQ(built.prompts[i].tokens, test::fake_count(text)) << i;
  }
  EXPECT_EQ(texts.size(), 15u);  // every suffix distinct
  std::set<std::string> prefixes;
  for (std::size_t g = 0; g < 3; ++g) {
    // The shared part is the prefix and the blank line after it (the suffixes' nonces differ
    // from their first word, though two words may share a letter or two).
    const std::size_t cut = common[g].rfind("\n\n");
    ASSERT_NE(cut, std::string::npos);
    EXPECT_LE(common[g].size() - (cut + 2), 3u) << common[g].substr(cut);
    const std::string prefix = common[g].substr(0, cut);
    EXPECT_EQ(test::fake_count(prefix), built.prefix_tokens[g]);
    EXPECT_NEAR(double(built.prefix_tokens[g]), 600.0, 6.5);
    prefixes.insert(prefix);
  }
  EXPECT_EQ(prefixes.size(), 3u);  // every group its own prefix
  // Groups differ from their first words (no shared first block), as do two runs.
  std::set<std::string> heads;
  for (const std::string& p : prefixes) heads.insert(p.substr(0, 16));
  EXPECT_EQ(heads.size(), 3u);
  PromptFactory again(corpus, 3);
  const auto other = make_shared_prefix_prompts(again, shape, 11, 0, count, " [doc run2]");
  EXPECT_NE(other.prompts[0].text.substr(0, 40), built.prompts[0].text.substr(0, 40));
}

TEST(SharedPrefix, TooShortLengthsNameTheirKey) {
  const Corpus corpus = Corpus::load("en");
  PromptFactory factory(corpus, 3);
  const TokenCounter count = [](const std::string& s) { return test::fake_count(s); };
  try {
    make_shared_prefix_prompts(factory, {1, 2, 5, 50}, 1, 0, count, "");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("shared_prefix.prefix_len 5 is too short"), std::string::npos)
        << e.what();
  }
  try {
    make_shared_prefix_prompts(factory, {1, 2, 300, 3}, 1, 0, count, "");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("shared_prefix.suffix_len 3 is too short"), std::string::npos)
        << e.what();
  }
}

TEST(SharedPrefix, ExpectedCachedTokensCountWholeBlocksOfLaterRequests) {
  const std::vector<int64_t> prefixes{1024, 1030, 15};
  // (8 − 1) × (1024 + 1024 + 0): 1030 fills 64 blocks, 15 not one.
  EXPECT_EQ(expected_cached_tokens(prefixes, 8, 16), 7 * 2048);
  EXPECT_EQ(expected_cached_tokens(prefixes, 1, 16), 0);  // one request per group: no reuse
  EXPECT_EQ(expected_cached_tokens(prefixes, 3, 32), 2 * (1024 + 1024 + 0));
  EXPECT_EQ(expected_cached_tokens(prefixes, 3, 0), 0);
}

}  // namespace
}  // namespace sonde
