#!/usr/bin/env bash
# Configures and builds xgw into build/ (the CLI ends up at build/xgw).
# Installs the Debian packages first when any is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j"$(nproc)"
