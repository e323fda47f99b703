#pragma once
// Many unique prompts of one calibrated length at the cost of a few calibrations: calibrate a
// handful of base prompts once per length, then give each request a different nonce with the
// same token count (words that are single tokens in BPE vocabularies and in the simulator), and
// spot-check a sample with the counter. A spot-check that disagrees makes the batch recount the
// unchecked prompts made so far and calibrate every later one individually, so the counts are
// exact whenever the nonce is not token-neutral for the server's tokenizer.
#include <cstdint>
#include <string>
#include <vector>

#include "workload/prompt.hpp"

namespace sonde {

struct PromptBatchOptions {
  int bases = 8;              // distinct calibrated documents the prompts rotate through
  int spot_check_every = 50;  // count every n-th prompt with the counter (the first always)
  // Appended to every word nonce, the same for the whole batch (e.g. " [run 3f9a2c71]"): keeps
  // prompts of different runs apart even where their word nonces collide. Calibrated with the
  // bases, so it costs no spot-check.
  std::string nonce_tag;
};

struct PromptBatch {
  std::vector<Prompt> prompts;  // in request order; tokens: the server count (the base's count
                                // for nonce variants, verified by the spot-checks)
  int counter_calls = 0;        // TokenCounter calls spent on the whole batch
  int spot_checks = 0;          // prompts re-counted after nonce substitution
  bool fell_back = false;       // a spot-check disagreed: the rest were calibrated one by one
};

// A nonce of exactly four short lowercase words ("mild oak ruby fox"): distinct for distinct n
// below 2^24 under one seed. Four tokens in common BPE vocabularies and in the simulator.
std::string word_nonce(uint64_t seed, uint64_t n);

// `count` prompts of `target_tokens` each; prompt i starts with
// lead + word_nonce(seed, first_n + i) + options.nonce_tag. `lead` is text every prompt starts
// with, before the nonce: a shared prefix (workload/shared_prefix.hpp), whose tokens count
// towards target_tokens.
// Errors thrown by `counter` propagate; UsageError as PromptFactory::make.
PromptBatch make_prompt_batch(PromptFactory& factory, int64_t target_tokens, int count,
                              uint64_t seed, uint64_t first_n, const TokenCounter& counter,
                              const PromptBatchOptions& options = {}, const std::string& lead = {});

}  // namespace sonde
