// What a pull resolved and stored: the image manifest (for this platform), its config and layers, and the index
// it was chosen from when the reference named one. Everything listed is in the content store.
using Berth.Oci;

namespace Berth.Distribution;

public sealed record PullResult(
    ImageReference Reference,
    Descriptor Manifest,
    Descriptor Config,
    IReadOnlyList<Descriptor> Layers,
    Digest? IndexDigest)
{
    public Digest ManifestDigest => Manifest.Digest;
}
