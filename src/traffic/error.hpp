#pragma once
// The one error type of the dataset and trace loaders: where (file, 1-based line, ShareGPT array
// element), which field, and what to do, in one message printed once by main().
#include <cstddef>
#include <optional>
#include <string>

#include "util/error.hpp"

namespace sonde::traffic {

struct ErrorSite {
  std::string file;                    // the path (or stream name) as the user gave it
  std::size_t line = 0;                // 1-based line; 0 when the error is about the whole file
  std::optional<std::size_t> element;  // ShareGPT: 0-based index of the array element
};

class TrafficError : public UsageError {
 public:
  // message: "FILE:LINE: [element N: ][field "F" ]WHAT; HINT"
  TrafficError(ErrorSite site, std::string field, const std::string& what, const std::string& hint);

  const ErrorSite& site() const { return site_; }
  // The JSON key or CSV column the error is about ("prompt", "messages[2].content"); empty when
  // the error is about the whole line or file.
  const std::string& field() const { return field_; }

 private:
  ErrorSite site_;
  std::string field_;
};

}  // namespace sonde::traffic
