#!/usr/bin/env bash
# Instructions to parse the benchmark corpus once (benches/corpus.rs), counted by callgrind:
# `secure-http`'s `str::parse::<ContentSecurityPolicy>()` against the `content-security-policy`
# crate's `Policy::parse`. The count is the same on every run of the same binary, so the
# ratio does not depend on what else the machine is doing. Each parser runs the corpus 0 and
# N times; the difference divided by N is the cost of one pass (start-up excluded).
#
#   bash benches/parse_instructions.sh     # N=200; needs valgrind
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-200}
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install -y valgrind" >&2; exit 1; }
cd "$ROOT"
cargo build --release -q -p secure-http-benches --example parse_count
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/parse_count"
count() { # parser rounds -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$1" "$2" 2>&1 |
    awk '/Collected :/ {print $4}'
}
declare -A per_pass
for parser in secure csp; do
  zero=$(count "$parser" 0); many=$(count "$parser" "$N")
  per_pass[$parser]=$(( (many - zero) / N ))
  echo "$parser: ${per_pass[$parser]} instructions per pass over the corpus"
done
awk -v s="${per_pass[secure]}" -v c="${per_pass[csp]}" \
  'BEGIN {printf "secure/content-security-policy: %.2f\n", s / c}'
