#include "traffic/source.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "traffic/error.hpp"

namespace sonde::traffic {

ByteSource::ByteSource(const std::string& path)
    : owned_(std::make_unique<std::ifstream>(path, std::ios::binary)), in_(owned_.get()),
      name_(path), chunk_(chunk_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw TrafficError({path, 0, {}}, "", "is a directory", "give the path of a file");
  }
  if (!*owned_) {
    throw TrafficError({path, 0, {}}, "", "cannot be opened",
                       "check the path (relative paths are taken from the current directory)");
  }
}

ByteSource::ByteSource(std::istream& in, std::string name, std::size_t chunk)
    : in_(&in), name_(std::move(name)), chunk_(std::max<std::size_t>(chunk, 1)) {}

std::string_view ByteSource::next_chunk() {
  if (digest_ || !*in_) return {};
  if (buffer_size_ < chunk_) {
    buffer_size_ = std::min(chunk_, std::max<std::size_t>(64 << 10, 2 * buffer_size_));
    buffer_ = std::make_unique_for_overwrite<char[]>(buffer_size_);
  }
  in_->read(buffer_.get(), static_cast<std::streamsize>(buffer_size_));
  const auto got = static_cast<std::size_t>(in_->gcount());
  if (in_->bad()) {
    throw TrafficError({name_, 0, {}}, "", "could not be read (I/O error)",
                       "check that the file is readable and not truncated");
  }
  const std::string_view chunk(buffer_.get(), got);
  hash_.update(chunk);
  bytes_read_ += got;
  return chunk;
}

std::string ByteSource::finish() {
  if (!digest_) {
    while (!next_chunk().empty()) {
    }
    digest_ = hash_.hex_digest();
  }
  return *digest_;
}

std::optional<std::string_view> LineReader::next() {
  if (ended_) return std::nullopt;
  carry_.clear();
  for (;;) {
    if (chunk_.empty()) {
      chunk_ = source_.next_chunk();
      if (chunk_.empty()) {
        ended_ = true;
        if (carry_.empty()) return std::nullopt;  // the file ended with "\n" (or was empty)
        ++line_;
        if (carry_.back() == '\r') carry_.pop_back();
        return std::string_view(carry_);
      }
    }
    const void* nl = std::memchr(chunk_.data(), '\n', chunk_.size());
    const std::size_t len = nl ? static_cast<const char*>(nl) - chunk_.data() : chunk_.size();
    if (carry_.size() + len > max_line_bytes) {
      throw TrafficError({source_.name(), line_ + 1, {}}, "",
                         "is longer than 256 MiB without a line break",
                         "each request must be one line of JSON or CSV");
    }
    std::string_view piece = chunk_.substr(0, len);
    if (!nl) {
      carry_.append(piece);
      chunk_ = {};
      continue;
    }
    chunk_.remove_prefix(len + 1);
    ++line_;
    std::string_view line = piece;
    if (!carry_.empty()) {
      carry_.append(piece);
      line = carry_;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }
}

}  // namespace sonde::traffic
