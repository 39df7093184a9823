// A manifest as it arrives over the wire: raw bytes, validated and classified, with the blobs it references.
// Both families are read (OCI and Docker v2 schema 2); schema 1 is refused, as current registries do.
using System.Text.Json;

namespace Berth.Oci;

public sealed class ManifestDocument
{
    public required string MediaType { get; init; }
    public required ReadOnlyMemory<byte> Bytes { get; init; }
    public required Digest Digest { get; init; }
    public ImageManifest? Image { get; init; }
    public ImageIndex? Index { get; init; }

    public bool IsIndex => Index is not null;
    public Descriptor? Subject => Image?.Subject ?? Index?.Subject;
    public IReadOnlyDictionary<string, string>? Annotations => Image?.Annotations ?? Index?.Annotations;

    /// <summary>The artifact type as the referrers API reports it: artifactType, else the config's media type.</summary>
    public string? ArtifactType => Image is { } m ? m.ArtifactType ?? m.Config.MediaType : Index?.ArtifactType;

    /// <summary>Blobs (config and layers) for an image manifest; child manifests for an index.</summary>
    public IEnumerable<Descriptor> References => Image is { } m ? m.Layers.Prepend(m.Config) : Index!.Manifests;

    /// <summary>Parses and validates a manifest; <paramref name="contentType"/> is the declared media type, if any.</summary>
    public static ManifestDocument Parse(ReadOnlyMemory<byte> bytes, string? contentType, string digestAlgorithm = "sha256")
    {
        contentType = NormaliseContentType(contentType);
        JsonElement root;
        try
        {
            // A repeated key is read one way here and maybe another way by the next client; refuse the ambiguity.
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e) { throw new ManifestInvalidException($"manifest is not valid JSON: {e.Message}"); }
        if (root.ValueKind != JsonValueKind.Object) throw new ManifestInvalidException("manifest must be a JSON object");

        var declared = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
        var schemaVersion = root.TryGetProperty("schemaVersion", out var sv) && sv.ValueKind == JsonValueKind.Number && sv.TryGetInt32(out var v) ? v : 0;
        if (schemaVersion == 1 || contentType is MediaTypes.DockerSchema1 or MediaTypes.DockerSchema1Signed)
            throw new ManifestInvalidException("Docker schema 1 manifests are not supported; push with schema 2 or OCI", unsupported: true);
        if (schemaVersion != 2) throw new ManifestInvalidException("schemaVersion must be 2");

        var mediaType = Resolve(contentType, declared, root);
        var digest = Digest.Compute(bytes.Span, digestAlgorithm);
        try
        {
            // A document with both shapes reads as an index to one client and as an image to another (CVE-2021-41190).
            if (MediaTypes.IsIndex(mediaType))
            {
                if (root.TryGetProperty("config", out _) || root.TryGetProperty("layers", out _))
                    throw new ManifestInvalidException($"{mediaType} must not have \"config\" or \"layers\"; those belong to an image manifest");
                var index = root.Deserialize(OciJsonContext.Default.ImageIndex)!;
                if (!root.TryGetProperty("manifests", out var ms) || ms.ValueKind != JsonValueKind.Array)
                    throw new ManifestInvalidException("index has no \"manifests\" array");
                foreach (var (d, i) in index.Manifests.Select((d, i) => (d, i))) Check(d, $"manifests[{i}]");
                if (index.Subject is { } s) Check(s, "subject");
                CheckArtifactType(index.ArtifactType, "artifactType");
                return new ManifestDocument { MediaType = mediaType, Bytes = bytes, Digest = digest, Index = index };
            }
            if (root.TryGetProperty("manifests", out _))
                throw new ManifestInvalidException($"{mediaType} must not have \"manifests\"; that belongs to an index");
            var image = root.Deserialize(OciJsonContext.Default.ImageManifest)!;
            if (image.Config is null) throw new ManifestInvalidException("image manifest has no \"config\" descriptor");
            if (!root.TryGetProperty("layers", out var ls) || ls.ValueKind != JsonValueKind.Array)
                throw new ManifestInvalidException("image manifest has no \"layers\" array");
            Check(image.Config, "config");
            foreach (var (d, i) in image.Layers.Select((d, i) => (d, i))) Check(d, $"layers[{i}]");
            if (image.Subject is { } subject) Check(subject, "subject");
            CheckArtifactType(image.ArtifactType, "artifactType");
            return new ManifestDocument { MediaType = mediaType, Bytes = bytes, Digest = digest, Image = image };
        }
        catch (JsonException e) { throw new ManifestInvalidException($"manifest does not match {mediaType}: {Located(e)}"); }
    }

