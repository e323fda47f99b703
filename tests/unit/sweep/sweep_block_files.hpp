#pragma once
// Sweep files for the tests of one block of the file (run:, executor:): a fixed server and axes
// followed by the block under test, and the refusal load_sweep_file gives.
#include <string>

#include "support/test_files.hpp"
#include "sweep/sweep_file.hpp"
#include "util/error.hpp"

namespace sonde::test {

// Writes the sweep file `name` (scratch directory): two points of `sonde sim`, then `block`.
inline std::string write_sweep(const std::string& name, const std::string& block) {
  return write_scratch(name,
                       "server: {command: [sonde, sim]}\naxes: {max-num-seqs: [8, 16]}\n" + block);
}

// The UsageError load_sweep_file raises for `path`, or "accepted".
inline std::string refusal(const std::string& path) {
  try {
    load_sweep_file(path);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace sonde::test
