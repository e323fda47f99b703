#include "workload/corpus.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "util/error.hpp"
#include "util/utf8.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

std::string write_temp(const std::string& name, const std::string& bytes) {
  const std::string path = (test::scratch_dir() / ("corpus_" + name)).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Every sentence-sized piece of text occurs once: the corpus must not pad itself by repetition.
void expect_no_repeated_sentences(const std::string& text) {
  std::map<std::string, int> seen;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '.' && c != '?' && c != '!' && c != '\n') continue;
    std::string sentence = text.substr(begin, i + 1 - begin);
    begin = i + 1;
    const auto first = sentence.find_first_not_of(" \n");
    if (first == std::string::npos || sentence.size() - first < 40) continue;
    EXPECT_EQ(++seen[sentence.substr(first)], 1) << "repeated: " << sentence.substr(first);
  }
}

TEST(Corpus, KoreanIsDefaultSizedAndDistinct) {
  const Corpus ko = Corpus::load("ko");
  EXPECT_EQ(ko.language(), "ko");
  EXPECT_EQ(ko.instruction(), "다음 문서를 읽고 핵심 내용을 요약해 주세요.");
  EXPECT_FALSE(utf8::first_invalid(ko.text()).has_value());
  const auto sc = utf8::count_scripts(ko.text());
  EXPECT_GE(sc.hangul, 14000u) << "a 10k-token prompt must fit without repeating text";
  expect_no_repeated_sentences(ko.text());
}

TEST(Corpus, EnglishIsSizedAndDistinct) {
  const Corpus en = Corpus::load("en");
  EXPECT_EQ(en.language(), "en");
  EXPECT_EQ(en.instruction(), "Read the following document and summarise its key points.");
  EXPECT_FALSE(utf8::first_invalid(en.text()).has_value());
  EXPECT_GE(utf8::count_scripts(en.text()).words, 9000u);
  expect_no_repeated_sentences(en.text());
}

TEST(Corpus, FileCorpusPicksInstructionByScript) {
  const Corpus en = Corpus::load(write_temp("en.txt", "Plain English text about trains.\n"));
  EXPECT_EQ(en.language(), "file");
  EXPECT_EQ(en.instruction(), "Read the following document and summarise its key points.");
  EXPECT_EQ(en.text(), "Plain English text about trains.");
  const Corpus ko = Corpus::load(write_temp("ko.txt", "서울의 지하철은 (Seoul Metro) 편리하다."));
  EXPECT_EQ(ko.instruction(), "다음 문서를 읽고 핵심 내용을 요약해 주세요.");
}

TEST(Corpus, FileCorpusNormalisesWindowsLineEnds) {
  const Corpus c = Corpus::load(write_temp("crlf.txt", "First paragraph.\r\n\r\nSecond one.\r\n"));
  EXPECT_EQ(c.text(), "First paragraph.\n\nSecond one.");
}

void expect_usage_error_naming(const std::string& path, const std::string& problem) {
  try {
    Corpus::load(path);
    FAIL() << "expected UsageError for " << path;
  } catch (const UsageError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(problem), std::string::npos) << msg;
  }
}

TEST(Corpus, FileErrorsAreUsageErrorsNamingThePath) {
  expect_usage_error_naming((test::scratch_dir() / "no_such_corpus.txt").string(),
                            "cannot be opened");
  expect_usage_error_naming(write_temp("empty.txt", ""), "empty");
  expect_usage_error_naming(write_temp("blank.txt", "  \n\n\t\n"), "empty");
  expect_usage_error_naming(write_temp("latin1.txt", "caf\xe9 au lait"), "not valid UTF-8");
  expect_usage_error_naming(write_temp("cut.txt", "\xea\xb0"), "not valid UTF-8");
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(utf8::first_invalid("한국어 text").has_value());
  EXPECT_EQ(utf8::first_invalid("ab\xc0\x80"), 2u);         // overlong
  EXPECT_EQ(utf8::first_invalid("\xed\xa0\x80"), 0u);       // surrogate
  EXPECT_EQ(utf8::first_invalid("x\xf4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(utf8::first_invalid("\xe2\x82"), 0u);           // truncated
}

TEST(Utf8, BoundariesNeverSplitACodepoint) {
  const std::string s = "가나";  // two 3-byte codepoints
  EXPECT_EQ(utf8::floor_boundary(s, 1), 0u);
  EXPECT_EQ(utf8::floor_boundary(s, 4), 3u);
  EXPECT_EQ(utf8::floor_boundary(s, 99), 6u);
  EXPECT_TRUE(utf8::is_boundary(s, 3));
  EXPECT_FALSE(utf8::is_boundary(s, 5));
}

}  // namespace
}  // namespace sonde
