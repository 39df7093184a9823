// The local image store and snapshots: import of a root filesystem, chain IDs per the image spec, each layer
// unpacked once, whiteouts as overlay whiteouts, and a clear message for an image that is not there.
using System.Text;
using Berth.Oci;
using Berth.Runtime.Images;
using Berth.Runtime.Snapshots;

namespace Berth.Runtime.Tests;

public sealed class ImageAndSnapshotTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-images-").FullName;

    [Fact]
    public async Task Imported_rootfs_becomes_a_tagged_one_layer_image_whose_snapshot_has_the_files()
    {
        var store = new ImageStore(Path.Combine(_dir, "data"));
        var rootfs = BusyboxRootfs.Create(Directory.CreateDirectory(Path.Combine(_dir, "rootfs")).FullName);
        var name = ImageReference.Parse("localhost:5000/base/busybox:1.36.1");
        var digest = await RootfsImporter.ImportAsync(store, rootfs, name, CancellationToken.None);

        var image = await store.GetAsync(name, CancellationToken.None);
        Assert.Equal(digest, image.ManifestDigest);
        Assert.Single(image.Manifest.Layers);
        Assert.Equal(["/bin/sh"], image.Config.Config!.Cmd);
        var snapshots = new SnapshotStore(Path.Combine(_dir, "data"), store.Content);
        var lowers = await snapshots.PrepareAsync(image, CancellationToken.None);
        Assert.Equal("busybox", new FileInfo(Path.Combine(Assert.Single(lowers), "bin", "sh")).LinkTarget);
    }

    [Fact]
    public void Chain_ids_follow_the_image_spec()
    {
        var a = Digest.Compute("a"u8);
        var b = Digest.Compute("b"u8);
        var chain = SnapshotStore.ChainIds([a, b]);
        Assert.Equal(a, chain[0]);
        Assert.Equal(Digest.Compute(Encoding.ASCII.GetBytes($"{a} {b}")), chain[1]);
    }

    [Fact]
    public async Task A_layer_shared_by_two_images_is_unpacked_once_and_a_deletion_becomes_an_overlay_whiteout()
    {
        var data = Path.Combine(_dir, "data");
        var store = new ImageStore(data);
        var baseLayer = await AddLayerAsync(store, ("etc/motd", "hello"), ("etc/old", "bye"));
        var deleting = await AddLayerAsync(store, ("etc/.wh.old", ""));
        var one = await store.StoreAsync(Config(baseLayer), [baseLayer.ToDescriptor()], CancellationToken.None);
        var two = await store.StoreAsync(Config(baseLayer, deleting), [baseLayer.ToDescriptor(), deleting.ToDescriptor()], CancellationToken.None);
        await store.TagAsync(ImageReference.Parse("one:1"), one, CancellationToken.None);
        await store.TagAsync(ImageReference.Parse("two:1"), two, CancellationToken.None);

        var snapshots = new SnapshotStore(data, store.Content);
        var first = await snapshots.PrepareAsync(await store.GetAsync(ImageReference.Parse("one:1"), CancellationToken.None), CancellationToken.None);
        var marker = Path.Combine(first[0], "etc", "motd");
        var unpackedAt = File.GetLastWriteTimeUtc(Path.Combine(first[0], "etc"));
        var second = await snapshots.PrepareAsync(await store.GetAsync(ImageReference.Parse("two:1"), CancellationToken.None), CancellationToken.None);

        Assert.Equal(first[0], second[1]);
        Assert.Equal(unpackedAt, File.GetLastWriteTimeUtc(Path.Combine(first[0], "etc")));
        Assert.True(File.Exists(marker));
        var whiteout = new FileInfo(Path.Combine(second[0], "etc", "old"));
        Assert.True(whiteout.Exists || (whiteout.Attributes & FileAttributes.Device) != 0, "whiteout is missing");
        Assert.Equal(2, Directory.EnumerateDirectories(Path.Combine(data, "snapshots")).Count());
    }

    [Fact]
    public async Task Missing_image_error_lists_the_images_the_store_has()
    {
        var store = new ImageStore(Path.Combine(_dir, "data"));
        var layer = await AddLayerAsync(store, ("a", "b"));
        await store.TagAsync(ImageReference.Parse("present:2.0"), await store.StoreAsync(Config(layer), [layer.ToDescriptor()], CancellationToken.None), CancellationToken.None);
        var e = await Assert.ThrowsAsync<ImageNotFoundException>(() => store.GetAsync(ImageReference.Parse("absent:1.0"), CancellationToken.None));
        Assert.Equal("image \"absent:1.0\" is not in the local store (it has: present:2.0)", e.Message);
    }

    static ImageConfig Config(params LayerDescriptor[] layers) => new() { RootFs = new RootFs { DiffIds = layers.Select(l => l.DiffId).ToList() } };

    async Task<LayerDescriptor> AddLayerAsync(ImageStore store, params (string Path, string Content)[] files)
    {
        var source = Directory.CreateDirectory(Path.Combine(_dir, $"layer-{Guid.NewGuid():N}")).FullName;
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, path))!);
            await File.WriteAllTextAsync(Path.Combine(source, path), text);
        }
        using var buffer = new MemoryStream();
        var layer = await new LayerWriter(new LayerWriterOptions { ModificationTime = DateTimeOffset.UnixEpoch }).WriteAsync(source, buffer);
        buffer.Position = 0;
        await store.Content.IngestAsync(buffer, layer.Digest, layer.Size);
        return layer;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
