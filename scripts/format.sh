#!/usr/bin/env bash
# Formats every tracked C++ file with .clang-format (clang-format 14, as Debian 12 ships it).
#   scripts/format.sh          rewrite the files in place
#   scripts/format.sh --check  change nothing; list the files that differ and exit 1 (CI)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool="${CLANG_FORMAT:-clang-format}"
if ! command -v "$tool" >/dev/null; then
  echo "format.sh: $tool not found; install it with scripts/install-deps.sh (or set CLANG_FORMAT)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" != "--check" ]; then
  "$tool" -i "${files[@]}"
  exit 0
fi
# clang-format names each file and line that differs ("error: code should be clang-formatted").
if ! printf '%s\0' "${files[@]}" | xargs -0 -n 25 -P "$(nproc)" "$tool" --dry-run --Werror; then
  echo "format.sh: the files above are not formatted; run scripts/format.sh" >&2
  exit 1
fi
