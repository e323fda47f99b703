#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build (gcc) of sonde and its unit and end-to-end
# tests, then ctest on it. Leaks count as failures; the first undefined behaviour aborts.
#   scripts/sanitize.sh [CTEST_ARGS...]     e.g. scripts/sanitize.sh -R test_sim
# Environment: BUILD (default build-asan), JOBS (default 2), CXX (default g++), TARGETS (ninja
# targets to build, default sonde and the unit-test binaries; e.g. TARGETS="test_sim sonde" with a
# matching -R filter), CMAKE_FLAGS (extra cmake arguments, e.g.
# -DCMAKE_CXX_COMPILER_LAUNCHER=ccache).
# Excluded: e2e_fidelity (measures timing, which the sanitizers slow down several-fold) and
# e2e_browser (needs chromium). Exit status is non-zero if the build or any test fails, or if any
# process (including a sonde that a test expected to fail) wrote an ASan/LSan report.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD:-$root/build-asan}"
jobs="${JOBS:-2}"
cxx="${CXX:-g++}"
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS"
# -O0 -g1: a sixth of -O2 -g's compile time (the build dominates this job on 2 cores), nothing
# optimised away from the checks, still file:line in every report. No NDEBUG, and
# _GLIBCXX_ASSERTIONS bounds-checks operator[], front() and back() of the standard containers.
opt="-O0 -g1"

# shellcheck disable=SC2086  # CMAKE_FLAGS is a word list
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSONDE_FUZZ=OFF -DBUILD_TESTING=ON \
      -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" ${CMAKE_FLAGS:-} >/dev/null
# Only what ctest runs: the bench/ programs are not tested and would cost build time.
targets="${TARGETS:-sonde $(ninja -C "$build" -t targets all | sed -n 's/^\(test_[a-z_]*\): phony$/\1/p')}"
# shellcheck disable=SC2086  # a word list
ninja -C "$build" -j "$jobs" $targets

# detect_leaks: LeakSanitizer at exit. halt_on_error: UBSan findings fail the test instead of
# scrolling by (exit status 1). log_path: every ASan/LSan report lands in a file, so a finding in a
# process whose exit status a test does not check (a sonde expected to fail, a server it launched)
# still fails the job. gcc 12's UBSan ignores log_path (checked): its reports go to stderr only.
logs="$build/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$logs/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# Known leaks in third-party libraries, each justified in the file (LSan fails on a missing file).
if [ -f "$root/scripts/lsan.supp" ]; then
  export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
if command -v llvm-symbolizer >/dev/null; then
  ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer)"
  export ASAN_SYMBOLIZER_PATH
fi

# e2e tests leave out assertions about performance effects seen by the client (see test_cli.py).
export SONDE_E2E_SANITIZED=1
status=0
# Also left out: e2e_capacity and e2e_sweep_capacity (their answers are the simulator's timing,
# which -O0 + sanitizers change between the search and the check runs; the search code runs under
# the sanitizers in the unit tests) and e2e_slurm (the same sweep code as e2e_sweep, plus a minute
# of waiting for Slurm's time limit; it runs in `make test`).
ctest --test-dir "$build" --output-on-failure -j "$jobs" \
      -E '^(e2e_fidelity|e2e_browser|e2e_capacity|e2e_sweep_capacity|e2e_slurm)$' "$@" || status=$?
if compgen -G "$logs/*" >/dev/null; then
  for f in "$logs"/*; do
    echo "==== sanitizer report: $f"
    cat "$f"
  done
  echo "sanitize.sh: sanitizer reports above (also in $logs)" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitize.sh: tests failed" >&2
  exit "$status"
fi
echo "sanitize.sh: ASan+UBSan build and tests passed"
