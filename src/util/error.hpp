#pragma once
// Typed errors that reach main(): each carries the process exit code it maps to.
// A failed request is data (RequestRecord::error), never one of these.
#include <stdexcept>
#include <string>

namespace sonde {

enum class ExitCode : int {
  ok = 0,
  failure = 1,      // unexpected internal failure
  usage = 2,        // bad flag, file or key
  unreachable = 3,  // target unreachable or not an OpenAI-compatible server
  server_gone = 4,  // server stopped answering mid-run
  invalid = 5,      // measured and written, but not valid (--max-failed-pct; analysis/validity.hpp)
  interrupted = 130,  // SIGINT / SIGTERM
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

struct UsageError : Error {
  explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
struct UnreachableError : Error {
  explicit UnreachableError(const std::string& m) : Error(ExitCode::unreachable, m) {}
};

}  // namespace sonde
