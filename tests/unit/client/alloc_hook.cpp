#include "alloc_hook.hpp"

#include <execinfo.h>
#include <unistd.h>

#include <cstdlib>
#include <new>

extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t n, size_t size);
void* __libc_realloc(void* p, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
}

namespace {

// Plain static TLS (no constructor): safe to touch from inside malloc.
thread_local bool counting = false;
thread_local int64_t allocations = 0;

inline void note() {
  if (counting) {
    ++allocations;
#ifdef SONDE_ALLOC_TRACE  // compile with -DSONDE_ALLOC_TRACE to print each counted stack
    counting = false;
    void* frames[32];
    const int n = backtrace(frames, 32);
    backtrace_symbols_fd(frames, n, 2);
    write(2, "----\n", 5);
    counting = true;
#endif
  }
}

}  // namespace

#if SONDE_ALLOC_HOOK

extern "C" {
void* malloc(size_t size) {
  note();
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) {
  note();
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t size) {
  note();
  return __libc_realloc(p, size);
}
}

void* operator new(size_t size) {
  note();
  if (void* p = __libc_malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  note();
  return __libc_malloc(size == 0 ? 1 : size);
}
void* operator new[](size_t size, const std::nothrow_t& t) noexcept {
  return operator new(size, t);
}
void* operator new(size_t size, std::align_val_t al) {
  note();
  if (void* p = __libc_memalign(static_cast<size_t>(al), size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size, std::align_val_t al) { return operator new(size, al); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

#endif  // SONDE_ALLOC_HOOK

namespace sonde::test {

CountAllocations::CountAllocations() {
  allocations = 0;
  counting = true;
}
CountAllocations::~CountAllocations() { counting = false; }
int64_t CountAllocations::count() const { return allocations; }

}  // namespace sonde::test
