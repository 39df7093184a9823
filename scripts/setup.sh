#!/usr/bin/env bash
# Prepares this machine for Berth and builds it: Debian packages, host preparation (cgroups, podman limits),
# and `dotnet publish` of the berth binary to out/berth. Idempotent: a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  runc crun conmon containernetworking-plugins iptables busybox-static   # the runtime and its base image
  skopeo podman docker-registry etcd-server containerd                    # peers for interop tests and benchmarks
  hyperfine apache2-utils openssl curl python3                            # benchmarks, htpasswd, certificates
)

# containerd: only its binaries (containerd, ctr) are used, by bench/run.sh, which starts and stops a daemon of its
# own; the package ships a systemd unit and no init script, so nothing starts it on these machines (no systemd).
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# crun refuses cgroups v1 "hybrid" hosts until hugetlb has its own hierarchy (see shared/docs/host-notes.md).
if [ -d /sys/fs/cgroup ] && ! mountpoint -q /sys/fs/cgroup/hugetlb 2>/dev/null && ! [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p /sys/fs/cgroup/hugetlb
  mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb 2>/dev/null || echo "setup: note: could not mount the hugetlb cgroup (crun may refuse to start)"
fi

# podman cannot raise rlimits here; give it limits the sandbox allows.
mkdir -p /etc/containers
if ! grep -qs 'default_ulimits' /etc/containers/containers.conf; then
  cat >> /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
CONF
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required and not on PATH" >&2; exit 1; }
echo "setup: building berth"
# ReadyToRun: precompiled code, so short-lived commands (berth run) do not spend their time in the JIT.
dotnet publish src/Berth.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o out --nologo -v quiet >/dev/null
echo "setup: ready: $(out/berth --version)"
