#include "sim/tokenizer.hpp"

#include <gtest/gtest.h>

#include "sim/chat_template.hpp"
#include "sim/text_gen.hpp"

namespace sonde::sim {
namespace {

size_t count(std::string_view s) { return encode_text(s).size(); }

TEST(SimTokenizer, CountsFollowTheRules) {
  EXPECT_EQ(count(""), 0u);
  EXPECT_EQ(count("안녕하세요"), 5u);   // one per Hangul syllable
  EXPECT_EQ(count("안녕 하세요"), 5u);  // the space joins the next syllable
  EXPECT_EQ(count("the cat sat"), 3u);  // one per short word
  EXPECT_EQ(count("hello"), 2u);        // "hell" + "o"
  EXPECT_EQ(count("12345"), 2u);        // "123" + "45"
  EXPECT_EQ(count("Hi, there!"), 5u);   // "Hi" "," " ther" "e" "!"
  EXPECT_EQ(count("a\n\nb"), 3u);       // newlines are their own token
  EXPECT_EQ(count("a   b"), 3u);        // "a", "  ", " b"
}

TEST(SimTokenizer, IsNotAdditive) {
  EXPECT_NE(count("12") + count("3"), count("123"));
  EXPECT_NE(count("ab") + count("cd"), count("abcd"));
  EXPECT_NE(count("word ") + count("next"), count("word next"));
}

TEST(SimTokenizer, RoundTripsAnyText) {
  const std::string samples[] = {"Hello, world! 123456 tokens.",
                                 "  leading and trailing  ",
                                 "줄\n\n바꿈\t탭 \r\n",
                                 "émoji 🙂 mixed 한글 and English",
                                 std::string("bad \xff\xfe utf8 \xe2\x82"),
                                 "<|eot_id|> stays text here"};
  for (const auto& s : samples) {
    const auto ids = encode_text(s);
    const auto back = decode(ids);
    ASSERT_TRUE(back.has_value()) << s;
    EXPECT_EQ(*back, s);
    for (const auto id : ids) EXPECT_TRUE(token_text(id).has_value()) << id;
  }
  EXPECT_EQ(encode_text("same text"), encode_text("same text"));  // deterministic ids
}

TEST(SimTokenizer, UnknownIdsAreRejected) {
  TokenId bad = 0;
  const std::vector<TokenId> ids{kBeginOfText, -5};
  EXPECT_FALSE(decode(ids, &bad).has_value());
  EXPECT_EQ(bad, -5);
  EXPECT_FALSE(token_text(999).has_value());
}

TEST(SimTokenizer, ChatTemplateUsesSpecialTokens) {
  const std::string text = render_chat({{"user", "hi"}}, true);
  EXPECT_EQ(text,
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n");
  const auto ids = encode_with_specials(text);
  // BOS, start, "user", end, "\n\n", "hi", eot, start, "assi" "stan" "t", end, "\n\n"
  ASSERT_EQ(ids.size(), 13u);
  EXPECT_EQ(ids.front(), kBeginOfText);
  EXPECT_EQ(ids[6], kEotId);
  EXPECT_EQ(decode(ids).value(), text);
  // Without the generation prompt the template is 6 tokens shorter.
  EXPECT_EQ(encode_with_specials(render_chat({{"user", "hi"}}, false)).size(), 7u);
}

TEST(SimTextGen, EachPieceIsOneToken) {
  for (const bool korean : {true, false}) {
    TextStream stream(42, korean);
    for (int i = 0; i < 500; ++i) {
      const std::string piece = stream.next();
      EXPECT_EQ(encode_text(piece).size(), 1u) << "'" << piece << "'";
    }
  }
  TextStream a(7, true), b(7, true);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(a.next(), b.next());
}

TEST(SimTextGen, EosLengthStaysInRange) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const int64_t n = eos_length(hash_text(std::to_string(seed)), 10, 50);
    EXPECT_GE(n, 10);
    EXPECT_LE(n, 50);
  }
  EXPECT_EQ(eos_length(123, 0, 1), 1);
  EXPECT_EQ(eos_length(123, 5, 5), 5);
  EXPECT_EQ(eos_length(99, 0, 1000), eos_length(99, 0, 1000));
  EXPECT_TRUE(contains_hangul("abc 가"));
  EXPECT_FALSE(contains_hangul("abc é"));
}

}  // namespace
}  // namespace sonde::sim
