#!/usr/bin/env bash
# Backs up and restores the generated 1 GiB mixed folder of the pipeline benchmark (the one compare-borg-restic.sh
# uses) across the network: an identity server, 4 suppliers and one customer (alice), each a separate node process
# from the built distribution on free ports of 127.0.0.1, as `./bitdust demo` runs them. borg (both encrypted modes,
# `repokey` and `repokey-blake2`; the faster is compared) and restic back up and restore the same folder in the same
# run, interleaved with BitDust's runs. Prints wall time (of `./bitdust api ... --wait`, the launcher included; after
# it the job's own time from alice's log), MB/s, CPU seconds (alice, the suppliers, borg, restic),
# medians and ratios, and the peak heap of every node for a small input and the 1 GiB one.
#
#   benchmarks/scripts/network-backup-benchmark.sh [runs]
#
# Needs the distribution (karaf-distribution/target/bitdust-*.tar.gz: mvn -o -q -B install -DskipTests -DskipITs)
# and benchmarks/target/benchmarks.jar (to generate the folder). Installs borg and restic with apt-get when missing.
# Environment:
#   BENCH_DIR     where everything lives (default /tmp/bitdust-bench; the folder is $BENCH_DIR/data, reused)
#   BLOCK_SIZE    alice's services/backups/block-size (default: not set, so the option's default for alice's heap,
#                 32 MB here)
#   SMALL_MIB     the small input, a subset of the folder with the same mix, for the heap comparison (default 256;
#                 0 skips it)
#   ALSO_BLOCK_SIZE  e.g. "16 MB": after the runs, one more backup and restore with that block size (not in the
#                 medians)
#   SUPPLIER_JVM  the JVM options of the identity server and the suppliers (default the demo's light JVM:
#                 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC); alice runs the distribution's JVM options
#   ALICE_JVM     more JVM options for alice (default none), e.g. -Xmx512m to show a bounded heap suffices
#   PROFILE       1 (default): after the measured runs, one more backup and restore profiled with JFR on alice and
#                 supplier1, summarised by thread and top frames (not counted in the medians); 0 skips it. JFR records
#                 on those two nodes from their start (the first recording started on a running JVM deoptimizes
#                 hot code, e.g. the callers of the AES-GCM intrinsics, and the profile then shows that, not the
#                 node); the profiled run is a second recording beside it. Take official numbers with PROFILE=0.
#   COMPARE       1 (default): borg and restic run in every run; 0 runs BitDust alone (to compare two builds of
#                 BitDust quickly, one after the other; no ratios)
#   KEEP_NODES    1 leaves the nodes running at the end (stop them with BITDUST_HOME=<home> ./bitdust stop)
#
# Peak heap: every node's JVM logs its collections (-Xlog:gc to <home>.gc.<pid>.log: the launcher's bin/status and
# bin/stop are JVMs too, with the same EXTRA_JAVA_OPTS); for each phase the script takes the
# largest heap in use before a collection (what the heap held at its fullest, which follows the heap's sizing) and
# the largest after one (what survived, i.e. what the node keeps), from the log lines written during that phase.
# CPU: utime + stime of each node's JVM from /proc/<pid>/stat around each phase; the launcher's (`./bitdust api ...
# --wait`, with the curl and awk processes it starts) from bash's `times`; borg and restic: /usr/bin/time;
# per thread (alice, supplier1) from /proc/<pid>/task/*/stat (thread-cpu.py), in $NET/<node>.<phase>.threads.txt.
set -euo pipefail

