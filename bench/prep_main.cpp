// prep: 1000 unique calibrated 10k-token prompts against the simulator's /tokenize, the old way
// (each prompt calibrated on its own, PromptFactory::make) and the batch way
// (make_prompt_batch: calibrate a few bases once, vary a four-word nonce, spot-check).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

#include "bench_extra.hpp"
#include "client/http.hpp"
#include "sim/sim_server.hpp"
#include "workload/corpus.hpp"
#include "workload/prompt_batch.hpp"

namespace sonde::bench {
namespace {

TokenCounter tokenize_counter(const std::string& base_url) {
  return [url = base_url + "/tokenize"](const std::string& text) -> int64_t {
    const nlohmann::json body{{"model", "bench"},
                              {"messages", {{{"role", "user"}, {"content", text}}}},
                              {"add_generation_prompt", true}};
    const HttpResponse r = http_post_json(url, body.dump(), std::nullopt, 30);
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || !j.contains("count")) {
      throw std::runtime_error("/tokenize failed: HTTP " + std::to_string(r.status) + " " + r.error);
    }
    return j["count"].get<int64_t>();
  };
}

struct PrepRun {
  double seconds = 0;
  int calls = 0;
  int spot_checks = 0;
  bool fell_back = false;
  int64_t min_tokens = 0, max_tokens = 0;
};

}  // namespace

Table prep_table(const Settings& s) {
  const int count = s.quick ? 100 : 1000;
  const int64_t target = 10000;
  SimOptions o;
  o.port = 0;
  o.model = "bench";
  SimServer sim(o);
  sim.start();
  const TokenCounter counter = tokenize_counter(fmt::format("http://127.0.0.1:{}", sim.port()));
  const Corpus corpus = Corpus::load("en");

  // The old way, on a sample (calibrating all 1000 one by one would take minutes): per-prompt
  // time extrapolated to `count`.
  const int sample = s.quick ? 5 : 20;
  PromptFactory old_factory(corpus, 7);
  int old_calls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < sample; ++i) {
    old_calls +=
        old_factory.make(target, make_nonce(7, static_cast<uint64_t>(i)), counter).counter_calls;
  }
  const double old_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<double> secs;
  PrepRun last;
  for (int r = 0; r < s.runs; ++r) {
    PromptFactory factory(corpus, 100 + static_cast<uint64_t>(r));
    const auto b0 = std::chrono::steady_clock::now();
    const PromptBatch batch =
        make_prompt_batch(factory, target, count, 100 + static_cast<uint64_t>(r), 0, counter);
    last.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
    secs.push_back(last.seconds);
    last.calls = batch.counter_calls;
    last.spot_checks = batch.spot_checks;
    last.fell_back = batch.fell_back;
    last.min_tokens = last.max_tokens = batch.prompts.front().tokens;
    for (const auto& p : batch.prompts) {
      last.min_tokens = std::min(last.min_tokens, p.tokens);
      last.max_tokens = std::max(last.max_tokens, p.tokens);
    }
  }
  sim.stop();
  Table t{fmt::format("prep: {} unique calibrated {}-token prompts (English corpus, chat template)",
                      count, target),
          fmt::format("Against the built-in simulator's /tokenize on this machine. `per prompt` "
                      "calibration was timed on {} prompts and extrapolated; the batch way is the "
                      "median of {} runs. Target <= 5 s: {}.",
                      sample, s.runs,
                      median(secs) <= 5 ? "met" : fmt::format("**missed** ({:.1f} s)", median(secs))),
          {"method", "seconds", "/tokenize calls", "spot-checks", "tokens (min..max)", "fell back"},
          {},
          {}};
  t.rows.push_back({"per prompt (PromptFactory::make)",
                    fixed(old_s / sample * count, 1) + " (extrapolated)",
                    fmt::format("{:.0f}", double(old_calls) / sample * count), "-", "-", "-"});
  t.rows.push_back({"batch (make_prompt_batch)", fixed(median(secs), 2), std::to_string(last.calls),
                    std::to_string(last.spot_checks),
                    fmt::format("{}..{}", last.min_tokens, last.max_tokens),
                    last.fell_back ? "yes" : "no"});
  return t;
}

}  // namespace sonde::bench

// sonde_bench_prep: a separate program because it links the simulator (sonde_sim), which the
// client benches do not need. Prints the markdown table on stdout.
int main(int argc, char** argv) {
  sonde::bench::Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc)
      s.runs = std::stoi(argv[++i]);
    else if (a == "--quick")
      s.quick = true;
  }
  try {
    std::cout << sonde::bench::prep_table(s).markdown();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "sonde_bench_prep: " << e.what() << "\n";
    return 1;
  }
}
