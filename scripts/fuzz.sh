#!/usr/bin/env bash
# Builds every libFuzzer target in fuzz/ with clang and runs each for SECONDS (default 60), or
# for the seconds a TARGET=SECONDS argument gives that target.
#   scripts/fuzz.sh [SECONDS] [TARGET=SECONDS ...]     e.g. scripts/fuzz.sh 30 mooncake_fuzz=60
# Convention: fuzz/<name>_fuzz.cpp is CMake target <name>_fuzz (declared in fuzz/CMakeLists.txt),
# seeded from fuzz/corpus/<name>/ when that folder exists. Each run works on a temporary copy of
# the corpus, so the checked-in seeds are never modified; crash inputs are written to
# build-fuzz/artifacts/<target>/. Environment: CXX (default clang++), BUILD (default build-fuzz),
# JOBS (default 2; also how many targets fuzz side by side), FUZZ_ARGS (extra libFuzzer flags). Exit status is non-zero if any target
# fails to build or finds a crash.
set -euo pipefail

usage="usage: scripts/fuzz.sh [SECONDS] [TARGET=SECONDS ...]"
seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "$usage  (SECONDS must be a whole number, got '$seconds')" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
declare -A seconds_for
for arg in "$@"; do
  if ! [[ "$arg" =~ ^([a-z0-9_]+_fuzz)=([0-9]+)$ ]]; then
    echo "$usage  (expected TARGET=SECONDS such as mooncake_fuzz=60, got '$arg')" >&2
    exit 2
  fi
  if ! [ -f "$(dirname "${BASH_SOURCE[0]}")/../fuzz/${BASH_REMATCH[1]}.cpp" ]; then
    echo "fuzz.sh: no fuzz target ${BASH_REMATCH[1]} (fuzz/${BASH_REMATCH[1]}.cpp)" >&2
    exit 2
  fi
  seconds_for[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD:-$root/build-fuzz}"
cxx="${CXX:-clang++}"
jobs="${JOBS:-2}"

if ! command -v "$cxx" >/dev/null; then
  echo "fuzz.sh: $cxx not found; install clang and libclang-rt-dev (or set CXX)" >&2
  exit 2
fi

mapfile -t targets < <(cd "$root/fuzz" && ls -1 *_fuzz.cpp 2>/dev/null | sed 's/\.cpp$//' | sort)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz.sh: no fuzz/*_fuzz.cpp targets found" >&2
  exit 2
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DSONDE_FUZZ=ON \
      -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
ninja -C "$build" -j "$jobs" "${targets[@]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One target's run; its log and status land in $work so that runs can go side by side.
fuzz_one() {
  local t="$1" corpus="$work/$1"
  mkdir -p "$corpus" "$build/artifacts/$t"
  local seeds="$root/fuzz/corpus/${t%_fuzz}"
  if [ -d "$seeds" ]; then cp -r "$seeds/." "$corpus/"; fi
  # shellcheck disable=SC2086  # FUZZ_ARGS is a word list
  if "$build/fuzz/$t" -max_total_time="${seconds_for[$t]:-$seconds}" -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$t/" ${FUZZ_ARGS:-} "$corpus" \
       >"$work/$t.log" 2>&1; then
    echo ok >"$work/$t.status"
  else
    echo failed >"$work/$t.status"
  fi
}

# JOBS targets at a time (each libFuzzer run is one process on one core): the same time per
# target, a fraction of the wall time.
running=0
for t in "${targets[@]}"; do
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=()
stats='number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb'
for t in "${targets[@]}"; do
  echo "== $t: ${seconds_for[$t]:-$seconds}s"
  # -print_final_stats gives execs/s in the log; the last lines are enough for CI output.
  if [ "$(cat "$work/$t.status" 2>/dev/null)" = ok ]; then
    grep -E "^#[0-9]+.*(DONE|pulse)|stat::($stats)" "$work/$t.log" | tail -6
  else
    tail -60 "$work/$t.log"
    echo "== $t FAILED; crash input(s) in $build/artifacts/$t/" >&2
    failed+=("$t")
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), no crash (${seconds}s each unless named above)"
