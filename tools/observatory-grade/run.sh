#!/usr/bin/env bash
# Grades the headers the demo serves under a public host name with the MDN HTTP Observatory's
# analyzer tests and scoring (its npm package), as if served over HTTPS after an HTTP->HTTPS
# redirect: the headers are real, the transport is assumed (there is no network here).
# Run from the repository root: bash tools/observatory-grade/run.sh
set -euo pipefail
dir=tools/observatory-grade
# The package's install script downloads CA bundles and the HSTS preload list; neither is
# needed for grading headers, and the preload list may be empty (the test host is not on it).
npm install --prefix "$dir" --ignore-scripts --silent
mkdir -p "$dir/node_modules/@mdn/mdn-http-observatory/conf"
[ -f "$dir/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json" ] ||
  echo '{}' > "$dir/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json"
cargo build -q --example demo
PORT=3999 target/debug/examples/demo >/dev/null 2>&1 &
demo=$!
trap 'kill $demo' EXIT
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:3999/ && break; sleep 0.1; done
curl -s -D /tmp/observatory-headers.txt -o /tmp/observatory-page.html -H "Host: app.example.com" http://127.0.0.1:3999/
(cd "$dir" && node grade.mjs /tmp/observatory-headers.txt /tmp/observatory-page.html)
