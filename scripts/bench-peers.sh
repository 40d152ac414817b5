#!/usr/bin/env bash
# careledger against its peers on one generated journal.
#
#   scripts/bench-peers.sh              # 100,000 transactions: careledger summary vs ledger bal
#                                       # and hledger bal (those installed), medians, ratios,
#                                       # peak memory against the journal's size
#   scripts/bench-peers.sh --scaling    # also careledger's cost at 10k, 100k and 1M transactions
#
# Settings (environment): TX (100000), RUNS (7), PEER_RUNS (3, for the slow peers),
# SEED (7), KEEP=1 to keep the generated files. Uses hyperfine when installed, else a loop
# timed with `date +%s%N`. Timings taken while the machine is busy (other builds) are
# noisy; the ratios hold up better than the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."

TX=${TX:-100000}
RUNS=${RUNS:-7}
PEER_RUNS=${PEER_RUNS:-3}
SEED=${SEED:-7}
TODAY=2026-10-15
scaling=0
[ "${1:-}" = "--scaling" ] && scaling=1

work=$(mktemp -d "${TMPDIR:-/tmp}/careledger-bench.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi

echo "Building careledger and the generator (release)..."
nice -n 10 cargo build --release --quiet --bin careledger --example gen
bin=$PWD/target/release/careledger
gen=$PWD/target/release/examples/gen

# median_ms RUNS CMD...: the median wall time of CMD in milliseconds.
median_ms() {
  local runs=$1
  shift
  if command -v hyperfine >/dev/null 2>&1; then
    local csv="$work/hf.csv"
    hyperfine --style none --warmup 1 --runs "$runs" --export-csv "$csv" \
      -- "$(printf '%q ' "$@")" >/dev/null
    awk -F, 'NR == 2 { printf "%.1f\n", $4 * 1000 }' "$csv"
  else
    "$@" >/dev/null 2>&1 || true # warm the page cache
    local times=() i start end
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N)
      "$@" >/dev/null 2>&1
      end=$(date +%s%N)
      times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END {
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f\n", m / 1000 }'
  fi
}

# peak_kb CMD...: the command's peak resident memory in KB.
peak_kb() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
  else
    echo "?"
  fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "?" }'; }

generate() { # generate TX DIR
  "$gen" --out "$2" --holders 1 --transactions "$1" --seed "$SEED" 2>/dev/null
  echo "$2/holders/h0000/ledger.journal"
}

journal=$(generate "$TX" "$work/ws")
size=$(stat -c %s "$journal")
echo "Journal: $TX transactions, $((size / 1000)) kB ($journal)"
"$bin" --data "$work/ws" --today "$TODAY" check >/dev/null

summary=("$bin" --data "$work/ws" --today "$TODAY" summary)
ours=$(median_ms "$RUNS" "${summary[@]}")
our_kb=$(peak_kb "${summary[@]}")
printf '\n%-34s %10s %10s %14s\n' "command" "median ms" "vs ours" "peak memory"
printf '%-34s %10s %10s %8s MB %3sx\n' "careledger summary" "$ours" "1.0" \
  "$((our_kb / 1024))" "$(ratio "$((our_kb * 1024))" "$size")"

ledger_ms=""
for peer in ledger hledger; do
  if ! command -v "$peer" >/dev/null 2>&1; then
    printf '%-34s %10s\n' "$peer bal" "(not installed: apt-get install $peer)"
    continue
  fi
  ms=$(median_ms "$PEER_RUNS" "$peer" -f "$journal" bal)
  kb=$(peak_kb "$peer" -f "$journal" bal)
  [ "$peer" = ledger ] && ledger_ms=$ms
  printf '%-34s %10s %9sx %8s MB %3sx\n' "$peer bal" "$ms" "$(ratio "$ms" "$ours")" \
    "$((kb / 1024))" "$(ratio "$((kb * 1024))" "$size")"
done
echo "(vs ours: how many times longer than careledger summary; the last column: peak memory / journal size)"

echo
verdict() { if awk -v c="$2" 'BEGIN { exit !c }'; then echo "  met:    $1"; else echo "  missed: $1"; fi; }
echo "Targets:"
[ -n "$ledger_ms" ] && verdict "summary at least 10x faster than ledger bal ($(ratio "$ledger_ms" "$ours")x)" \
  "$(awk -v l="$ledger_ms" -v o="$ours" 'BEGIN { print (l >= 10 * o) }')"
verdict "summary under 65 ms ($ours ms)" "$(awk -v o="$ours" 'BEGIN { print (o < 65) }')"
verdict "peak memory under 4x the journal ($(ratio "$((our_kb * 1024))" "$size")x)" \
  "$(awk -v k="$our_kb" -v s="$size" 'BEGIN { print (k * 1024 < 4 * s) }')"

if [ "$scaling" = 1 ]; then
  echo
  echo "Opening cost by size (careledger summary, median of $RUNS):"
  printf '%12s %10s %10s %14s %12s\n' "transactions" "MB" "median ms" "ms per 10k tx" "peak MB"
  for n in 10000 100000 1000000; do
    j=$(generate "$n" "$work/scale-$n")
    s=$(stat -c %s "$j")
    cmd=("$bin" --data "$work/scale-$n" --today "$TODAY" summary)
    ms=$(median_ms "$RUNS" "${cmd[@]}")
    kb=$(peak_kb "${cmd[@]}")
    printf '%12s %10s %10s %14s %12s\n' "$n" "$(awk -v s="$s" 'BEGIN { printf "%.1f", s / 1e6 }')" \
      "$ms" "$(awk -v m="$ms" -v n="$n" 'BEGIN { printf "%.2f", m * 10000 / n }')" "$((kb / 1024))"
    rm -rf "$work/scale-$n"
  done
fi
