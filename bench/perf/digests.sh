#!/bin/sh
# Fingerprints of a few short runs, for checking that a performance change is exact: for each
# scenario, the run's event digest and the SHA-256 of every exported CSV. Compare the output
# before and after a change (`diff`); any difference means the change altered results.
#
#   bench/perf/digests.sh [BINARY] > before.txt   (default: .build/release/v2vsim)
set -eu
BIN=${1:-.build/release/v2vsim}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
run() { # scenario duration
    name=$(basename "$1" .yaml)
    "$BIN" run "$1" --duration "$2" --out "$WORK/$name" -q > "$WORK/$name.summary" 2>&1 \
        || { echo "$name: run failed"; cat "$WORK/$name.summary"; exit 1; }
    "$BIN" export "$WORK/$name/trace.sqlite" --csv "$WORK/$name/csv" > /dev/null
    echo "$name $2 digest $(grep -o 'event digest[^0-9a-f]*[0-9a-f]*' "$WORK/$name.summary" | grep -o '[0-9a-f]*$')"
    (cd "$WORK/$name/csv" && sha256sum *.csv | sed "s/^/$name /")
}
run Scenarios/highway.yaml 5s
run Scenarios/merge.yaml 5s
run Scenarios/hazard.yaml 10s
run bench/sumo/ring-1000.yaml 3s
