// `berth save` and `berth load`: images as one tar that is both an OCI image layout (index.json, blobs/) and a
// docker-archive (manifest.json), as Docker 25+ writes it, so podman, skopeo and docker all load it; load reads
// either kind. Blobs stream between the tar and the content store, verified by digest.
using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Oci;

namespace Berth.Runtime.Images;

public sealed class ImageArchive(ImageStore store)
{
    const string RefName = "org.opencontainers.image.ref.name";
    const string ContainerdName = "io.containerd.image.name";
    const int MaxMetadataBytes = 4 << 20;

    public async Task SaveAsync(IReadOnlyList<ImageReference> names, Stream output, CancellationToken ct)
    {
        var images = new List<ImageRecord>();
        foreach (var name in names) images.Add(await store.GetAsync(name, ct));
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var written = new HashSet<Digest>();
        foreach (var image in images)
            foreach (var digest in image.Manifest.Layers.Select(l => l.Digest).Prepend(image.Manifest.Config.Digest).Prepend(image.ManifestDigest))
                if (written.Add(digest)) await WriteBlobAsync(tar, digest, ct);

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(images.Select(i => (JsonNode)new JsonObject
            {
                ["mediaType"] = MediaTypes.OciManifest,
                ["digest"] = i.ManifestDigest.ToString(),
                ["size"] = store.Content.TryGetSize(i.ManifestDigest, out var size) ? size : 0,
                ["annotations"] = new JsonObject { [ContainerdName] = i.Name.ToString(), [RefName] = i.Name.Tag },
            }).ToArray()),
        };
        var dockerManifest = new JsonArray(images.Select(i => (JsonNode)new JsonObject
        {
            ["Config"] = BlobPath(i.Manifest.Config.Digest),
            ["RepoTags"] = new JsonArray(JsonValue.Create(i.Name.Familiar)),
            ["Layers"] = new JsonArray(i.Manifest.Layers.Select(l => (JsonNode)JsonValue.Create(BlobPath(l.Digest))!).ToArray()),
        }).ToArray());
        await WriteFileAsync(tar, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(), ct);
        await WriteFileAsync(tar, "index.json", JsonSerializer.SerializeToUtf8Bytes(index), ct);
        await WriteFileAsync(tar, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(dockerManifest), ct);
    }

    /// <summary>Loads every image in an OCI-layout or docker-archive tar; returns the names it tagged.</summary>
    public async Task<IReadOnlyList<ImageReference>> LoadAsync(Stream input, CancellationToken ct)
    {
        var metadata = new Dictionary<string, byte[]>();
        var files = new Dictionary<string, BlobInfo>();
        await using (var tar = new TarReader(input, leaveOpen: true))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var path = entry.Name.TrimStart('.', '/');
                if (!path.StartsWith("blobs/") && entry.Length <= MaxMetadataBytes && (path.EndsWith(".json") || path == "oci-layout" || path == "repositories"))
                {
                    using var buffer = new MemoryStream();
                    await entry.DataStream.CopyToAsync(buffer, ct);
                    metadata[path] = buffer.ToArray();
                    continue;
                }
                var expected = path.StartsWith("blobs/") && Digest.TryParse(path["blobs/".Length..].Replace('/', ':'), out var d) ? d : (Digest?)null;
                files[path] = await store.Content.IngestAsync(entry.DataStream, expected, entry.Length, ct);
            }
        }
        if (metadata.TryGetValue("index.json", out var indexBytes)) return await LoadOciAsync(indexBytes, ct);
        if (metadata.TryGetValue("manifest.json", out var manifestBytes)) return await LoadDockerAsync(manifestBytes, metadata, files, ct);
        throw new InvalidDataException("the archive has neither index.json (OCI layout) nor manifest.json (docker-archive)");
    }

    async Task<IReadOnlyList<ImageReference>> LoadOciAsync(byte[] indexBytes, CancellationToken ct)
    {
        var index = ManifestDocument.Parse(indexBytes, MediaTypes.OciIndex).Index!;
        var names = new List<ImageReference>();
        foreach (var manifest in index.Manifests)
        {
            var annotations = manifest.Annotations ?? new Dictionary<string, string>();
            var name = annotations.TryGetValue(ContainerdName, out var full) ? full
                : annotations.TryGetValue(RefName, out var tag) ? (tag.Contains(':') || tag.Contains('/') ? tag : $"localhost/loaded:{tag}")
                : throw new InvalidDataException($"manifest {manifest.Digest} in index.json has no name ({RefName} annotation)");
            var reference = ImageReference.Parse(name);
            await store.TagAsync(reference, manifest.Digest, ct);
            names.Add(reference);
        }
        return names;
    }

    async Task<IReadOnlyList<ImageReference>> LoadDockerAsync(byte[] manifestBytes, Dictionary<string, byte[]> metadata, Dictionary<string, BlobInfo> files, CancellationToken ct)
    {
        var names = new List<ImageReference>();
        foreach (var image in JsonNode.Parse(manifestBytes)!.AsArray())
        {
            var configPath = image!["Config"]!.GetValue<string>().TrimStart('.', '/');
            var configBytes = metadata.GetValueOrDefault(configPath) ?? await ReadAsync(Blob(files, configPath).Digest, ct);
            var config = JsonSerializer.Deserialize(configBytes, OciJsonContext.Default.ImageConfig)!;
            var layers = new List<Descriptor>();
            foreach (var layer in image["Layers"]!.AsArray())
            {
                var blob = Blob(files, layer!.GetValue<string>().TrimStart('.', '/'));
                layers.Add(new Descriptor { MediaType = await IsGzipAsync(blob.Digest, ct) ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer, Digest = blob.Digest, Size = blob.Size });
            }
            var manifest = await store.StoreAsync(config, layers, ct);
            foreach (var tag in image["RepoTags"]?.AsArray() ?? [])
            {
                var reference = ImageReference.Parse(tag!.GetValue<string>());
                await store.TagAsync(reference, manifest, ct);
                names.Add(reference);
            }
        }
        return names;
    }

    static BlobInfo Blob(Dictionary<string, BlobInfo> files, string path) =>
        files.TryGetValue(path, out var blob) ? blob : throw new InvalidDataException($"the archive's manifest.json names {path}, which is not in the archive");

    async Task<byte[]> ReadAsync(Digest digest, CancellationToken ct)
    {
        await using var stream = store.Content.OpenRead(digest);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    async Task<bool> IsGzipAsync(Digest digest, CancellationToken ct)
    {
        await using var stream = store.Content.OpenRead(digest);
        var magic = new byte[2];
        return await stream.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    async Task WriteBlobAsync(TarWriter tar, Digest digest, CancellationToken ct)
    {
        await using var blob = store.Content.OpenRead(digest);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, BlobPath(digest)) { DataStream = blob, ModificationTime = DateTimeOffset.UnixEpoch };
        await tar.WriteEntryAsync(entry, ct);
    }

    static async Task WriteFileAsync(TarWriter tar, string name, byte[] content, CancellationToken ct)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = DateTimeOffset.UnixEpoch };
        await tar.WriteEntryAsync(entry, ct);
    }

    static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";
}
