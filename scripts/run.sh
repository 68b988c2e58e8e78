#!/usr/bin/env bash
# The main job: sets up and builds, starts factd on a free loopback port,
# pushes seeds/ through the bulk client (factctl submit) and shows the
# summaries, then stops the server with SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

log=$(mktemp -d)
build/service/factd --address=127.0.0.1:0 --metrics_port=0 >"$log/stdout" 2>"$log/stderr" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$log/stdout" 2>/dev/null && break
  sleep 0.1
done
address=$(sed -n 's/^listening on //p' "$log/stdout")
[ -n "$address" ] || { cat "$log/stderr" >&2; exit 1; }
echo "factd listening on $address" >&2

build/client/factctl submit --target="$address" --out="$log/summaries.jsonl" seeds/
echo "--- summaries (one ExtractResponse per line, proto3 JSON) ---"
cat "$log/summaries.jsonl"

kill -TERM "$server"
wait "$server"
trap - EXIT
cat "$log/stderr" >&2
