#!/usr/bin/env bash
# Compile-time cost of `csp!`: a crate with N (200) `csp!` constants against the same crate
# with N equivalent string constants, both depending on `secure-http` (built once beforehand, so
# only the crate itself is timed). Debug builds, the edit-compile cycle. Timed with hyperfine
# (apt-get install hyperfine), touching the crate's lib.rs before each build.
#
#   bash benches/compile_time.sh     # N=200 RUNS=5
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/secure-compile-time}
N=${N:-200}
RUNS=${RUNS:-5}
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 1; }

mkdir -p "$WORK/macros/src" "$WORK/strings/src"
cat > "$WORK/Cargo.toml" <<TOML
[workspace]
members = ["macros", "strings"]
resolver = "3"
TOML
for crate in macros strings; do
  cat > "$WORK/$crate/Cargo.toml" <<TOML
[package]
name = "ct-$crate"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
secure-http = { path = "$ROOT" }
TOML
done
{
  echo "//! $N \`csp!\` policies."
  for i in $(seq "$N"); do
    echo "pub const P$i: secure_http::ContentSecurityPolicy = secure_http::csp! { default-src: none, script-src: self \"https://cdn$i.example.com\" sha256(\"console.log($i)\"), img-src: self data: \"https://img$i.example.com\", style-src: self, connect-src: self \"wss://live$i.example.com\", frame-ancestors: none, base-uri: self, form-action: self };"
  done
} > "$WORK/macros/src/lib.rs"
{
  echo "//! The same $N policies as string constants (the hash written out as text)."
  for i in $(seq "$N"); do
    echo "pub const P$i: &str = \"default-src 'none'; script-src 'self' https://cdn$i.example.com 'sha256-HASH$i'; img-src 'self' data: https://img$i.example.com; style-src 'self'; connect-src 'self' wss://live$i.example.com; frame-ancestors 'none'; base-uri 'self'; form-action 'self'\";"
  done
} > "$WORK/strings/src/lib.rs"
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
(cd "$WORK" && cargo build -q)   # dependencies, once
[ -z "${BUILD_ONLY:-}" ] || exit 0   # BUILD_ONLY=1: build, measure nothing

cd "$WORK"
hyperfine --runs "$RUNS" --warmup 1 --export-json "$WORK/hyperfine.json" \
  --prepare 'touch strings/src/lib.rs macros/src/lib.rs' \
  -n "strings x$N" 'cargo build -q -p ct-strings' \
  -n "csp! x$N" 'cargo build -q -p ct-macros'
python3 - "$WORK/hyperfine.json" <<'PY' || true
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
for name, r in results.items():
    print(f"{name}: median {r['median'] * 1000:.1f} ms")
PY
