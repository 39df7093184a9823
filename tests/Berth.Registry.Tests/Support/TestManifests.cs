// Manifest documents as clients push them, serialized with Berth.Oci's own model.
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Tests.Support;

public static class TestManifests
{
    public static byte[] Image(Descriptor config, IReadOnlyList<Descriptor> layers, string mediaType = MediaTypes.OciManifest,
        Descriptor? subject = null, string? artifactType = null, IReadOnlyDictionary<string, string>? annotations = null) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new ImageManifest { MediaType = mediaType, Config = config, Layers = layers, Subject = subject, ArtifactType = artifactType, Annotations = annotations },
            OciJsonContext.Default.ImageManifest);

    public static byte[] Index(IReadOnlyList<Descriptor> manifests, string mediaType = MediaTypes.OciIndex) =>
        JsonSerializer.SerializeToUtf8Bytes(new ImageIndex { MediaType = mediaType, Manifests = manifests }, OciJsonContext.Default.ImageIndex);
}
