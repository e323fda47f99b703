#pragma once
// Counts heap allocations (operator new and malloc/calloc/realloc) made by the calling thread
// while a CountAllocations scope is alive. The hooks live in alloc_hook.cpp and replace the
// global allocation functions for the whole test_client binary; counting is off by default.
#include <cstdint>

// AddressSanitizer owns malloc: under it the hooks are compiled out and the counting tests skip.
#if defined(__SANITIZE_ADDRESS__)
#define SONDE_ALLOC_HOOK 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SONDE_ALLOC_HOOK 0
#endif
#endif
#ifndef SONDE_ALLOC_HOOK
#define SONDE_ALLOC_HOOK 1
#endif

namespace sonde::test {

class CountAllocations {
 public:
  CountAllocations();
  ~CountAllocations();
  CountAllocations(const CountAllocations&) = delete;
  CountAllocations& operator=(const CountAllocations&) = delete;
  int64_t count() const;  // allocations by this thread since construction
};

}  // namespace sonde::test
