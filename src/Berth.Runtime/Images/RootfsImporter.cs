// `berth image import-rootfs`: turns a directory or a tar of a root filesystem into a one-layer image,
// the offline way to get a base image (busybox-static's busybox and its applet links, a debootstrap tree).
using Berth.Oci;

namespace Berth.Runtime.Images;

public static class RootfsImporter
{
    public static async Task<Digest> ImportAsync(ImageStore store, string source, ImageReference name, CancellationToken ct)
    {
        if (Directory.Exists(source)) return await ImportDirectoryAsync(store, source, name, ct);
        if (!File.Exists(source)) throw new FileNotFoundException($"{source} is neither a directory nor a tar file");
        var unpacked = Directory.CreateTempSubdirectory("berth-import-").FullName;
        try
        {
            await using (var tar = File.OpenRead(source)) await new LayerApplier().ApplyAsync(tar, unpacked, ct);
            return await ImportDirectoryAsync(store, unpacked, name, ct);
        }
        finally { Directory.Delete(unpacked, recursive: true); }
    }

    static async Task<Digest> ImportDirectoryAsync(ImageStore store, string directory, ImageReference name, CancellationToken ct)
    {
        var temp = Path.GetTempFileName();
        try
        {
            LayerDescriptor layer;
            await using (var output = File.Create(temp)) layer = await new LayerWriter().WriteAsync(directory, output, ct);
            await using (var input = File.OpenRead(temp)) await store.Content.IngestAsync(input, layer.Digest, layer.Size, ct);
            var now = DateTimeOffset.UtcNow;
            var config = new ImageConfig
            {
                Created = now,
                Config = new ContainerConfig
                {
                    Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                    Cmd = new FileInfo(Path.Combine(directory, "bin", "sh")) is { Exists: true } or { LinkTarget: not null } ? ["/bin/sh"] : null,
                },
                RootFs = new RootFs { DiffIds = [layer.DiffId] },
                History = [new HistoryEntry { Created = now, CreatedBy = $"berth image import-rootfs {Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))}" }],
            };
            var manifest = await store.StoreAsync(config, [layer.ToDescriptor()], ct);
            await store.TagAsync(name, manifest, ct);
            return manifest;
        }
        finally { File.Delete(temp); }
    }
}
