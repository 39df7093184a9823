// An image in the local store: a name bound to a manifest, with the parsed manifest and config at hand.
using Berth.Oci;

namespace Berth.Runtime.Images;

public sealed record ImageRecord(ImageReference Name, Digest ManifestDigest, ImageManifest Manifest, ImageConfig Config, DateTimeOffset Created)
{
    public long Size => Manifest.Config.Size + Manifest.Layers.Sum(l => l.Size);

    /// <summary>The image's ID as Docker and podman show it: its config's digest.</summary>
    public Digest Id => Manifest.Config.Digest;
}
