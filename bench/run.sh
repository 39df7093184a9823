#!/usr/bin/env bash
# bench/run.sh: container start time of `berth run --rm --network none busybox true` against podman, containerd (ctr) and the
# bare `runc run` floor, all measured side by side in one run with hyperfine.
#
# Targets (the issue): `berth run --rm` takes at most 0.5 × the time of `podman run --rm --network=none`, and at
# most 3 × the time of bare `runc run` from a ready bundle.
#
# What it sets up, all under one mktemp directory (removed on exit):
#   - one busybox rootfs: /bin/busybox of busybox-static plus a symlink per applet, made once;
#   - berth: `berth image import-rootfs` into a temp --data-dir/--run-dir, tagged busybox:<busybox version>;
#   - a temporary `berth registry` on a free 127.0.0.1 port: berth pushes the image there, and podman and ctr
#     pull it from there, so all three stores run the same image (same manifest digest, checked); the registry
#     is stopped before anything is timed;
#   - podman: an isolated store (--root, --runroot, --tmpdir in the temp dir, storage driver overlay unless
#     BENCH_PODMAN_DRIVER says otherwise), its default OCI runtime (crun here) with conmon;
#   - containerd: its own daemon (`containerd --config F`: root, state, gRPC and ttrpc sockets in the temp dir,
#     the CRI plugin disabled), a containerd namespace of its own (benchrun-XXXXXX), snapshotter overlayfs,
#     shim io.containerd.runc.v2 with runc; the daemon is stopped by PID on exit (never left running);
#   - runc: a ready bundle (`runc spec`, args ["true"], terminal false, no rlimits, read-only rootfs that is a
#     private copy of the same busybox rootfs, no overlay mount) for the floor.
# None of the containers has a network: podman --network=none; ctr without --net-host or --cni (its default spec
# gives the container its own empty network namespace); runc/crun with `runc spec`'s default network namespace;
# berth gives each container a new network namespace (loopback only).
#
# Timing: hyperfine (default shell, whose spawn time hyperfine measures and subtracts), BENCH_PASSES passes;
# each pass runs every command with `--warmup BENCH_WARMUP` and BENCH_RUNS/BENCH_PASSES timed runs, one command
# after the other, and the order of the commands is reversed in every other pass so that a change in the
# machine's load does not favour one tool. The medians (and the ratios) are over all timed runs of a command.
# Container ids that must be unique (ctr, runc, crun) use the PID of the shell hyperfine starts for each run
# ($$), which costs nothing; `runc run` and `crun run` delete their container when it exits.
#
# It prints a markdown block (date, machine, load average, versions, medians, ratios, targets) on stdout to
# paste into bench/RESULTS.md; progress and hyperfine's own output go to stderr.
#
# Env:
#   BERTH=/path/to/berth   the berth binary (default: out/berth in the repo root, built by scripts/setup.sh)
#   BENCH_RUNS=20          timed runs per command, in total over the passes (2..200)
#   BENCH_WARMUP=3         untimed runs per command before each pass (0..20)
#   BENCH_PASSES=2         passes (1..4); BENCH_RUNS is split evenly over them
#   BENCH_EXTRAS=1         also measure podman with --runtime runc, the bare `crun run` floor and `berth --version`
#                          (the .NET start-up floor of any berth command); 0 to skip them
#   BENCH_PODMAN_DRIVER=overlay   podman's storage driver (overlay or vfs)
#   BENCH_TIMEOUT_S=300    give up (and clean up) when one hyperfine call takes longer than this
#
# Needs (scripts/setup.sh installs them): busybox-static, podman, conmon, crun, runc, containerd (containerd,
# ctr), hyperfine, curl, python3. Run as root. Only loopback is used; only processes started here are stopped.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/.." && pwd)

BERTH=${BERTH:-$repo_root/out/berth}
runs=${BENCH_RUNS:-20}
warmup=${BENCH_WARMUP:-3}
passes=${BENCH_PASSES:-2}
extras=${BENCH_EXTRAS:-1}
podman_driver=${BENCH_PODMAN_DRIVER:-overlay}
timeout_s=${BENCH_TIMEOUT_S:-300}

