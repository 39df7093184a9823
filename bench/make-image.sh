#!/usr/bin/env bash
# bench/make-image.sh: build a benchmark image as an OCI image layout, fully offline.
#
# Usage: bench/make-image.sh DIR [TOTAL_MIB] [LAYERS] [TAG]
#   DIR        output directory (created; must be absent or empty)
#   TOTAL_MIB  total size of the random file data, in MiB (default 200)
#   LAYERS     number of layers (default 5); the data is split evenly across them
#   TAG        value of the org.opencontainers.image.ref.name annotation in index.json (default latest)
# Env: MAKE_IMAGE_SEED  seed of the random data (default 1); the same arguments and seed give the same image.
#
# Each layer is a gzip'd tar (mtime 0, uid/gid 0, fixed timestamps) of files of incompressible, seeded
# pseudo-random bytes, so the compressed layers are about as large as the data. The image config is a valid
# OCI config (linux/amd64, rootfs.diff_ids = sha256 of each uncompressed tar), the manifest an OCI image
# manifest, and index.json names it with the TAG. Check the result with:
#   skopeo inspect oci:DIR:TAG      skopeo copy oci:DIR:TAG dir:/tmp/x
# Needs only bash and python3 (standard library).
set -euo pipefail

usage() { echo "usage: $0 DIR [TOTAL_MIB] [LAYERS] [TAG]" >&2; exit 2; }

[[ $# -ge 1 && $# -le 4 ]] || usage
dir=$1
total_mib=${2:-200}
layers=${3:-5}
tag=${4:-latest}
seed=${MAKE_IMAGE_SEED:-1}

[[ $total_mib =~ ^[0-9]+$ && $total_mib -ge 1 && $total_mib -le 8192 ]] || { echo "TOTAL_MIB must be 1..8192" >&2; exit 2; }
[[ $layers =~ ^[0-9]+$ && $layers -ge 1 && $layers -le 127 ]] || { echo "LAYERS must be 1..127" >&2; exit 2; }
[[ $seed =~ ^[0-9]+$ ]] || { echo "MAKE_IMAGE_SEED must be a non-negative integer" >&2; exit 2; }
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$ ]] || { echo "TAG is not a valid tag: $tag" >&2; exit 2; }
if [[ -e $dir ]] && [[ -n $(ls -A "$dir") ]]; then
  echo "$dir exists and is not empty" >&2; exit 1
fi
mkdir -p "$dir/blobs/sha256"

python3 - "$dir" "$total_mib" "$layers" "$tag" "$seed" <<'PY'
import gzip, hashlib, io, json, os, random, sys, tarfile

out, total_mib, nlayers, tag, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
MIB = 1 << 20
FILE_MAX = 8 * MIB          # each layer holds files of at most 8 MiB
MTIME = 1704067200          # 2024-01-01T00:00:00Z, in the tar headers
CREATED = "2024-01-01T00:00:00Z"
blobs = os.path.join(out, "blobs", "sha256")
rng = random.Random(seed)


class HashingWriter:
    """Write-only file object that hashes and counts what passes through it."""
    def __init__(self, inner):
        self.inner, self.sha, self.size = inner, hashlib.sha256(), 0
    def write(self, b):
        self.sha.update(b)
        self.size += len(b)
        return self.inner.write(b)
    def flush(self):
        self.inner.flush()


def put_blob(data: bytes):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


def write_layer(index: int, nbytes: int):
    """Write one gzip'd tar layer; returns (descriptor, diff_id)."""
    tmp = os.path.join(blobs, f".layer{index}.tmp")
    with open(tmp, "wb") as raw:
        compressed = HashingWriter(raw)
        # no file name and mtime 0 in the gzip header: the output depends only on the data
        with gzip.GzipFile(fileobj=compressed, mode="wb", compresslevel=1, mtime=0) as gz:
            uncompressed = HashingWriter(gz)
            with tarfile.open(fileobj=uncompressed, mode="w|", format=tarfile.USTAR_FORMAT) as tar:
                def header(name, kind, size=0, mode=0o644):
                    ti = tarfile.TarInfo(name)
                    ti.type, ti.size, ti.mode, ti.mtime = kind, size, mode, MTIME
                    ti.uid = ti.gid = 0
                    ti.uname = ti.gname = "root"
                    return ti
                top = f"bench/layer{index}"
                tar.addfile(header("bench", tarfile.DIRTYPE, mode=0o755))
                tar.addfile(header(top, tarfile.DIRTYPE, mode=0o755))
                left, n = nbytes, 0
                while left > 0:
                    size = min(FILE_MAX, left)
                    tar.addfile(header(f"{top}/data{n:03d}.bin", tarfile.REGTYPE, size),
                                io.BytesIO(rng.randbytes(size)))
                    left -= size
                    n += 1
    digest = compressed.sha.hexdigest()
    os.replace(tmp, os.path.join(blobs, digest))
    desc = {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest": "sha256:" + digest, "size": compressed.size}
    return desc, "sha256:" + uncompressed.sha.hexdigest()


total = total_mib * MIB
per_layer = total // nlayers
layer_descs, diff_ids = [], []
for i in range(nlayers):
    nbytes = per_layer if i < nlayers - 1 else total - per_layer * (nlayers - 1)
    desc, diff_id = write_layer(i, nbytes)
    layer_descs.append(desc)
    diff_ids.append(diff_id)

config = {
    "created": CREATED,
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        "Labels": {"org.opencontainers.image.title": "berth registry benchmark image"},
    },
    "rootfs": {"type": "layers", "diff_ids": diff_ids},
    "history": [{"created": CREATED, "created_by": f"bench/make-image.sh layer {i} (seed {seed})"}
                for i in range(nlayers)],
}
cfg_digest, cfg_size = put_blob(json.dumps(config, indent=2).encode())

manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg_digest, "size": cfg_size},
    "layers": layer_descs,
}
man_digest, man_size = put_blob(json.dumps(manifest, indent=2).encode())

index = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": man_digest,
        "size": man_size,
        "platform": {"architecture": "amd64", "os": "linux"},
        "annotations": {"org.opencontainers.image.ref.name": tag},
    }],
}
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump(index, f, indent=2)
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)

blob_bytes = cfg_size + man_size + sum(d["size"] for d in layer_descs)
print(f"{out}: tag {tag}, manifest {man_digest}, {nlayers} layers, "
      f"{blob_bytes} bytes of blobs ({blob_bytes / MIB:.1f} MiB)")
PY
