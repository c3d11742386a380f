#!/usr/bin/env bash
# Backs up and restores the same generated 1 GiB mixed folder with BitDust's pipeline, borg and restic, in one run on
# one machine, and prints the median throughputs and the ratios. Installs borg and restic from Debian with apt-get.
#
#   benchmarks/scripts/compare-borg-restic.sh [runs]
#
# Needs benchmarks/target/benchmarks.jar (mvn -B -DskipTests package -pl benchmarks -am). Everything lives under
# $BENCH_DIR (default /tmp/bitdust-bench). All three tools encrypt, with their default compression (borg lz4,
# restic auto = zstd, BitDust zstd level 1); BitDust also writes ecc/4x4 parity, i.e. twice the data. All three sync
# what they wrote to disk before the backup counts as done (BitDust: fragments, then the manifest).
# borg runs in both of its encrypted modes, `repokey` (AES-CTR + HMAC-SHA256: fastest on CPUs with SHA extensions)
# and `repokey-blake2` (AES-CTR + BLAKE2b: fastest without them); the ratios use the mode whose median backup was
# faster on this machine, and say which. BORG_MODES="repokey" measures one mode only.
set -euo pipefail

RUNS=${1:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/bitdust-bench}
DATA=$BENCH_DIR/data
JAR=${JAR:-$(cd "$(dirname "$0")/.." && pwd)/target/benchmarks.jar}
JAVA_OPTS=${JAVA_OPTS:---add-modules jdk.incubator.vector -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 -Xmx512m}

if ! command -v borg >/dev/null || ! command -v restic >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq borgbackup restic >/dev/null
fi
export BORG_PASSPHRASE=bench-passphrase BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
export RESTIC_PASSWORD=bench-passphrase

# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$JAR" io.bitdust.benchmarks.pipeline.PipelineBenchmark --generate
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{s += $1} END {print s}')

now() { date +%s.%N; }
mbps() { awk -v b="$BYTES" -v s="$1" -v e="$2" 'BEGIN {printf "%.1f", b / 1e6 / (e - s)}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

BORG_MODES=${BORG_MODES:-repokey repokey-blake2}
declare -A BORG_B BORG_R BORG_C
RESTIC_B="" RESTIC_R=""
for run in $(seq "$RUNS"); do
    for mode in $BORG_MODES; do
        rm -rf "$BENCH_DIR/borg-repo" "$BENCH_DIR/borg-restored"
        borg init --encryption="$mode" "$BENCH_DIR/borg-repo" >/dev/null 2>&1
        /usr/bin/time -f '%e %U %S' -o "$BENCH_DIR/borg.time" borg create "$BENCH_DIR/borg-repo::run$run" "$DATA"
        read -r wall user sys <"$BENCH_DIR/borg.time"
        b=$(awk -v b="$BYTES" -v s="$wall" 'BEGIN {printf "%.1f", b / 1e6 / s}')
        c=$(awk -v b="$BYTES" -v u="$user" -v k="$sys" 'BEGIN {printf "%.2f", (u + k) / (b / 1073741824)}')
        mkdir -p "$BENCH_DIR/borg-restored"
        s=$(now); (cd "$BENCH_DIR/borg-restored" && borg extract "$BENCH_DIR/borg-repo::run$run"); e=$(now)
        r=$(mbps "$s" "$e")
        echo "run $run: borg $mode backup $b MB/s ($c CPU-s per GiB), restore $r MB/s"
        BORG_B[$mode]="${BORG_B[$mode]:-} $b" BORG_R[$mode]="${BORG_R[$mode]:-} $r"
        BORG_C[$mode]="${BORG_C[$mode]:-} $c"
    done

    rm -rf "$BENCH_DIR/restic-repo" "$BENCH_DIR/restic-restored"
    restic -q init -r "$BENCH_DIR/restic-repo" >/dev/null
    s=$(now); restic -q -r "$BENCH_DIR/restic-repo" backup "$DATA" >/dev/null; e=$(now); b=$(mbps "$s" "$e")
    s=$(now); restic -q -r "$BENCH_DIR/restic-repo" restore latest --target "$BENCH_DIR/restic-restored" >/dev/null
    e=$(now); r=$(mbps "$s" "$e")
    echo "run $run: restic backup $b MB/s, restore $r MB/s"
    RESTIC_B="$RESTIC_B $b" RESTIC_R="$RESTIC_R $r"
done
rm -rf "$BENCH_DIR/borg-repo" "$BENCH_DIR/borg-restored" "$BENCH_DIR/borg.time" \
    "$BENCH_DIR/restic-repo" "$BENCH_DIR/restic-restored"

# (not "tee /dev/stderr": with the output redirected to a file, tee reopens and truncates it, losing the lines above)
# shellcheck disable=SC2086
OUT=$(java $JAVA_OPTS -cp "$JAR" io.bitdust.benchmarks.pipeline.PipelineBenchmark "$DATA" "$RUNS")
echo "$OUT"
OURS=$(grep '^RESULT bitdust' <<<"$OUT")
OUR_B=$(sed 's/.*backup_MBps=\([0-9.]*\).*/\1/' <<<"$OURS")
OUR_R=$(sed 's/.*restore_MBps=\([0-9.]*\).*/\1/' <<<"$OURS")
# the fastest borg mode: the higher median backup throughput
MODE="" BB=0
for mode in $BORG_MODES; do
    m=$(median <<<"${BORG_B[$mode]}")
    echo "borg $mode: median backup $m MB/s ($(median <<<"${BORG_C[$mode]}") CPU-s per GiB)," \
        "restore $(median <<<"${BORG_R[$mode]}") MB/s"
    if awk -v m="$m" -v b="$BB" 'BEGIN {exit !(m > b)}'; then MODE=$mode BB=$m; fi
done
BR=$(median <<<"${BORG_R[$MODE]}") RB=$(median <<<"$RESTIC_B") RR=$(median <<<"$RESTIC_R")

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(borg --version), $(restic version | cut -d' ' -f1-2)"
echo "data: $DATA, $BYTES bytes; medians of $RUNS runs, MB/s (10^6 bytes of source data per second)"
printf '%-8s %10s %10s\n' tool backup restore
echo "borg: $MODE, the faster of: $BORG_MODES"
printf '%-8s %10s %10s\n' bitdust "$OUR_B" "$OUR_R" borg "$BB" "$BR" restic "$RB" "$RR"
awk -v mode="$MODE" -v ob="$OUR_B" -v or="$OUR_R" -v bb="$BB" -v br="$BR" -v rb="$RB" -v rr="$RR" 'BEGIN {
    printf "ratios: backup bitdust/borg-%s %.2f (goal >= 2), bitdust/restic %.2f; restore bitdust/borg-%s %.2f, bitdust/restic %.2f (goal >= 1)\n", mode, ob / bb, ob / rb, mode, or / br, or / rr }'
