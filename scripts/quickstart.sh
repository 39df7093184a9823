#!/usr/bin/env bash
# The README's main job: set up the machine, start `berth registry` on 127.0.0.1:5000, push a sample image
# to it with skopeo, pull it back, and run it with berth. Leaves the registry running and says how to stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir=${BERTH_DATA_DIR:-/var/lib/berth}
run_dir=${BERTH_RUN_DIR:-/run/berth}
listen=${BERTH_REGISTRY_LISTEN:-127.0.0.1:5000}
image="$listen/samples/busybox:1.0.0"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Setting up the machine and building berth"
scripts/setup.sh

step "Starting berth registry on $listen (storage: $data_dir/registry)"
mkdir -p "$data_dir" "$run_dir"
pid_file="$run_dir/registry.pid"
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "already running (pid $(cat "$pid_file"))"
else
  nohup out/berth registry --listen "$listen" --data-dir "$data_dir" >"$run_dir/registry.log" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 100); do curl -fs "http://$listen/v2/" >/dev/null && break; sleep 0.1; done
  curl -fs "http://$listen/v2/" >/dev/null || { echo "berth registry did not start:"; cat "$run_dir/registry.log"; exit 1; }
  echo "running (pid $(cat "$pid_file"), log $run_dir/registry.log)"
fi

step "Making a sample image offline: busybox from Debian's busybox-static, one layer"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/bin"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in sh ls echo cat uname; do ln -s busybox "$work/rootfs/bin/$applet"; done
berth=(out/berth --data-dir "$data_dir" --run-dir "$run_dir")
"${berth[@]}" image import-rootfs "$work/rootfs" samples/busybox:1.0.0
"${berth[@]}" save -o "$work/busybox.tar" samples/busybox:1.0.0

step "Pushing it with skopeo: $image"
skopeo copy --dest-tls-verify=false "docker-archive:$work/busybox.tar" "docker://$image"

step "Pulling it back with skopeo and inspecting it"
skopeo copy --src-tls-verify=false "docker://$image" "oci:$work/pulled:1.0.0"
skopeo inspect --tls-verify=false "docker://$image" | grep -E '"(Name|Digest|Architecture|Os)"'
echo "tags: $(curl -fs "http://$listen/v2/samples/busybox/tags/list")"

step "Running it with berth (pulled from the registry)"
"${berth[@]}" run --rm "$image" sh -c 'echo "hello from a berth container on $(uname -sr)"'

step "Done"
echo "berth registry keeps running on $listen. Stop it with: kill \$(cat $pid_file)"
