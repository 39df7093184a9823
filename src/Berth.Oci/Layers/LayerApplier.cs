// Unpacks a layer (tar or gzip, told apart by its bytes) into a directory, the step between pulling an image and
// running it. Nothing outside the target is ever created, changed or removed; a layer that tries is refused.
using System.Formats.Tar;

namespace Berth.Oci;

public sealed class LayerApplier(LayerApplyOptions? options = null)
{
    readonly LayerApplyOptions _options = options ?? new();

    /// <summary>
    /// Applies <paramref name="layer"/> on top of <paramref name="targetDirectory"/> (which must exist) and returns
    /// what was written with the layer's DiffID. The layer is streamed, never held in memory.
    /// </summary>
    /// <remarks>
    /// A refused or broken layer throws part-way: entries before the bad one stay applied inside the target, so the
    /// caller discards the target (a snapshot being prepared) rather than using it.
    /// </remarks>
    /// <exception cref="UnsafeLayerException">An entry would reach outside the target (.., escaping symlinks or hard links).</exception>
    /// <exception cref="InvalidLayerException">The layer is truncated, malformed or uses what Berth does not apply.</exception>
    public async Task<LayerApplyResult> ApplyAsync(Stream layer, string targetDirectory, CancellationToken ct = default)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"layer target directory {root} does not exist");

        using var diffId = new Digester();
        await using var tar = await Decompression.OpenAsync(layer, ct);
        var hashed = new DigestingStream(tar, diffId, leaveOpen: true);
        var guard = new TarHeaderGuard(hashed);
        var unpacker = new Unpacker(root, _options);
        string? last = null;
        await using (var reader = new TarReader(guard, leaveOpen: true))
        {
            while (await NextAsync(reader, last, ct) is { } entry)
            {
                try
                {
                    await unpacker.ApplyAsync(entry, guard.Xattrs, ct);
                }
                catch (IOException e) when (e is not EndOfStreamException)
                {
                    throw new IOException($"applying layer entry \"{entry.Name}\" to {root}: {e.Message}", e);
                }
                last = entry.Name;
            }
        }
        unpacker.Finish();
        await DrainAsync(hashed, last, ct);
        return new LayerApplyResult(unpacker.Entries, unpacker.BytesWritten, diffId.Finish(), unpacker.Skipped);
    }

    static async Task<TarEntry?> NextAsync(TarReader reader, string? last, CancellationToken ct)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, ct);
        }
        catch (Exception e) when (InvalidLayerException.IsMalformedInput(e))
        {
            throw InvalidLayerException.Malformed(e, last, inEntry: false);
        }
        catch (InvalidLayerException e) when (e.Entry is null && last is not null)
        {
            // TarHeaderGuard sees bytes, not entries; say where in the layer it stopped.
            throw new InvalidLayerException($"{e.Message} (after entry \"{last}\")", last, e);
        }
    }

    /// <summary>Reads what follows the end-of-archive blocks, which the DiffID covers too.</summary>
    static async Task DrainAsync(Stream hashed, string? last, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        try
        {
            while (await hashed.ReadAsync(buffer, ct) > 0) { }
        }
        catch (Exception e) when (InvalidLayerException.IsMalformedInput(e))
        {
            throw InvalidLayerException.Malformed(e, last, inEntry: false);
        }
    }
}
