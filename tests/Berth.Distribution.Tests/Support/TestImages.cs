// Test images written straight into a content store: layers of random bytes as gzipped tars, a config whose
// diff_ids match them, and an OCI or Docker v2 manifest; and indexes (manifest lists) over several platforms.
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Distribution.Tests.Support;

sealed record TestImage(Descriptor Manifest, Descriptor Config, IReadOnlyList<Descriptor> Layers)
{
    public IEnumerable<Descriptor> Blobs => Layers.Prepend(Config);
}

static class TestImages
{
    static readonly DateTimeOffset Created = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Platform LinuxAmd64 = new() { Os = "linux", Architecture = "amd64" };
    public static readonly Platform LinuxArm64 = new() { Os = "linux", Architecture = "arm64", Variant = "v8" };

    /// <param name="seed">Makes the layers' bytes, so different seeds give images with no blob in common.</param>
    public static async Task<TestImage> WriteAsync(ContentStore store, int seed, int layers = 3, int layerBytes = 64 << 10,
        Platform? platform = null, bool docker = false)
    {
        platform ??= LinuxAmd64;
        var random = new Random(seed);
        var layerDescriptors = new List<Descriptor>();
        var diffIds = new List<Digest>();
        for (var i = 0; i < layers; i++)
        {
            var data = new byte[layerBytes];
            random.NextBytes(data);
            var (blob, diffId) = Layer($"layer-{seed}-{i}.bin", data);
            diffIds.Add(diffId);
            layerDescriptors.Add(await IngestAsync(store, blob, docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip));
        }
        var config = new ImageConfig
        {
            Created = Created, Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant,
            Config = new ContainerConfig { Cmd = ["/bin/sh"] },
            RootFs = new RootFs { DiffIds = diffIds },
        };
        var configDescriptor = await IngestAsync(store, JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Default.ImageConfig),
            docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig);
        var mediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest;
        var manifest = new ImageManifest { MediaType = mediaType, Config = configDescriptor, Layers = layerDescriptors };
        var manifestDescriptor = await IngestAsync(store, JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.ImageManifest), mediaType);
        return new TestImage(manifestDescriptor with { Platform = platform }, configDescriptor, layerDescriptors);
    }

    /// <summary>An index (a Docker manifest list by default) over <paramref name="images"/>, each with its platform.</summary>
    public static async Task<Descriptor> WriteIndexAsync(ContentStore store, IEnumerable<TestImage> images, string mediaType = MediaTypes.DockerManifestList)
    {
        var index = new ImageIndex { MediaType = mediaType, Manifests = images.Select(i => i.Manifest).ToList() };
        return await IngestAsync(store, JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.ImageIndex), mediaType);
    }

    static (byte[] Blob, Digest DiffId) Layer(string name, byte[] data)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data), ModificationTime = Created });
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tar.GetBuffer(), 0, (int)tar.Length);
        return (gzipped.ToArray(), Digest.Compute(tar.GetBuffer().AsSpan(0, (int)tar.Length)));
    }

    static async Task<Descriptor> IngestAsync(ContentStore store, byte[] bytes, string mediaType)
    {
        var blob = await store.IngestAsync(new MemoryStream(bytes));
        return new Descriptor { MediaType = mediaType, Digest = blob.Digest, Size = blob.Size };
    }
}
