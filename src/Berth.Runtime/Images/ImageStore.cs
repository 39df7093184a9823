// The local image store every berth command and the agent share: blobs in a ContentStore, and an index of
// names (registry/repository:tag) to manifest digests, written atomically under a file lock.
using System.Text.Json;
using Berth.Oci;

namespace Berth.Runtime.Images;

public sealed class ImageStore
{
    readonly string _index;
    readonly string _lock;

    public ImageStore(string dataDirectory)
    {
        Content = new ContentStore(Path.Combine(dataDirectory, "content"));
        _index = Path.Combine(dataDirectory, "images", "index.json");
        _lock = Path.Combine(dataDirectory, "images", "lock");
    }

    public ContentStore Content { get; }

    public async Task<ImageRecord?> FindAsync(ImageReference name, CancellationToken ct)
    {
        var names = await ReadIndexAsync(ct);
        return names.TryGetValue(Key(name), out var digest) ? await LoadAsync(name, Digest.Parse(digest), ct) : null;
    }

    public async Task<ImageRecord> GetAsync(ImageReference name, CancellationToken ct) =>
        await FindAsync(name, ct) ?? throw new ImageNotFoundException(name, (await ListAsync(ct)).Select(i => i.Name.Familiar).ToList());

    public async Task<IReadOnlyList<ImageRecord>> ListAsync(CancellationToken ct)
    {
        var images = new List<ImageRecord>();
        foreach (var (name, digest) in await ReadIndexAsync(ct))
            images.Add(await LoadAsync(ImageReference.Parse(name), Digest.Parse(digest), ct));
        return images;
    }

    /// <summary>Binds <paramref name="name"/> to a manifest already in the content store.</summary>
    public async Task TagAsync(ImageReference name, Digest manifest, CancellationToken ct)
    {
        if (!Content.Exists(manifest)) throw new InvalidOperationException($"manifest {manifest} is not in the local store");
        using var held = await FileLock.AcquireAsync(_lock, ct);
        var names = await ReadIndexAsync(ct);
        names[Key(name)] = manifest.ToString();
        await WriteIndexAsync(names, ct);
    }

    public async Task<bool> UntagAsync(ImageReference name, CancellationToken ct)
    {
        using var held = await FileLock.AcquireAsync(_lock, ct);
        var names = await ReadIndexAsync(ct);
        if (!names.Remove(Key(name))) return false;
        await WriteIndexAsync(names, ct);
        return true;
    }

    /// <summary>Stores a manifest and config and returns the manifest's digest; the layers must be stored already.</summary>
    public async Task<Digest> StoreAsync(ImageConfig config, IReadOnlyList<Descriptor> layers, CancellationToken ct)
    {
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Default.ImageConfig);
        var configBlob = await Content.IngestAsync(new MemoryStream(configBytes), ct: ct);
        var manifest = new ImageManifest
        {
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configBlob.Digest, Size = configBlob.Size },
            Layers = layers,
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.ImageManifest);
        return (await Content.IngestAsync(new MemoryStream(manifestBytes), ct: ct)).Digest;
    }

    async Task<ImageRecord> LoadAsync(ImageReference name, Digest digest, CancellationToken ct)
    {
        var manifestBytes = await ReadBlobAsync(digest, ct);
        var manifest = ManifestDocument.Parse(manifestBytes, null).Image
            ?? throw new InvalidOperationException($"{name.Familiar} points at {digest}, which is an index, not an image manifest");
        var config = JsonSerializer.Deserialize(await ReadBlobAsync(manifest.Config.Digest, ct), OciJsonContext.Default.ImageConfig)!;
        var created = config.Created ?? File.GetLastWriteTimeUtc(Content.PathFor(digest));
        return new ImageRecord(name, digest, manifest, config, created);
    }

    async Task<byte[]> ReadBlobAsync(Digest digest, CancellationToken ct)
    {
        await using var stream = Content.OpenRead(digest);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    async Task<SortedDictionary<string, string>> ReadIndexAsync(CancellationToken ct)
    {
        if (!File.Exists(_index)) return new(StringComparer.Ordinal);
        var names = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(_index, ct), RuntimeJsonContext.Default.DictionaryStringString)!;
        return new SortedDictionary<string, string>(names, StringComparer.Ordinal);
    }

    Task WriteIndexAsync(SortedDictionary<string, string> names, CancellationToken ct) =>
        AtomicFile.WriteAllBytesAsync(_index, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>(names), RuntimeJsonContext.Default.DictionaryStringString), ct);

    static string Key(ImageReference name) => name.ToString();
}

public sealed class ImageNotFoundException(ImageReference name, IReadOnlyList<string> present)
    : Exception(present.Count == 0
        ? $"image \"{name.Familiar}\" is not in the local store (it is empty: pull or import an image first)"
        : $"image \"{name.Familiar}\" is not in the local store (it has: {string.Join(", ", present)})")
{
    public ImageReference Name => name;
}
