#include "traffic/source.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "traffic/utf8.hpp"
#include "util/sha256.hpp"

namespace sonde::traffic {
namespace {

std::vector<std::string> all_lines(const std::string& text) {
  std::istringstream in(text);
  ByteSource source(in, "t");
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

TEST(Utf8, FirstInvalidByteAndLength) {
  EXPECT_EQ(first_invalid_utf8("plain 한국어 ✓ 😀"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("a\xED\xA0\x80"), 1u);       // surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);    // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ok\xE2\x82"), 2u);          // cut short
  EXPECT_EQ(utf8_length("한국어 ok"), 6u);
  EXPECT_EQ(quote_for_message("a\"b\x01\xFF"), "\"a\\\"b\\x01\\xFF\"");
  EXPECT_EQ(quote_for_message("한국어", 4), "\"한...\"");
}

}  // namespace
}  // namespace sonde::traffic
