#!/usr/bin/env bash
# Installs what factd needs on Debian 12 and builds it into build/.
# Idempotent: packages already present are left alone, the build is
# incremental. Runs apt-get as root, or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev grpc-proto
  libabsl-dev libicu-dev libre2-dev libcld2-dev prometheus-cpp-dev unicode-data unicode-cldr-core
  libgtest-dev libgmock-dev libbenchmark-dev bzip2 libssl-dev openssl
  dnsmasq-base python3 python3-yaml
  nodejs
)
scripts/packages.sh "${PACKAGES[@]}"
# npm ships with nodejs on some setups and as its own package on others.
command -v npm >/dev/null || scripts/packages.sh npm

# buf (npm @bufbuild/buf): the reflection client the tests use, like grpcurl.
if [ ! -x .tools/node_modules/.bin/buf ]; then
  echo "setup: installing @bufbuild/buf into .tools/" >&2
  npm install --silent --no-audit --no-fund --prefix .tools @bufbuild/buf@1.75.0 >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"