RUNS=${1:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/bitdust-bench}
DATA=$BENCH_DIR/data
NET=$BENCH_DIR/network
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
BLOCK_SIZE=${BLOCK_SIZE:-}
SMALL_MIB=${SMALL_MIB:-256}
SUPPLIER_JVM=${SUPPLIER_JVM:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
ALICE_JVM=${ALICE_JVM:-}
PROFILE=${PROFILE:-1}
KEEP_NODES=${KEEP_NODES:-0}
COMPARE=${COMPARE:-1}
SUPPLIERS=(supplier1 supplier2 supplier3 supplier4)
NODES=(alice "${SUPPLIERS[@]}")
TICK=$(getconf CLK_TCK)
RESULTS=$NET/results.txt

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { printf 'network-backup-benchmark: %s\n' "$*" >&2; exit 1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
calc() { awk "BEGIN {printf \"%.${2:-2}f\", $1}"; }
record() { printf '%s\n' "$*" >>"$RESULTS"; printf '%s\n' "$*"; }

ls "$ROOT"/karaf-distribution/target/bitdust-*.tar.gz >/dev/null 2>&1 \
    || fail "no distribution: mvn -o -q -B install -DskipTests -DskipITs"
if ! command -v borg >/dev/null || ! command -v restic >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq borgbackup restic >/dev/null
fi
export BORG_PASSPHRASE=bench-passphrase BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
export RESTIC_PASSWORD=bench-passphrase

# --- the data: the pipeline benchmark's folder (seeded), and a subset of it with the same mix of random and text ---
if [ ! -f "$DATA/.generated" ]; then
    [ -f "$JAR" ] || fail "no $JAR to generate the folder: mvn -o -B -DskipTests package -pl benchmarks -am"
    java --add-modules jdk.incubator.vector -cp "$JAR" io.bitdust.benchmarks.pipeline.PipelineBenchmark --generate
fi
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
SMALL=$BENCH_DIR/data-${SMALL_MIB}m
if [ "$SMALL_MIB" != 0 ] && [ ! -f "$SMALL/.made" ]; then
    rm -rf "$SMALL"
    # hard links to the folder's files, in its order, until 60 % (bin) and 40 % (text) of SMALL_MIB are taken
    (cd "$DATA" && find bin text -type f -printf '%s %p\n' | sort -t/ -k3 -V) | awk -v want=$((SMALL_MIB << 20)) '
        { split($2, p, "/"); kind = p[1]; limit = (kind == "bin") ? want * 0.6 : want * 0.4
          if (taken[kind] + $1 <= limit * 1.05) { taken[kind] += $1; print substr($0, index($0, " ") + 1) } }' \
        | while IFS= read -r file; do
            mkdir -p "$SMALL/$(dirname "$file")"
            ln "$DATA/$file" "$SMALL/$file"
        done
    touch "$SMALL/.made"
fi
SMALL_BYTES=0
[ "$SMALL_MIB" = 0 ] || SMALL_BYTES=$(find "$SMALL" -type f -printf '%s\n' | awk '{s += $1} END {print s}')

mkdir -p "$NET"
: >"$RESULTS"
# a private copy of the launcher: bash reads a script as it runs it, and ./bitdust may be edited meanwhile (it was);
# beside it the links it needs (pom.xml for the version, the distribution's tarball)
LAUNCHER=$NET/launcher/bitdust
rm -rf "$NET/launcher"
mkdir -p "$NET/launcher"
cp "$ROOT/bitdust" "$LAUNCHER"
ln -s "$ROOT/pom.xml" "$NET/launcher/pom.xml"
ln -s "$ROOT/karaf-distribution" "$NET/launcher/karaf-distribution"
record "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
    "(family $(lscpu | sed -n 's/^CPU family: *//p'), model $(lscpu | sed -n 's/^Model: *//p' | head -1)," \
    "sha_ni: $(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)), $(free -g | awk '/^Mem/ {print $2}') GiB," \
    "$(java -version 2>&1 | head -1), $(borg --version), $(restic version | cut -d' ' -f1-2)"
record "data: $DATA, $BYTES bytes; small input: $SMALL, $SMALL_BYTES bytes; block size ${BLOCK_SIZE:-default};" \
    "supplier JVM: $SUPPLIER_JVM; alice JVM: ${ALICE_JVM:-none added}"
record "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the nodes ---
# $1 distinct TCP ports no socket uses now, outside the ephemeral range (the demo's free_ports)
free_ports() {
    local wanted="$1" used=" " local_address port low=32768 high=60999 from to picked=" " count=0 file
    read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    for file in /proc/net/tcp /proc/net/tcp6; do
        [ -r "$file" ] || continue
        while read -r _ local_address _; do
            port="${local_address##*:}"
            [[ "$port" =~ ^[0-9A-Fa-f]+$ ]] && used="$used$((16#$port)) "
        done <"$file"
    done
    if [ "$low" -gt 12000 ]; then from=10000 to=$((low - 1)); else from=$((high + 1)) to=65535; fi
    while [ "$count" -lt "$wanted" ]; do
        port=$((from + (RANDOM * 32768 + RANDOM) % (to - from + 1)))
        if [[ "$used$picked" != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            picked="$picked$port "
            count=$((count + 1))
            printf '%s\n' "$port"
        fi
    done
}

# starts the node $1 in $NET/$1 with the presets given as the other arguments (NAME=value)
start_node() {
    local name="$1" var
    shift
    (
        for var in $(compgen -e); do
            case "$var" in BITDUST_*) unset "$var" ;; esac
        done
        for var in "$@"; do export "${var?}"; done
        export BITDUST_HOME="$NET/$name" BITDUST_START_TIMEOUT=300
        "$LAUNCHER" start
    ) >"$NET/$name.start.log" 2>&1
}

# calls the API function $2 of the node $1 (name=value arguments after it); prints the envelope
api() {
    local name="$1"
    shift
    BITDUST_HOME="$NET/$name" "$LAUNCHER" api "$@"
}

pid_of() { tr -d '[:space:]' <"$NET/$1/karaf.pid"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$(pid_of "$1")/stat"; }
gc_log() { printf '%s\n' "$NET/$1.gc.$(pid_of "$1").log"; }
gc_lines() { wc -l <"$(gc_log "$1")"; }
# the largest heap in use before and after a collection (MiB), in the lines after line $2 of node $1's GC log
gc_peaks() {
    # a phase without a collection (the node allocated little) prints 0/0/0 MiB (0 GCs)
    tail -n +$(($2 + 1)) "$(gc_log "$1")" | { grep -o '[0-9]*[KMG]->[0-9]*[KMG]([0-9]*[KMG])' || true; } | awk '
        function mib(v,    unit, number) {
            unit = substr(v, length(v)); number = substr(v, 1, length(v) - 1)
            return unit == "G" ? number * 1024 : unit == "K" ? number / 1024 : number + 0 }
        { split($0, a, /->|\(|\)/); b = mib(a[1]); f = mib(a[2]); c = mib(a[3])
          if (b > mb) mb = b; if (f > mf) mf = f; if (c > mc) mc = c; n++ }
        END { printf "%d/%d/%d MiB (%d GCs)", mb, mf, mc, n }'
}

stop_nodes() {
    local name
    for name in "${NODES[@]}" idserver; do
        [ -f "$NET/$name/karaf.pid" ] || continue
        BITDUST_HOME="$NET/$name" "$LAUNCHER" stop >/dev/null 2>&1 &
    done
    wait
}

if [ "$KEEP_NODES" != 1 ]; then
    trap stop_nodes EXIT
fi
trap 'exit 1' INT TERM
stop_nodes
rm -rf "$NET"/idserver "$NET"/alice "$NET"/supplier* "$NET"/*.gc.* "$NET"/restored*
mapfile -t PORTS < <(free_ports 22)
IDPORT=${PORTS[0]}
log "starting an identity server, alice and 4 suppliers in $NET on free ports of 127.0.0.1"
start_node idserver BITDUST_FEATURES=bitdust-idserver BITDUST_SERVICES_IDENTITY_SERVER_ENABLED=true \
    BITDUST_SERVICES_IDENTITY_SERVER_WEB_PORT="$IDPORT" BITDUST_SSH_PORT="${PORTS[1]}" \
    EXTRA_JAVA_OPTS="$SUPPLIER_JVM" || fail "starting the identity server ($NET/idserver.start.log)"
NEXT=2
presets() {
    PRESETS=(BITDUST_PERSONAL_NICKNAME="$1"
        BITDUST_SERVICES_IDENTITY_PROPAGATE_KNOWN_SERVERS="127.0.0.1:$IDPORT"
        BITDUST_INTERFACE_API_REST_HTTP_PORT="${PORTS[NEXT]}"
        BITDUST_SERVICES_TCP_CONNECTIONS_TCP_PORT="${PORTS[NEXT + 1]}"
        BITDUST_SERVICES_HTTP_CONNECTIONS_HTTP_PORT="${PORTS[NEXT + 2]}"
        BITDUST_SSH_PORT="${PORTS[NEXT + 3]}")
    NEXT=$((NEXT + 4))
}
CANDIDATES=""
for name in "${SUPPLIERS[@]}"; do
    CANDIDATES="$CANDIDATES${CANDIDATES:+,}http://127.0.0.1:$IDPORT/$name.json"
done
# with PROFILE=1, the JFR recording of alice and supplier1, from the JVM's start (see PROFILE above)
jfr_option() {
    if [ "$PROFILE" = 1 ] && { [ "$1" = alice ] || [ "$1" = supplier1 ]; }; then
        printf '%s' "-XX:StartFlightRecording=name=bench,settings=profile,maxage=30m"
    fi
}
PIDS=()
presets alice
start_node alice "${PRESETS[@]}" BITDUST_SERVICES_EMPLOYER_CANDIDATES="$CANDIDATES" \
    BITDUST_SERVICES_CUSTOMER_SUPPLIERS_NUMBER=4 BITDUST_SERVICES_CUSTOMER_ENABLED=false \
    BITDUST_SERVICES_EMPLOYER_PING_INTERVAL_SECONDS=5 BITDUST_SERVICES_CUSTOMER_NEEDED_SPACE="3 GB" \
    ${BLOCK_SIZE:+BITDUST_SERVICES_BACKUPS_BLOCK_SIZE="$BLOCK_SIZE"} \
    EXTRA_JAVA_OPTS="$ALICE_JVM $(jfr_option alice) -Xlog:gc:file=$NET/alice.gc.%p.log::filecount=0" &
PIDS+=($!)
for name in "${SUPPLIERS[@]}"; do
    presets "$name"
    start_node "$name" "${PRESETS[@]}" BITDUST_SERVICES_CUSTOMER_ENABLED=false \
        BITDUST_SERVICES_SUPPLIER_DONATED_SPACE="4 GB" \
        BITDUST_FEATURES="bitdust-customers, bitdust-http, bitdust-transport-tcp, bitdust-transport-http" \
        EXTRA_JAVA_OPTS="$SUPPLIER_JVM $(jfr_option "$name") -Xlog:gc:file=$NET/$name.gc.%p.log::filecount=0" &
    PIDS+=($!)
done
for i in "${!PIDS[@]}"; do
    wait "${PIDS[i]}" || fail "starting ${NODES[i]} (see $NET/${NODES[i]}.start.log)"
done
for name in "${NODES[@]}"; do
    waited=0
    until curl -sf "http://127.0.0.1:$IDPORT/$name.json" 2>/dev/null | grep -q '"contacts" *: *\[ *"'; do
        sleep 0.5
        waited=$((waited + 1))
        [ "$waited" -lt 240 ] || fail "$name's identity was not published with its contacts within 120 s"
    done
done
log "nodes up: $(for n in idserver "${NODES[@]}"; do printf '%s=%s ' "$n" "$(pid_of "$n")"; done)"
api alice config_set key=services/customer/enabled value=true >/dev/null
began=$SECONDS
until [ "$(api alice suppliers_list | python3 -c 'import json, sys
print(sum(1 for s in json.load(sys.stdin).get("result", []) if s.get("contract") == "active"))' 2>/dev/null)" = 4 ]; do
    [ $((SECONDS - began)) -lt 300 ] || fail "alice did not hire 4 suppliers within 300 s"
    sleep 1
done
log "alice hired 4 suppliers (4 active contracts) in $((SECONDS - began)) s"

# per-thread CPU of alice and supplier1 around a phase ($1 before|after, $2 the phase's label): before snapshots,
# after writes $NET/<node>.<label>.threads.txt (CPU-s per thread name; native code, GC, JIT and the kernel included)
threads() {
    local name
    for name in alice supplier1; do
        "$(dirname "$0")/thread-cpu.py" snapshot "$(pid_of "$name")" >"$NET/$name.$2.$1"
        if [ "$1" = after ]; then
            "$(dirname "$0")/thread-cpu.py" diff "$NET/$name.$2.before" "$NET/$name.$2.after" \
                >"$NET/$name.$2.threads.txt"
        fi
    done
}

# seconds from the last line of alice's log matching $1 to the last one matching $2 (extended regular expressions): the
# job as the node saw it, without the launcher's calls around it; "?" when a line is missing
job_seconds() {
    local log="$NET/alice/data/log/karaf.log" from to
    from=$(grep -E "$1" "$log" | tail -n 1 | cut -c1-23)
    to=$(grep -E "$2" "$log" | tail -n 1 | cut -c1-23)
    if [ -z "$from" ] || [ -z "$to" ]; then
        printf '?'
        return
    fi
    from=${from/T/ } to=${to/T/ }
    calc "$(date -d "${to/,/.}" +%s.%N) - $(date -d "${from/,/.}" +%s.%N)" 2
}

# Sets WAITED_MS to the CPU milliseconds (user + system) of every process this shell has waited for so far (the
# second line of bash's `times`, written to a file by the builtin itself). Call it directly, not in $(...): it
# starts no process, so two calls around a command measure that command's process tree alone.
waited_cpu() {
    local line user sys ms=0 t sec
    times >"$NET/times.txt"
    { read -r line; read -r user sys; } <"$NET/times.txt"
    for t in "$user" "$sys"; do  # e.g. 1m2.345s
        t=${t%s}
        sec=${t#*m}
        ms=$((ms + 10#${t%%m*} * 60000 + 10#${sec%.*} * 1000 + 10#${sec#*.}))
    done
    WAITED_MS=$ms
}

# Follows a job of alice's: `./bitdust api <function> <arguments> --wait` with the arguments given; sets ANSWER to
# what it printed and LAUNCHER_CPU to the CPU seconds of its process tree (the launcher, curl, awk). Call it directly,
# not in $(...); returns 1 when the job failed (ANSWER says why).
follow() {
    local before
    waited_cpu
    before=$WAITED_MS
    ANSWER=$(api alice "$@" --wait) || return 1
    waited_cpu
    LAUNCHER_CPU=$(calc "($WAITED_MS - $before) / 1000")
}

# --- one BitDust backup and restore of the folder $1 ($2 bytes), run label $3; appends to the result lines ---
bitdust_run() {
    local folder="$1" bytes="$2" label="$3" name before=() after=() lines=() s e path_id dest copy
    local alice_cpu sup_cpu wall_b wall_r
    for name in "${NODES[@]}"; do before+=("$(cpu_ticks "$name")"); lines+=("$(gc_lines "$name")"); done
    threads before "$label-backup"
    s=$(date +%s.%N)
    follow backup_start_path path="$folder" || fail "backup of $folder: $ANSWER"
    e=$(date +%s.%N)
    threads after "$label-backup"
    wall_b=$(calc "$e - $s" 2)
    path_id=$(sed -n 's/.*"uploading \([^ ]*\) started.*/\1/p' <<<"$ANSWER" | head -1)
    for name in "${NODES[@]}"; do after+=("$(cpu_ticks "$name")"); done
    alice_cpu=$(calc "(${after[0]} - ${before[0]}) / $TICK")
    sup_cpu=$(calc "(${after[1]} + ${after[2]} + ${after[3]} + ${after[4]} \
        - ${before[1]} - ${before[2]} - ${before[3]} - ${before[4]}) / $TICK")
    record "$label bitdust backup: $wall_b s, $(calc "$bytes / 1e6 / $wall_b" 1) MB/s, alice $alice_cpu CPU-s" \
        "($(calc "$alice_cpu / ($bytes / 1073741824)") CPU-s/GiB), suppliers $sup_cpu CPU-s," \
        "launcher $LAUNCHER_CPU CPU-s, load $(cut -d' ' -f1 /proc/loadavg)," \
        "the job $(job_seconds "Backup of $path_id \\(.* queued" "Backup $path_id/[^ ]+ of .* complete:") s in" \
        "alice's log"
    local heap_line="$label heap during backup (max used before GC / after GC / committed):"
    for i in "${!NODES[@]}"; do heap_line="$heap_line ${NODES[i]} $(gc_peaks "${NODES[i]}" "${lines[i]}");"; done
    record "$heap_line"
    record "$label alice threads during backup: $(sed -n '2,7p' "$NET/alice.$label-backup.threads.txt" | xargs)"
    record "$label supplier1 threads during backup: $(sed -n '2,5p' "$NET/supplier1.$label-backup.threads.txt" | xargs)"

    dest=$NET/restored-$label
    rm -rf "$dest"
    mkdir -p "$dest"
    before=() lines=() after=()
    for name in "${NODES[@]}"; do before+=("$(cpu_ticks "$name")"); lines+=("$(gc_lines "$name")"); done
    threads before "$label-restore"
    s=$(date +%s.%N)
    follow restore_single pathID_or_backupID_or_localPath="$path_id" destinationPath="$dest" \
        || fail "restore of $path_id into $dest: $ANSWER"
    e=$(date +%s.%N)
    threads after "$label-restore"
    wall_r=$(calc "$e - $s" 2)
    for name in "${NODES[@]}"; do after+=("$(cpu_ticks "$name")"); done
    alice_cpu=$(calc "(${after[0]} - ${before[0]}) / $TICK")
    sup_cpu=$(calc "(${after[1]} + ${after[2]} + ${after[3]} + ${after[4]} \
        - ${before[1]} - ${before[2]} - ${before[3]} - ${before[4]}) / $TICK")
    record "$label bitdust restore: $wall_r s, $(calc "$bytes / 1e6 / $wall_r" 1) MB/s, alice $alice_cpu CPU-s" \
        "($(calc "$alice_cpu / ($bytes / 1073741824)") CPU-s/GiB), suppliers $sup_cpu CPU-s," \
        "launcher $LAUNCHER_CPU CPU-s, load $(cut -d' ' -f1 /proc/loadavg)," \
        "the job $(job_seconds "Restore of [^ ]+ into $dest accepted" "Restore of [^ ]+ into $dest done:") s in" \
        "alice's log"
    heap_line="$label heap during restore (max used before GC / after GC / committed):"
    for i in "${!NODES[@]}"; do heap_line="$heap_line ${NODES[i]} $(gc_peaks "${NODES[i]}" "${lines[i]}");"; done
    record "$heap_line"
    record "$label alice threads during restore: $(sed -n '2,7p' "$NET/alice.$label-restore.threads.txt" | xargs)"
    record "$label supplier1 threads during restore: $(sed -n '2,5p' "$NET/supplier1.$label-restore.threads.txt" \
        | xargs)"
    copy=$dest/$(basename "$folder")
    [ -d "$copy" ] || copy=$dest$folder
    diff -r "$folder" "$copy" >/dev/null || fail "the restored copy $copy differs from $folder (diff -r)"
    record "$label verified: diff -r $folder $copy: identical"
    rm -rf "$dest"
}

# --- borg (mode $1) and restic: backup and restore of $DATA with /usr/bin/time; run label $2 ---
timed() { /usr/bin/time -f '%e %U %S' -o "$NET/time.out" "$@" >/dev/null 2>"$NET/time.err" \
    || { cat "$NET/time.err" >&2; fail "$* failed"; }; cat "$NET/time.out"; }
tool_line() {  # label tool op "wall user sys"
    local wall user sys
    read -r wall user sys <<<"$4"
    record "$1 $2 $3: $wall s, $(calc "$BYTES / 1e6 / $wall" 1) MB/s, $(calc "$user + $sys") CPU-s" \
        "($(calc "($user + $sys) / ($BYTES / 1073741824)") CPU-s/GiB), load $(cut -d' ' -f1 /proc/loadavg)"
}
borg_run() {
    local mode="$1" label="$2" repo=$BENCH_DIR/borg-repo out=$BENCH_DIR/borg-restored
    rm -rf "$repo" "$out"
    borg init --encryption="$mode" "$repo" >/dev/null 2>&1
    tool_line "$label" "borg-$mode" backup "$(timed borg create "$repo::run" "$DATA")"
    mkdir -p "$out"
    tool_line "$label" "borg-$mode" restore "$(cd "$out" && timed borg extract "$repo::run")"
    rm -rf "$repo" "$out"
}
restic_run() {
    local label="$1" repo=$BENCH_DIR/restic-repo out=$BENCH_DIR/restic-restored
    rm -rf "$repo" "$out"
    restic -q init -r "$repo" >/dev/null
    tool_line "$label" restic backup "$(timed restic -q -r "$repo" backup "$DATA")"
    tool_line "$label" restic restore "$(timed restic -q -r "$repo" restore latest --target "$out")"
    rm -rf "$repo" "$out"
}

if [ "$SMALL_MIB" != 0 ]; then
    log "small input first ($SMALL_BYTES bytes): heap and CPU at a quarter of the size"
    bitdust_run "$SMALL" "$SMALL_BYTES" small
fi
for run in $(seq "$RUNS"); do
    log "run $run of $RUNS"
    if [ "$COMPARE" = 1 ]; then
        borg_run repokey "run$run"
        borg_run repokey-blake2 "run$run"
        restic_run "run$run"
    fi
    bitdust_run "$DATA" "$BYTES" "run$run"
done

# --- with ALSO_BLOCK_SIZE (e.g. "16 MB"): one more backup and restore with that block size, not in the medians ---
if [ -n "${ALSO_BLOCK_SIZE:-}" ]; then
    BLOCK_SIZE=$(api alice config_get key=services/backups/block-size | python3 -c 'import json, sys
print(json.load(sys.stdin)["result"][0]["value"])')
    api alice config_set key=services/backups/block-size value="$ALSO_BLOCK_SIZE" >/dev/null
    log "block size $ALSO_BLOCK_SIZE: one more backup and restore"
    bitdust_run "$DATA" "$BYTES" "block-${ALSO_BLOCK_SIZE// /}"
    api alice config_set key=services/backups/block-size value="$BLOCK_SIZE" >/dev/null
fi

# --- an extra backup and restore under JFR (alice and supplier1), not counted ---
if [ "$PROFILE" = 1 ]; then
    log "profiling: one more backup and restore of $DATA with JFR on alice and supplier1"
    for name in alice supplier1; do
        jcmd "$(pid_of "$name")" JFR.start name=profiled settings=profile filename="$NET/$name.jfr" >/dev/null
    done
    bitdust_run "$DATA" "$BYTES" profiled
    for name in alice supplier1; do
        jcmd "$(pid_of "$name")" JFR.stop name=profiled >/dev/null
        jfr print --events jdk.ExecutionSample --stack-depth 20 "$NET/$name.jfr" >"$NET/$name.samples.txt"
        python3 "$(dirname "$0")/jfr-top.py" "$NET/$name.samples.txt" >"$NET/$name.profile.txt"
        record "profile of $name (backup + restore, JFR jdk.ExecutionSample, $NET/$name.jfr):"
        sed 's/^/    /' "$NET/$name.profile.txt" | tee -a "$RESULTS"
    done
fi

# --- medians and ratios ---
[ "$RUNS" -gt 0 ] || exit 0
med() {  # label-pattern tool op field: field 1 = seconds, 3 = CPU-s
    grep -E "^run[0-9]+ $1 $2:" "$RESULTS" \
        | sed -E "s/.*: ([0-9.]+) s, [0-9.]+ MB\/s, (alice )?([0-9.]+) CPU-s.*/\\$3/" \
        | tr '\n' ' ' | median
}
if [ "$COMPARE" != 1 ]; then
    record "medians of $RUNS runs of BitDust alone: backup $(med bitdust backup 1) s (alice $(med bitdust backup 3)" \
        "CPU-s), restore $(med bitdust restore 1) s (alice $(med bitdust restore 3) CPU-s)"
    exit 0
fi
MODE=repokey
if awk -v a="$(med borg-repokey backup 1)" -v b="$(med borg-repokey-blake2 backup 1)" 'BEGIN {exit !(b < a)}'; then
    MODE=repokey-blake2
fi
GIB=$(calc "$BYTES / 1073741824" 6)
BB=$(med "borg-$MODE" backup 1) BR=$(med "borg-$MODE" restore 1) RB=$(med restic backup 1) RR=$(med restic restore 1)
OB=$(med bitdust backup 1) OR=$(med bitdust restore 1)
BC=$(med "borg-$MODE" backup 3) OC=$(med bitdust backup 3) ORC=$(med bitdust restore 3)
SC=$(grep -E '^run[0-9]+ bitdust backup:' "$RESULTS" | sed -E 's/.*suppliers ([0-9.]+) CPU-s.*/\1/' | tr '\n' ' ' \
    | median)
echo
record "medians of $RUNS runs ($BYTES bytes; MB/s = 10^6 source bytes per second):"
record "  borg-repokey backup $(med borg-repokey backup 1) s, restore $(med borg-repokey restore 1) s;" \
    "borg-repokey-blake2 backup $(med borg-repokey-blake2 backup 1) s," \
    "restore $(med borg-repokey-blake2 restore 1) s;" \
    "fastest borg mode: $MODE"
rate() { calc "$BYTES / 1e6 / $1" 1; }
record "  bitdust backup $OB s ($(rate "$OB") MB/s), restore $OR s ($(rate "$OR") MB/s)"
record "  borg-$MODE backup $BB s ($(rate "$BB") MB/s), restore $BR s ($(rate "$BR") MB/s)"
record "  restic backup $RB s ($(rate "$RB") MB/s), restore $RR s ($(rate "$RR") MB/s)"
record "  CPU-s per GiB: alice backup $(calc "$OC / $GIB"), alice restore $(calc "$ORC / $GIB")," \
    "suppliers backup (all 4) $(calc "$SC / $GIB"), borg-$MODE backup $(calc "$BC / $GIB")"
record "ratios: backup throughput bitdust/borg-$MODE $(calc "$BB / $OB") (target >= 1.0)," \
    "restore throughput bitdust/restic $(calc "$RR / $OR") (target >= 1.0)," \
    "alice CPU per GiB / borg-$MODE's $(calc "$OC / $BC") (target <= 1.0, aim 0.5)"
record "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "results in $RESULTS"
