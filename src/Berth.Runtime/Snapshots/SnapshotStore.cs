// Unpacked layers, once each, keyed by chain ID (the layer's DiffID chained onto its parents'), as overlay
// lower directories. A snapshot is unpacked into a temp dir and renamed into place, so a crash never leaves
// a half-unpacked one that looks complete.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Berth.Oci;
using Berth.Runtime.Images;

namespace Berth.Runtime.Snapshots;

public sealed class SnapshotStore(string dataDirectory, ContentStore content)
{
    readonly string _root = Path.Combine(dataDirectory, "snapshots");
    readonly ConcurrentDictionary<string, SemaphoreSlim> _unpacking = new();

    /// <summary>The chain IDs of an image's layers, bottom first (OCI image spec: ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))).</summary>
    public static IReadOnlyList<Digest> ChainIds(IReadOnlyList<Digest> diffIds)
    {
        var chain = new List<Digest>();
        foreach (var diffId in diffIds)
            chain.Add(chain.Count == 0 ? diffId : Digest.Compute(Encoding.ASCII.GetBytes($"{chain[^1]} {diffId}")));
        return chain;
    }

    public string PathFor(Digest chainId) => Path.Combine(_root, chainId.Hex, "fs");

    /// <summary>Unpacks whatever layers of <paramref name="image"/> are missing; returns the lower dirs, topmost first.</summary>
    public async Task<IReadOnlyList<string>> PrepareAsync(ImageRecord image, CancellationToken ct)
    {
        var diffIds = image.Config.RootFs.DiffIds;
        if (diffIds.Count != image.Manifest.Layers.Count)
            throw new InvalidOperationException($"image {image.Name.Familiar} has {image.Manifest.Layers.Count} layers but {diffIds.Count} diff IDs in its config");
        var chain = ChainIds(diffIds);
        for (var i = 0; i < chain.Count; i++) await UnpackAsync(chain[i], image.Manifest.Layers[i], diffIds[i], ct);
        return chain.Select(PathFor).Reverse().ToList();
    }

    /// <summary>
    /// Deletes the snapshots not in <paramref name="keep"/> (the chains of the images still in the store) that no
    /// mounted overlay uses as a lower dir (a container of a force-removed image). Returns how many went.
    /// </summary>
    public int Prune(IEnumerable<Digest> keep)
    {
        if (!Directory.Exists(_root)) return 0;
        var kept = keep.Select(d => d.Hex).ToHashSet();
        var mounted = File.ReadAllText("/proc/self/mountinfo");
        var removed = 0;
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var hex = Path.GetFileName(directory);
            if (hex.StartsWith('.') || kept.Contains(hex) || mounted.Contains(Path.Combine(directory, "fs"))) continue;
            Directory.Delete(directory, recursive: true);
            removed++;
        }
        return removed;
    }

    async Task UnpackAsync(Digest chainId, Descriptor layer, Digest diffId, CancellationToken ct)
    {
        var target = PathFor(chainId);
        if (Directory.Exists(target)) return;
        var gate = _unpacking.GetOrAdd(chainId.Hex, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Directory.Exists(target)) return;
            var temp = Path.Combine(_root, $".tmp-{chainId.Hex}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            try
            {
                LayerApplyResult applied;
                await using (var blob = content.OpenRead(layer.Digest))
                    applied = await new LayerApplier(new LayerApplyOptions { Whiteouts = WhiteoutMode.Overlay }).ApplyAsync(blob, temp, ct);
                if (applied.DiffId != diffId)
                    throw new InvalidDataException($"layer {layer.Digest} unpacks to {applied.DiffId}, but the image config says {diffId}");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.Move(temp, target);
            }
            catch
            {
                Directory.Delete(temp, recursive: true);
                throw;
            }
        }
        finally { gate.Release(); }
    }
}
