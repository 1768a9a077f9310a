#!/usr/bin/env bash
# The full test suite: builds, then runs every tier (labels unit, prog, netns) through ctest.
# Extra arguments go to ctest, e.g. scripts/test.sh -L unit.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
cd build
ctest --output-on-failure --timeout 600 "$@"
