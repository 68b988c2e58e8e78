#!/usr/bin/env bash
# Sets up, builds and runs every test (ctest: unit tests of the worker and
# integration tests against the real factd and factctl binaries).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 300