log() { printf '[run.sh %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $runs =~ ^[0-9]+$ && $runs -ge 2 && $runs -le 200 ]] || die "BENCH_RUNS must be 2..200"
[[ $warmup =~ ^[0-9]+$ && $warmup -le 20 ]] || die "BENCH_WARMUP must be 0..20"
[[ $passes =~ ^[1-4]$ ]] || die "BENCH_PASSES must be 1..4"
(( runs >= passes )) || die "BENCH_RUNS must be at least BENCH_PASSES"
[[ $extras == 0 || $extras == 1 ]] || die "BENCH_EXTRAS must be 0 or 1"
[[ $podman_driver == overlay || $podman_driver == vfs ]] || die "BENCH_PODMAN_DRIVER must be overlay or vfs"
[[ $timeout_s =~ ^[0-9]+$ && $timeout_s -ge 10 ]] || die "BENCH_TIMEOUT_S must be a number of seconds (>= 10)"
(( EUID == 0 )) || die "run as root (containers, mounts, namespaces)"
for tool in hyperfine podman conmon runc containerd ctr curl python3 timeout; do
  command -v "$tool" >/dev/null || die "$tool not found (run scripts/setup.sh)"
done
[[ $extras == 0 ]] || command -v crun >/dev/null || die "crun not found (run scripts/setup.sh, or BENCH_EXTRAS=0)"
[[ -x $BERTH ]] || die "berth binary not found at $BERTH (build it with scripts/setup.sh, or set BERTH=...)"
if ! [[ -x /bin/busybox ]] || [[ $(ldd /bin/busybox 2>&1 || true) != *"not a dynamic executable"* ]]; then
  die "/bin/busybox is missing or not static (install busybox-static)"
fi

runs_per_pass=$(( (runs + passes - 1) / passes ))
busybox_version=$(/bin/busybox --help 2>&1 | head -n 1 | sed -n 's/^BusyBox v\([0-9][0-9.]*\).*/\1/p')
[[ -n $busybox_version ]] || die "cannot read the version of /bin/busybox"
image=busybox:$busybox_version
full_image=docker.io/library/$image

# --- temp space, processes, cleanup ---------------------------------------------------------------------

# A short path: containerd's socket paths must stay under 108 bytes.
work=$(mktemp -d /tmp/bench-run.XXXXXX)
berth_args=(--data-dir "$work/berth-data" --run-dir "$work/berth-run")
podman_args=(--root "$work/podman/root" --runroot "$work/podman/runroot" --tmpdir "$work/podman/tmp"
             --storage-driver "$podman_driver")
ctd=$work/containerd
# a containerd namespace of our own: ctr puts each container's cgroup under /<namespace>/<id>, removed on exit
ctr_namespace=benchrun-${work##*.}
ctr_args=(-a "$ctd/containerd.sock" -n "$ctr_namespace")
ctr_run_args=(--fifo-dir "$ctd/fifo" --runc-root "$ctd/runc")
runc_root=$work/runc-root
crun_root=$work/crun-root
bundle=$work/bundle
# containerd 1.6 always puts its shims' sockets in /run/containerd/s: remove what it creates there, if it was absent
run_containerd_existed=0; [[ -e /run/containerd ]] && run_containerd_existed=1
run_containerd_s_existed=0; [[ -e /run/containerd/s ]] && run_containerd_s_existed=1
registry_pid=
containerd_pid=

stop_pid() {             # stop_pid PID: TERM, up to 5 s, then KILL (only PIDs started by this script)
  local p=$1 i
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
}

cleanup() {
  local rc=$? id f p mnt
  trap - EXIT INT TERM
  set +e
  if [[ $rc -ne 0 ]]; then
    for f in "$work"/*.log "$ctd"/*.log; do
      [[ -f $f ]] && { log "tail of ${f#"$work"/}:"; tail -n 8 "$f" >&2; }
    done
  fi
  stop_pid "$registry_pid"
  # berth: containers left by a failed or interrupted run
  if [[ -d $work/berth-data/containers ]]; then
    for id in $("$BERTH" "${berth_args[@]}" ps -a 2>/dev/null | awk 'NR > 1 { print $1 }'); do
      "$BERTH" "${berth_args[@]}" rm -f "$id" >/dev/null 2>&1
    done
  fi
  # bare runc / crun: containers under our own roots
  for id in $(runc --root "$runc_root" list -q 2>/dev/null); do runc --root "$runc_root" delete -f "$id" >/dev/null 2>&1; done
  if [[ -d $crun_root ]]; then
    for id in $(crun --root "$crun_root" list -q 2>/dev/null); do crun --root "$crun_root" delete -f "$id" >/dev/null 2>&1; done
  fi
  # podman: its isolated store
  if [[ -d $work/podman ]]; then
    podman "${podman_args[@]}" rm -a -f >/dev/null 2>&1
    podman "${podman_args[@]}" rmi -a -f >/dev/null 2>&1
  fi
  # containerd: tasks and containers in our namespace, then the daemon, then any shim it left (by its pid file)
  if [[ -n $containerd_pid ]] && kill -0 "$containerd_pid" 2>/dev/null; then
    for id in $(ctr "${ctr_args[@]}" tasks ls -q 2>/dev/null); do
      ctr "${ctr_args[@]}" tasks kill -s SIGKILL "$id" >/dev/null 2>&1
      ctr "${ctr_args[@]}" tasks delete -f "$id" >/dev/null 2>&1
    done
    for id in $(ctr "${ctr_args[@]}" containers ls -q 2>/dev/null); do
      ctr "${ctr_args[@]}" containers delete "$id" >/dev/null 2>&1
    done
  fi
  stop_pid "$containerd_pid"
  for f in "$ctd"/state/io.containerd.runtime.v2.task/*/*/shim.pid; do
    [[ -f $f ]] || continue
    p=$(cat "$f")
    [[ $p =~ ^[0-9]+$ ]] && kill -KILL "$p" 2>/dev/null
  done
  for f in /sys/fs/cgroup/*/"$ctr_namespace" /sys/fs/cgroup/"$ctr_namespace"; do
    [[ -d $f ]] && find "$f" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  # anything still mounted under the temp dir, deepest first
  while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
  done < <(awk -v w="$work" 'index($2, w "/") == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf "$work"
  [[ $run_containerd_s_existed == 1 ]] || rmdir /run/containerd/s 2>/dev/null
  [[ $run_containerd_existed == 1 ]] || rmdir /run/containerd 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {            # prints a free 127.0.0.1 port
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- the image, in every store ------------------------------------------------------------------------------

log "busybox rootfs from /bin/busybox ($busybox_version) with its applet links"
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,dev,etc,proc,sys,tmp}
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
  [[ $applet == busybox || -e $rootfs/bin/$applet ]] || ln -s busybox "$rootfs/bin/$applet"
done

log "berth: import-rootfs as $image"
berth_import=$("$BERTH" "${berth_args[@]}" image import-rootfs "$rootfs" "$image" 2>"$work/berth-import.log") \
  || die "berth image import-rootfs failed: $(cat "$work/berth-import.log")"
digest=${berth_import##* }
[[ $digest == sha256:* ]] || die "unexpected output of berth image import-rootfs: $berth_import"

port=$(free_port)
registry=127.0.0.1:$port
log "berth registry on $registry (only to hand the image to podman and containerd)"
"$BERTH" registry --listen "$registry" --root "$work/registry" >"$work/registry.log" 2>&1 &
registry_pid=$!
for ((i = 0; i < 300; i++)); do
  kill -0 "$registry_pid" 2>/dev/null || die "berth registry exited during start"
  curl -fs --max-time 1 -o /dev/null "http://$registry/v2/" && break
  sleep 0.1
done
curl -fs --max-time 1 -o /dev/null "http://$registry/v2/" || die "berth registry did not answer on $registry"
"$BERTH" "${berth_args[@]}" tag "$image" "$registry/library/$image" >/dev/null
"$BERTH" "${berth_args[@]}" push "$registry/library/$image" </dev/null >"$work/berth-push.log" 2>&1 \
  || die "berth push failed: $(tail -n 3 "$work/berth-push.log")"
"$BERTH" "${berth_args[@]}" rmi "$registry/library/$image" >/dev/null 2>&1 || true

log "podman ($podman_driver store in the temp dir): pull from the berth registry"
mkdir -p "$work/podman"
podman "${podman_args[@]}" pull --tls-verify=false "$registry/library/$image" >"$work/podman-pull.log" 2>&1 \
  || die "podman pull failed: $(tail -n 3 "$work/podman-pull.log")"
podman "${podman_args[@]}" tag "$registry/library/$image" "$full_image"
podman "${podman_args[@]}" rmi "$registry/library/$image" >/dev/null
podman_digest=$(podman "${podman_args[@]}" image inspect --format '{{.Digest}}' "$full_image")

log "containerd: own daemon, config, root, state and sockets in the temp dir"
mkdir -p "$ctd"
cat >"$ctd/config.toml" <<EOF
version = 2
root = "$ctd/root"
state = "$ctd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$ctd/containerd.sock"
[ttrpc]
  address = "$ctd/containerd.sock.ttrpc"
[debug]
  level = "warn"
[plugins."io.containerd.internal.v1.opt"]
  path = "$ctd/opt"
EOF
containerd --config "$ctd/config.toml" >"$ctd/containerd.log" 2>&1 &
containerd_pid=$!
for ((i = 0; i < 300; i++)); do
  kill -0 "$containerd_pid" 2>/dev/null || die "containerd exited during start"
  ctr "${ctr_args[@]}" version >/dev/null 2>&1 && break
  sleep 0.1
done
ctr "${ctr_args[@]}" version >/dev/null 2>&1 || die "containerd did not answer on $ctd/containerd.sock"
ctr "${ctr_args[@]}" images pull --plain-http "$registry/library/$image" >"$work/ctr-pull.log" 2>&1 \
  || die "ctr images pull failed: $(tail -n 3 "$work/ctr-pull.log")"
ctr "${ctr_args[@]}" images tag "$registry/library/$image" "$full_image" >/dev/null
ctr "${ctr_args[@]}" images rm "$registry/library/$image" >/dev/null
ctr_digest=$(ctr "${ctr_args[@]}" images ls | awk -v r="$full_image" '$1 == r { print $3 }')

stop_pid "$registry_pid"
registry_pid=
[[ $podman_digest == "$digest" ]] || die "podman's image has digest $podman_digest, berth's $digest"
[[ $ctr_digest == "$digest" ]] || die "containerd's image has digest $ctr_digest, berth's $digest"
log "image $image ($digest) is in berth, podman and containerd"

log "runc bundle (runc spec; args true, terminal false, no rlimits)"
mkdir -p "$bundle" "$runc_root" "$crun_root"
cp -a "$rootfs" "$bundle/rootfs"
(cd "$bundle" && runc spec)
python3 - "$bundle/config.json" <<'PY'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec["process"]["args"] = ["true"]
spec["process"]["terminal"] = False
spec["process"].pop("rlimits", None)   # the sandbox cannot raise rlimits (host notes)
spec["root"]["path"] = "rootfs"
json.dump(spec, open(path, "w"), indent=2)
PY

# --- the commands -------------------------------------------------------------------------------------------

q() { printf '%q ' "$@"; }   # a shell-quoted command line for hyperfine
names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "berth run --rm"                      "$(q "$BERTH" "${berth_args[@]}" run --rm --network none "$image" true)"
add "podman run --rm --network=none"      "$(q podman "${podman_args[@]}" run --rm --network=none "$image" true)"
[[ $extras == 1 ]] && add "podman run --rm --network=none --runtime runc" \
                          "$(q podman "${podman_args[@]}" run --rm --network=none --runtime runc "$image" true)"
add "ctr run --rm"                        "$(q ctr "${ctr_args[@]}" run --rm "${ctr_run_args[@]}" "$full_image")ctr-\$\$ true"
add "runc run (bare, ready bundle)"       "$(q runc --root "$runc_root" run --bundle "$bundle")runc-\$\$"
if [[ $extras == 1 ]]; then
  add "crun run (bare, ready bundle)"     "$(q crun --root "$crun_root" run --bundle "$bundle")crun-\$\$"
  add "berth --version (.NET start-up)"   "$(q "$BERTH" --version)"
fi

log "checking each command once"
for i in "${!cmds[@]}"; do
  out=$(timeout 60 sh -c "${cmds[i]}" 2>&1) || die "${names[i]} failed: ${out:-no output} (command: ${cmds[i]})"
done

# --- measure ------------------------------------------------------------------------------------------------

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
date_start=$(date -u '+%Y-%m-%d %H:%M UTC')
for ((p = 1; p <= passes; p++)); do
  order=()
  if (( p % 2 == 1 )); then
    for i in "${!cmds[@]}"; do order+=("$i"); done
  else
    for ((i = ${#cmds[@]} - 1; i >= 0; i--)); do order+=("$i"); done
  fi
  for i in "${order[@]}"; do
    log "pass $p/$passes: ${names[i]}"
    timeout "$timeout_s" hyperfine --style basic --warmup "$warmup" --runs "$runs_per_pass" \
      --command-name "${names[i]}" --export-json "$work/result-$i-pass$p.json" "${cmds[i]}" >&2 \
      || die "hyperfine failed or timed out for ${names[i]}"
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report -------------------------------------------------------------------------------------------------

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
podman_runtime=$(podman "${podman_args[@]}" info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null || echo '?')
versions="berth $("$BERTH" --version) ($BERTH, commit $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
versions+="; podman $(podman --version | awk '{print $NF}') (OCI runtime $podman_runtime, storage $podman_driver, events file)"
versions+="; containerd $(containerd --version | awk '{print $3}') (ctr, shim io.containerd.runc.v2, snapshotter overlayfs)"
versions+="; runc $(runc --version | awk 'NR == 1 {print $3}')"
[[ $extras == 1 ]] && versions+="; crun $(crun --version | awk 'NR == 1 {print $3}')"
versions+="; conmon $(conmon --version | awk 'NR == 1 {print $3}'); hyperfine $(hyperfine --version | awk '{print $2}')"

export BENCH_NAMES BENCH_CMDS
BENCH_NAMES=$(printf '%s\n' "${names[@]}")
BENCH_CMDS=$(printf '%s\n' "${cmds[@]}")

cat <<EOF
### $date_start: container start (bench/run.sh)

- machine: $(nproc) CPUs ($cpu_model), Linux $(uname -r), $mem_gib GiB RAM; load average $load_start at start, $load_end at end
- versions: $versions
- image: $image, one layer (/bin/busybox of busybox-static $(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo '?') plus $(find "$rootfs/bin" -type l | wc -l) applet links), manifest $digest in all three stores: imported by berth, pushed to a temporary berth registry, pulled by podman and ctr
- no network in any container: podman --network=none; ctr without --net-host/--cni (own empty network namespace); runc/crun: the default network namespace of \`runc spec\`
- hyperfine: $passes pass(es) × ($warmup warm-up + $runs_per_pass timed runs) per command, command order reversed in alternate passes; figures over all $(( runs_per_pass * passes )) timed runs of a command, in ms
EOF
python3 - "$work" "$passes" "$extras" <<'PY'
import json, os, statistics, sys

work, passes, extras = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
names = os.environ["BENCH_NAMES"].splitlines()
rows = []
for i, name in enumerate(names):
    times, per_pass = [], []
    for p in range(1, passes + 1):
        t = json.load(open(os.path.join(work, f"result-{i}-pass{p}.json")))["results"][0]["times"]
        times += t
        per_pass.append(statistics.median(t))
    rows.append((name, times, per_pass))

ms = lambda s: f"{s * 1000:.1f}"
med = {name: statistics.median(t) for name, t, _ in rows}
print()
print("| command | median ms | mean ± σ ms | min ms | max ms | median per pass ms |")
print("|---|--:|--:|--:|--:|--:|")
for name, t, per_pass in rows:
    sd = statistics.stdev(t) if len(t) > 1 else 0.0
    print(f"| {name} | {ms(statistics.median(t))} | {ms(statistics.mean(t))} ± {ms(sd)} | {ms(min(t))} | {ms(max(t))} "
          f"| {' / '.join(ms(x) for x in per_pass)} |")

b = med["berth run --rm"]
ratios = [("podman run --rm --network=none", "podman"), ("ctr run --rm", "ctr"), ("runc run (bare, ready bundle)", "runc")]
if extras:
    ratios.insert(1, ("podman run --rm --network=none --runtime runc", "podman (runc)"))
    ratios.append(("crun run (bare, ready bundle)", "crun"))
r = {short: b / med[name] for name, short in ratios}
print()
print("Ratios of medians: " + "; ".join(f"berth / {short} = **{x:.2f}×**" for short, x in r.items()))
if extras:
    v = med["berth --version (.NET start-up)"]
    print(f"`berth --version` (the .NET start-up of any berth command) is {ms(v)} ms, {100 * v / b:.0f}% of `berth run --rm`.")
verdict = lambda ok: "met" if ok else "NOT met"
print()
print(f"Targets: berth ≤ 0.5 × podman: {verdict(r['podman'] <= 0.5)} ({r['podman']:.2f}×); "
      f"berth ≤ 3 × bare runc: {verdict(r['runc'] <= 3)} ({r['runc']:.2f}×)")
print()
print("Commands (temp paths shortened to T):")
for name, cmd in zip(names, os.environ["BENCH_CMDS"].splitlines()):
    print(f"- {name}: `{cmd.strip().replace(work, 'T')}`")
PY
