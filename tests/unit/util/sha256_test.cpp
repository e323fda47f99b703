#include "util/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sonde {
namespace {

// Known-answer vectors from FIPS 180-4's examples (NIST CSRC) and the usual extra cases.
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(
      sha256_hex(
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
          "nopqrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecesGiveTheSameDigestAsOneCall) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  const std::string whole = sha256_hex(text);
  // Every split point, including the 55/56/64-byte padding edges.
  for (std::size_t cut = 0; cut <= text.size(); cut += 7) {
    Sha256 h;
    h.update(std::string_view(text).substr(0, cut));
    h.update(std::string_view(text).substr(cut));
    EXPECT_EQ(h.hex_digest(), whole) << "cut at " << cut;
  }
  for (std::size_t n : {55u, 56u, 63u, 64u, 65u}) {
    Sha256 h;
    for (std::size_t i = 0; i < n; ++i) h.update("x");
    EXPECT_EQ(h.hex_digest(), sha256_hex(std::string(n, 'x'))) << n;
  }
}

}  // namespace
}  // namespace sonde
