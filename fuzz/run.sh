#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a fixed time each, with libFuzzer through
# cargo fuzz, and prints one line per target: executions, coverage, corpus size, findings.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]        # default: 300 s per target, all targets
#   JOBS=2 bash fuzz/run.sh 600                   # two targets at a time
#
# Needs a nightly toolchain (`rustup toolchain list`) and `cargo install cargo-fuzz`.
# The corpus grows in fuzz/corpus/<target> (not committed), starting from fuzz/seeds/<target>.
# A crash or failed property is saved by libFuzzer in fuzz/artifacts/<target>/; copy it to
# fuzz/regressions/<target>/ once fixed, and `cargo test --test fuzz_replay` replays it.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
jobs=${JOBS:-1}
mkdir -p logs

cargo +nightly fuzz build -O

run_one() {
    local target=$1
    mkdir -p "corpus/$target"
    local log="logs/$target.log"
    # -print_final_stats gives the execution count; -timeout catches slow inputs (hangs).
    if cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1; then
        status=ok
    else
        status=FINDING
    fi
    local execs cov corpus
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -oE '(#[0-9]+).*cov: [0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || echo "?")
    corpus=$(find "corpus/$target" -type f | wc -l)
    printf '%-18s %4ss  %12s execs  cov %6s  corpus %6s  %s\n' \
        "$target" "$seconds" "$execs" "$cov" "$corpus" "$status"
}

export -f run_one
export seconds
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
echo "logs in fuzz/logs/; findings in fuzz/artifacts/"
