// Runs sonde_bench_prep (see prep_main.cpp) and takes its table verbatim.
#include <iostream>

#include "bench_extra.hpp"

namespace sonde::bench {

Table prep_table(const Settings& s) {
  std::vector<std::string> argv{s.build_dir + "/bench/sonde_bench_prep", "--runs",
                                std::to_string(s.runs)};
  if (s.quick) argv.push_back("--quick");
  Table t{"prep", "", {}, {}, {}};
  try {
    Child prep(argv);
    t.verbatim = prep.read_all();
    if (prep.wait() != 0 || t.verbatim.empty()) {
      t.verbatim = "### prep\n\nnot run: sonde_bench_prep failed (see stderr)\n\n";
    }
  } catch (const std::exception& e) {
    t.verbatim = std::string("### prep\n\nnot run: ") + e.what() + "\n\n";
  }
  return t;
}

}  // namespace sonde::bench