    // The serializer's own messages end with the JSON path, but a converter's (a bad digest) does not: add the field.
    static string Located(JsonException e) =>
        e.Path is null || e.Message.Contains(e.Path, StringComparison.Ordinal) ? e.Message : $"{e.Path.TrimStart('$', '.')}: {e.Message}";

    static string Resolve(string? contentType, string? declared, JsonElement root)
    {
        if (declared is not null && !MediaTypes.IsManifest(declared))
            throw new ManifestInvalidException($"manifest media type \"{declared}\" is not supported", unsupported: true);
        if (contentType is not null && MediaTypes.IsManifest(contentType))
        {
            if (declared is not null && declared != contentType)
                throw new ManifestInvalidException($"Content-Type \"{contentType}\" does not match the manifest's mediaType \"{declared}\"");
            return contentType;
        }
        if (declared is not null) return declared;
        // OCI allows an absent mediaType field; the structure then tells an index from an image manifest.
        if (root.TryGetProperty("manifests", out _)) return MediaTypes.OciIndex;
        if (root.TryGetProperty("config", out _)) return MediaTypes.OciManifest;
        throw new ManifestInvalidException(contentType is null
            ? "manifest has no mediaType and no Content-Type says what it is"
            : $"manifest media type \"{contentType}\" is not supported", unsupported: contentType is not null);
    }

    static void Check(Descriptor d, string field)
    {
        if (d is null) throw new ManifestInvalidException($"{field} is null");
        if (!MediaTypes.IsWellFormed(d.MediaType)) throw new ManifestInvalidException($"{field}.mediaType \"{d.MediaType}\" is not a valid media type");
        if (d.Digest.Algorithm is null) throw new ManifestInvalidException($"{field}.digest is missing");
        if (d.Size < 0) throw new ManifestInvalidException($"{field}.size must not be negative");
        CheckArtifactType(d.ArtifactType, $"{field}.artifactType");
        if (d.Data is { } data)
        {
            var bytes = new byte[data.Length];
            if (!Convert.TryFromBase64String(data, bytes, out var n)) throw new ManifestInvalidException($"{field}.data is not base64");
            if (n != d.Size || Digest.Compute(bytes.AsSpan(0, n), d.Digest.Algorithm) != d.Digest)
                throw new ManifestInvalidException($"{field}.data does not match its digest and size");
        }
    }

    // The referrers API filters and reports by artifactType, so it must be a media type like any other.
    static void CheckArtifactType(string? artifactType, string field)
    {
        if (artifactType is not null && !MediaTypes.IsWellFormed(artifactType))
            throw new ManifestInvalidException($"{field} \"{artifactType}\" is not a valid media type");
    }

    static string? NormaliseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semi = contentType.IndexOf(';');
        var type = (semi >= 0 ? contentType[..semi] : contentType).Trim().ToLowerInvariant();
        // Generic types say nothing about which manifest this is.
        return type is "application/json" or "application/octet-stream" ? null : type;
    }
}

public sealed class ManifestInvalidException(string message, bool unsupported = false) : Exception(message)
{
    public bool Unsupported => unsupported;
}
