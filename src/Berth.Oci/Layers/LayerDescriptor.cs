// What writing a layer produced: the blob's digest and size (for the manifest) and the DiffID (for the image config).
namespace Berth.Oci;

/// <param name="Digest">Digest of the blob as written (compressed or not).</param>
/// <param name="DiffId">Digest of the uncompressed tar, as listed in the config's rootfs.diff_ids.</param>
/// <param name="Size">Size in bytes of the blob as written.</param>
public sealed record LayerDescriptor(Digest Digest, Digest DiffId, long Size, string MediaType)
{
    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest, Size = Size };
}
