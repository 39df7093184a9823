// What a push did: the manifest (or index) now at the reference, and how its blobs got there
// (uploaded, mounted from another repository, or skipped because the registry had them).
using Berth.Oci;

namespace Berth.Distribution;

public sealed record PushResult(ImageReference Reference, Descriptor Manifest, int BlobsUploaded, int BlobsMounted, int BlobsSkipped)
{
    public Digest Digest => Manifest.Digest;
}
