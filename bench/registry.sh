#!/usr/bin/env bash
# bench/registry.sh: push/pull throughput and memory of `berth registry` against docker-registry (distribution).
#
# One run starts both registries side by side on free 127.0.0.1 ports and, for each of N rounds, pushes a
# ~200 MiB, 5-layer OCI image to each with skopeo and pulls it back, timing every copy. It prints a markdown
# block (date, machine, versions, medians, ratios berth/distribution, RSS) to paste into bench/RESULTS.md.
#
# Fairness:
#   - every round starts BOTH registries afresh, on a new empty root and a new port, so no blob is ever
#     already present (skopeo HEADs each blob and skips those the registry has) and skopeo's blob-info cache,
#     keyed by host:port, has nothing to offer for a cross-repository mount;
#   - after start, each registry gets 2 s of idle (idle RSS is read then), then an untimed warm-up push and
#     pull of a small, different image (JIT, connection pools, lazily created directories) unless
#     BENCH_WARMUP=0;
#   - the two registries are interleaved within each round and the order alternates from round to round.
#
# Env:
#   BERTH=/path/to/berth     the berth binary (default: out/berth in the repo root, built by scripts/setup.sh)
#   BENCH_ROUNDS=5           rounds (1..20)
#   BENCH_IMAGE_DIR=DIR      use this OCI layout instead of building one with bench/make-image.sh
#   BENCH_IMAGE_TAG=latest   the tag in BENCH_IMAGE_DIR to push
#   BENCH_IMAGE_MIB=200 BENCH_IMAGE_LAYERS=5   size of the image built when BENCH_IMAGE_DIR is not given
#   BENCH_WARMUP=1           untimed small push + pull after each start (0 to skip)
#   BENCH_PEER_ONLY=1        measure docker-registry alone (no berth; no ratios)
#   REGISTRY_UNDER_TEST_CMD  run this instead of `$BERTH registry --listen ADDR --root DIR`, with bash -c; it
#                            must exec the server in the foreground (so its PID is the one measured) and gets
#                            BENCH_LISTEN, BENCH_ROOT and BENCH_DISTRIBUTION_CONFIG (a ready distribution config
#                            for that address and root) in its environment. Self-check of the harness:
#                              REGISTRY_UNDER_TEST_CMD='exec docker-registry serve "$BENCH_DISTRIBUTION_CONFIG"'
#   BENCH_UNDER_TEST_NAME    label of the registry under test in the table (default: berth registry)
#   BENCH_DEADLINE_S=600     give up (and clean up) when a new round would start after this many seconds
#
# Needs: skopeo, docker-registry, curl, python3. Everything binds 127.0.0.1; temp files live under one
# mktemp directory, removed on exit; only the processes started here are stopped.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/.." && pwd)

BERTH=${BERTH:-$repo_root/out/berth}
rounds=${BENCH_ROUNDS:-5}
image_dir=${BENCH_IMAGE_DIR:-}
image_tag=${BENCH_IMAGE_TAG:-latest}
image_mib=${BENCH_IMAGE_MIB:-200}
image_layers=${BENCH_IMAGE_LAYERS:-5}
warmup=${BENCH_WARMUP:-1}
peer_only=${BENCH_PEER_ONLY:-0}
under_test_cmd=${REGISTRY_UNDER_TEST_CMD:-}
deadline_s=${BENCH_DEADLINE_S:-600}
copy_timeout_s=300     # one skopeo copy
ready_timeout_s=30     # a registry answering GET /v2/ after start

