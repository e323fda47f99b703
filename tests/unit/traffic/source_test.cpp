#include "traffic/source.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "traffic/json_array_scanner.hpp"
#include "traffic/utf8.hpp"
#include "test_input.hpp"
#include "util/sha256.hpp"

namespace sonde::traffic {
namespace {

std::vector<std::string> all_lines(const std::string& text,
                                   std::size_t chunk = ByteSource::chunk_bytes) {
  std::istringstream in(text);
  ByteSource source(in, "t", chunk);
  LineReader lines(source);
  std::vector<std::string> out;
  while (const auto l = lines.next()) out.emplace_back(*l);
  EXPECT_EQ(lines.line(), out.size());
  EXPECT_EQ(source.finish(), sha256_hex(text));
  return out;
}

TEST(LineReader, LinesEndingsAndChunkBoundaries) {
  EXPECT_EQ(all_lines(""), std::vector<std::string>{});
  EXPECT_EQ(all_lines("a"), std::vector<std::string>{"a"});
  EXPECT_EQ(all_lines("a\n"), std::vector<std::string>{"a"});
  EXPECT_EQ(all_lines("a\r\n\nb"), (std::vector<std::string>{"a", "", "b"}));
  // Lines that cross the 1 MiB chunk edge arrive whole.
  const std::string long_line(ByteSource::chunk_bytes + 10, 'x');
  const auto lines = all_lines("short\n" + long_line + "\nlast\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], long_line);
  EXPECT_EQ(lines[2], "last");
}

TEST(LineReader, TinyChunksGiveTheSameLines) {
  const std::string text = "one\r\n\ntwo three\nfour\r\n";
  for (std::size_t chunk = 1; chunk < 8; ++chunk) {
    EXPECT_EQ(all_lines(text, chunk), all_lines(text)) << chunk;
  }
}

std::vector<std::string> all_elements(const std::string& text, std::size_t chunk) {
  std::istringstream in(text);
  ByteSource source(in, "t", chunk);
  JsonArrayScanner scanner(source, "");
  std::vector<std::string> out;
  while (const auto e = scanner.next())
    out.push_back(std::to_string(e->line) + ":" + std::string(e->text));
  return out;
}

TEST(JsonArrayScanner, TinyChunksGiveTheSameElements) {
  std::ifstream file(test::example("sharegpt-small.json"), std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  const auto whole = all_elements(text.str(), ByteSource::chunk_bytes);
  ASSERT_EQ(whole.size(), 21u);
  for (std::size_t chunk : {1u, 2u, 3u, 5u, 64u})
    EXPECT_EQ(all_elements(text.str(), chunk), whole) << chunk;
  EXPECT_EQ(all_elements("[1, \"a\\\"]\", {\"b\": [2]} ,null]", 1),
            (std::vector<std::string>{"1:1", "1:\"a\\\"]\"", "1:{\"b\": [2]}", "1:null"}));
}

// A byte-order mark that fills the whole first chunk (3-byte chunks) left the scanner reading past
// the chunk's end (found by sharegpt_fuzz under ASan).
TEST(JsonArrayScanner, AByteOrderMarkAloneInTheFirstChunk) {
  const std::string text = "\xEF\xBB\xBF[1, 2]";
  for (std::size_t chunk : {3u, 4u, 64u})
    EXPECT_EQ(all_elements(text, chunk), (std::vector<std::string>{"1:1", "1:2"})) << chunk;
}

TEST(Utf8, FirstInvalidByteAndLength) {
  EXPECT_EQ(first_invalid_utf8("plain 한국어 ✓ 😀"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF"), 2u);        // overlong '/'
  EXPECT_EQ(first_invalid_utf8("a\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ok\xE2\x82"), 2u);        // cut short
  EXPECT_EQ(utf8_length("한국어 ok"), 6u);
  EXPECT_EQ(quote_for_message("a\"b\x01\xFF\n"), "\"a\\\"b\\x01\\xFF\\n\"");
  EXPECT_EQ(quote_for_message("한국어", 4), "\"한...\"");
}

}  // namespace
}  // namespace sonde::traffic
