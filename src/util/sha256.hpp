#pragma once
// SHA-256 (FIPS 180-4), fed in pieces: identifies a dataset or trace file in run.json without
// holding the file in memory.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde {

class Sha256 {
 public:
  Sha256();
  // Appends `bytes` to the message.
  void update(std::string_view bytes);
  // The digest of everything appended, as 64 lowercase hex digits. Call once; the object is
  // spent afterwards.
  std::string hex_digest();

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 8> state_;     // running hash value H0..H7
  std::array<unsigned char, 64> block_{};  // bytes waiting for a full 64-byte block
  std::size_t block_used_ = 0;             // how many bytes of block_ are filled
  std::uint64_t length_ = 0;               // message length so far, in bytes
};

// The digest of `bytes` in one call.
std::string sha256_hex(std::string_view bytes);

}  // namespace sonde
