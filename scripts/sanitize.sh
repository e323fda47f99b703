#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build (gcc) of sonde and its unit and end-to-end
# tests, then ctest on it. Leaks count as failures; the first undefined behaviour aborts.
#   scripts/sanitize.sh [CTEST_ARGS...]     e.g. scripts/sanitize.sh -R test_sim
# Environment: BUILD (default build-asan), JOBS (default 2), CXX (default g++), TARGETS (ninja
# targets to build, default all; e.g. TARGETS="test_sim sonde" with a matching -R filter).
# Excluded: e2e_fidelity (measures timing, which the sanitizers slow down several-fold) and
# e2e_browser (needs chromium). Exit status is non-zero if the build or any test fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD:-$root/build-asan}"
jobs="${JOBS:-2}"
cxx="${CXX:-g++}"
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSONDE_FUZZ=OFF -DBUILD_TESTING=ON \
      -DCMAKE_CXX_FLAGS="$sanitize" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
# shellcheck disable=SC2086  # TARGETS is a word list
ninja -C "$build" -j "$jobs" ${TARGETS:-}

# detect_leaks: LeakSanitizer at exit. halt_on_error: UBSan findings fail the test instead of
# scrolling by. The symbolizer path lets reports name file:line when llvm-symbolizer exists.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
if command -v llvm-symbolizer >/dev/null; then
  export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer)"
fi

ctest --test-dir "$build" --output-on-failure -j "$jobs" \
      -E '^(e2e_fidelity|e2e_browser)$' "$@"
echo "sanitize.sh: ASan+UBSan build and tests passed"
