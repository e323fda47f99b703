#pragma once
// Helpers for the traffic loader tests: the error a call throws.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

#include "traffic/error.hpp"

namespace sonde::traffic::test {

// The TrafficError `f` throws; a test failure when it throws none.
inline std::optional<TrafficError> error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const TrafficError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a TrafficError";
  return std::nullopt;
}

inline std::string example(const std::string& name) {
  return std::string(SONDE_SOURCE_DIR) + "/examples/data/" + name;
}

}  // namespace sonde::traffic::test
