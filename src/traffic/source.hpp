#pragma once
// The bytes of a dataset or trace file, read in fixed-size chunks and hashed (SHA-256) as they
// pass, so that no loader ever holds the whole file.
#include <cstdint>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/sha256.hpp"

namespace sonde::traffic {

class ByteSource {
 public:
  // Opens `path`; TrafficError naming it when it cannot be opened.
  explicit ByteSource(const std::string& path);
  // Reads `in` (not owned; must outlive this), called `name` in error messages, `chunk` bytes at
  // a time (small chunks let tests and fuzz targets put chunk edges everywhere).
  ByteSource(std::istream& in, std::string name, std::size_t chunk = chunk_bytes);

  // The next chunk (64 KiB, then doubling up to chunk_bytes), hashed; empty at the end of the input. The view stays
  // valid until the next call.
  std::string_view next_chunk();
  // Hashes the rest of the input without keeping it; the SHA-256 of the whole input (hex).
  std::string finish();

  const std::string& name() const { return name_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

  static constexpr std::size_t chunk_bytes = 1 << 20;

 private:
  std::unique_ptr<std::ifstream> owned_;
  std::istream* in_;
  std::string name_;
  std::size_t chunk_;               // the largest read
  std::unique_ptr<char[]> buffer_;  // not zeroed; grows from 64 KiB to chunk_ (small files stay cheap)
  std::size_t buffer_size_ = 0;
  Sha256 hash_;
  std::uint64_t bytes_read_ = 0;
  std::optional<std::string> digest_;  // set by finish()
};

// Lines of a ByteSource, without their "\n" or "\r\n".
class LineReader {
 public:
  explicit LineReader(ByteSource& source) : source_(source) {}

  // The next line, or nullopt at the end of the input; valid until the next call. A line longer
  // than max_line_bytes is a TrafficError (not a line-oriented file).
  std::optional<std::string_view> next();
  // 1-based number of the line last returned.
  std::size_t line() const { return line_; }

  static constexpr std::size_t max_line_bytes = 256u << 20;

 private:
  ByteSource& source_;
  std::string_view chunk_;  // unread part of the current chunk
  std::string carry_;       // a line that spans chunks, assembled
  std::size_t line_ = 0;
  bool ended_ = false;
};

}  // namespace sonde::traffic