log() { printf '[registry.sh %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 && $rounds -le 20 ]] || die "BENCH_ROUNDS must be 1..20"
[[ $deadline_s =~ ^[0-9]+$ ]] || die "BENCH_DEADLINE_S must be a number of seconds"
for tool in skopeo docker-registry curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

# Registry slots: "ut" (under test: berth, or REGISTRY_UNDER_TEST_CMD) and "peer" (docker-registry).
if [[ $peer_only == 1 ]]; then
  slots=(peer)
else
  slots=(ut peer)
  if [[ -n $under_test_cmd ]]; then
    ut_name=${BENCH_UNDER_TEST_NAME:-custom (REGISTRY_UNDER_TEST_CMD)}
  else
    [[ -x $BERTH ]] || die "berth binary not found at $BERTH (build it with scripts/setup.sh, set BERTH=..., or run with BENCH_PEER_ONLY=1)"
    ut_name=${BENCH_UNDER_TEST_NAME:-berth registry}
  fi
fi
peer_version=$(docker-registry --version | awk '{print $NF}')
declare -A name=([ut]=${ut_name:-} [peer]="docker-registry $peer_version")

# --- temp space, processes, cleanup ---------------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-registry.XXXXXX")
declare -A pid=()        # slot -> PID of the running server (only processes this script started)

stop_server() {          # stop_server SLOT: TERM, up to 5 s, then KILL
  local slot=$1 p=${pid[$1]:-} i
  [[ -n $p ]] || return 0
  if kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null || true
  fi
  wait "$p" 2>/dev/null || true
  unset "pid[$slot]"
}

cleanup() {
  local rc=$? slot
  trap - EXIT INT TERM
  for slot in "${!pid[@]}"; do stop_server "$slot"; done
  if [[ $rc -ne 0 && -d $work ]]; then
    # keep the servers' logs visible before the temp dir goes away
    for f in "$work"/*.log; do
      [[ -f $f ]] && { log "tail of $(basename "$f"):"; tail -n 5 "$f" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

used_ports=()
port=
free_port() {            # sets $port: a free 127.0.0.1 port not handed out before in this run
  local p
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    p=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if [[ " ${used_ports[*]:-} " != *" $p "* ]]; then
      used_ports+=("$p")
      port=$p
      return 0
    fi
  done
  die "no fresh free port"
}

write_distribution_config() {  # FILE ADDR ROOT: filesystem storage, no auth, loopback only
  cat >"$1" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $3
  cache:
    blobdescriptor: inmemory
  delete:
    enabled: true
http:
  addr: $2
  headers:
    X-Content-Type-Options: [nosniff]
EOF
}

declare -A addr=()
start_server() {         # start_server SLOT ROUND: fresh root and port; sets pid[SLOT] and addr[SLOT]
  local slot=$1 r=$2 root cfg logf
  free_port
  addr[$slot]=127.0.0.1:$port
  root=$work/root-$slot-r$r
  cfg=$work/distribution-$slot-r$r.yml
  logf=$work/$slot-r$r.log
  mkdir -p "$root"
  write_distribution_config "$cfg" "${addr[$slot]}" "$root"
  if [[ $slot == peer ]]; then
    docker-registry serve "$cfg" >"$logf" 2>&1 &
  elif [[ -n $under_test_cmd ]]; then
    BENCH_LISTEN=${addr[$slot]} BENCH_ROOT=$root BENCH_DISTRIBUTION_CONFIG=$cfg \
      bash -c "$under_test_cmd" >"$logf" 2>&1 &
  else
    "$BERTH" registry --listen "${addr[$slot]}" --root "$root" >"$logf" 2>&1 &
  fi
  pid[$slot]=$!
}

wait_ready() {           # wait_ready SLOT: until GET /v2/ answers 200 or 401
  local slot=$1 code i
  for ((i = 0; i < ready_timeout_s * 10; i++)); do
    kill -0 "${pid[$slot]}" 2>/dev/null || die "${name[$slot]} exited during start (its log follows)"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://${addr[$slot]}/v2/" || true)
    [[ $code == 200 || $code == 401 ]] && return 0
    sleep 0.1
  done
  die "${name[$slot]} did not answer on ${addr[$slot]} within ${ready_timeout_s}s"
}

proc_kb() {              # proc_kb PID FIELD: VmRSS / VmHWM in kB
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

now_ns() { date +%s%N; }

push() {                 # push SLOT LAYOUT_REF REPO:TAG
  timeout "$copy_timeout_s" skopeo copy --quiet --dest-tls-verify=false \
    "oci:$2" "docker://${addr[$1]}/$3" >>"$work/skopeo.log" 2>&1 \
    || die "push of $3 to ${name[$1]} failed: $(tail -n 3 "$work/skopeo.log")"
}

pull() {                 # pull SLOT REPO:TAG DEST_DIR
  timeout "$copy_timeout_s" skopeo copy --quiet --src-tls-verify=false \
    "docker://${addr[$1]}/$2" "oci:$3:${2##*:}" >>"$work/skopeo.log" 2>&1 \
    || die "pull of $2 from ${name[$1]} failed: $(tail -n 3 "$work/skopeo.log")"
}

# --- the image ----------------------------------------------------------------------------------------------

if [[ -z $image_dir ]]; then
  image_dir=$work/image
  image_tag=latest
  log "building a ${image_mib} MiB, ${image_layers}-layer image"
  "$here/make-image.sh" "$image_dir" "$image_mib" "$image_layers" "$image_tag" >&2
fi
[[ -f $image_dir/index.json ]] || die "$image_dir is not an OCI layout"
if [[ $warmup == 1 ]]; then
  MAKE_IMAGE_SEED=2 "$here/make-image.sh" "$work/warmup-image" 8 2 warmup >/dev/null
fi

# bytes that cross the wire for one copy: config + layers of the tagged manifest
image_info=$(python3 - "$image_dir" "$image_tag" <<'PY'
import json, os, sys
d, tag = sys.argv[1], sys.argv[2]
idx = json.load(open(os.path.join(d, "index.json")))
m = [m for m in idx["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag]
if not m:
    sys.exit(f"tag {tag} not in {d}/index.json")
man = json.load(open(os.path.join(d, "blobs", *m[0]["digest"].split(":"))))
print(man["config"]["size"] + sum(l["size"] for l in man["layers"]), len(man["layers"]))
PY
) || die "cannot read the image in $image_dir"
read -r image_bytes image_nlayers <<<"$image_info"
image_mib_real=$(awk -v b="$image_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
log "image: $image_dir:$image_tag, $image_nlayers layers, $image_mib_real MiB"

# --- rounds ---------------------------------------------------------------------------------------------

declare -A push_ns=() pull_ns=() idle_kb=() peak_kb=()   # "slot" -> space-separated list over rounds
start_s=$SECONDS
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

for ((r = 1; r <= rounds; r++)); do
  (( SECONDS - start_s < deadline_s )) || die "deadline of ${deadline_s}s reached before round $r"
  # alternate which registry goes first
  if (( r % 2 == 1 )); then order=("${slots[@]}"); else order=(); for ((i = ${#slots[@]} - 1; i >= 0; i--)); do order+=("${slots[i]}"); done; fi

  for s in "${order[@]}"; do start_server "$s" "$r"; done
  for s in "${order[@]}"; do wait_ready "$s"; done
  sleep 2
  for s in "${order[@]}"; do idle_kb[$s]+="$(proc_kb "${pid[$s]}" VmRSS) "; done

  if [[ $warmup == 1 ]]; then
    for s in "${order[@]}"; do
      push "$s" "$work/warmup-image:warmup" "warmup/img:warmup"
      pull "$s" "warmup/img:warmup" "$work/pull-warmup-$s"
      rm -rf "$work/pull-warmup-$s"
    done
  fi

  ref="bench/img:r$r"
  for s in "${order[@]}"; do
    t0=$(now_ns); push "$s" "$image_dir:$image_tag" "$ref"; t1=$(now_ns)
    push_ns[$s]+="$((t1 - t0)) "
  done
  for s in "${order[@]}"; do
    dest=$work/pull-$s-r$r
    t0=$(now_ns); pull "$s" "$ref" "$dest"; t1=$(now_ns)
    pull_ns[$s]+="$((t1 - t0)) "
    rm -rf "$dest"
  done

  line="round $r/$rounds:"
  for s in "${order[@]}"; do
    peak_kb[$s]+="$(proc_kb "${pid[$s]}" VmHWM) "
    p=${push_ns[$s]% }; p=${p##* }; q=${pull_ns[$s]% }; q=${q##* }
    line+=" ${name[$s]} push $(awk -v n="$p" 'BEGIN { printf "%.2f", n / 1e9 }')s pull $(awk -v n="$q" 'BEGIN { printf "%.2f", n / 1e9 }')s;"
    stop_server "$s"
    rm -rf "$work/root-$s-r$r"
  done
  log "$line"
done

# --- report ---------------------------------------------------------------------------------------------

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { tr ' ' '\n' | grep . | sort -n | tail -n 1; }
fmt() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }
secs() { awk -v n="$1" 'BEGIN { printf "%.3f", n / 1e9 }'; }
mibps() { awk -v b="$image_bytes" -v n="$1" 'BEGIN { printf "%.1f", b / 1048576 / (n / 1e9) }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }   # kB (KiB) -> MB (10^6 bytes)
raw_s() { local n out=""; for n in $1; do out+="$(awk -v n="$n" 'BEGIN { printf "%.2f", n / 1e9 }') "; done; echo "${out% }"; }

declare -A med_push=() med_pull=() med_idle=() max_peak=()
for s in "${slots[@]}"; do
  med_push[$s]=$(median <<<"${push_ns[$s]}")
  med_pull[$s]=$(median <<<"${pull_ns[$s]}")
  med_idle[$s]=$(median <<<"${idle_kb[$s]}")
  max_peak[$s]=$(maximum <<<"${peak_kb[$s]}")
done

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
skopeo_version=$(skopeo --version | awk '{print $NF}')
if [[ $peer_only == 1 ]]; then
  ut_version="not measured (BENCH_PEER_ONLY=1)"
elif [[ -n $under_test_cmd ]]; then
  ut_version="REGISTRY_UNDER_TEST_CMD: $under_test_cmd"
else
  ut_version="$(timeout 10 "$BERTH" --version 2>/dev/null | head -n 1 || true)"
  ut_version="${ut_version:-unknown} ($BERTH, commit $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
fi

echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC'): registry push/pull (bench/registry.sh)"
echo
echo "- machine: $(nproc) CPUs ($model), Linux $(uname -r), $mem_gib GiB RAM; load average $load_start at start, $load_end at end"
echo "- versions: skopeo $skopeo_version; docker-registry $peer_version; berth: $ut_version"
echo "- image: $image_mib_real MiB in $image_nlayers gzip layers + config; rounds: $rounds; fresh root and port per round per registry;" \
     "warm-up $([[ $warmup == 1 ]] && echo on || echo off); both registries interleaved, order alternating"
echo "- figures are medians over rounds (throughput = image MiB / median time); idle RSS = VmRSS 2 s after start (median);" \
     "peak RSS = VmHWM after push + pull (max over rounds); MB = 10^6 bytes"
echo
echo "| registry | push s | push MiB/s | pull s | pull MiB/s | idle RSS MB | peak RSS MB |"
echo "|---|--:|--:|--:|--:|--:|--:|"
for s in "${slots[@]}"; do
  echo "| ${name[$s]} | $(secs "${med_push[$s]}") | $(mibps "${med_push[$s]}") | $(secs "${med_pull[$s]}") | $(mibps "${med_pull[$s]}") | $(mb "${med_idle[$s]}") | $(mb "${max_peak[$s]}") |"
done
if [[ $peer_only != 1 ]]; then
  push_ratio=$(awk -v a="${med_push[peer]}" -v b="${med_push[ut]}" 'BEGIN { printf "%.2f", a / b }')
  pull_ratio=$(awk -v a="${med_pull[peer]}" -v b="${med_pull[ut]}" 'BEGIN { printf "%.2f", a / b }')
  echo "| **${name[ut]} / distribution** | | **${push_ratio}×** | | **${pull_ratio}×** | | |"
  verdict() { awk -v x="$1" -v t="$2" 'BEGIN { print (x >= t) ? "met" : "NOT met" }'; }
  idle_mb=$(mb "${med_idle[ut]}")
  echo
  echo "Targets: push ≥ 1.25×: $(verdict "$push_ratio" 1.25) (${push_ratio}×); pull ≥ 1.25×: $(verdict "$pull_ratio" 1.25) (${pull_ratio}×);" \
       "idle RSS < 60 MB: $(awk -v x="$idle_mb" 'BEGIN { print (x < 60) ? "met" : "NOT met" }') (${idle_mb} MB)"
else
  echo
  echo "Peer only: berth not measured in this run, so no ratios and no target check."
fi
echo
echo "Raw seconds per round (round order):"
for s in "${slots[@]}"; do
  echo "- ${name[$s]}: push $(raw_s "${push_ns[$s]}"); pull $(raw_s "${pull_ns[$s]}")"
done
