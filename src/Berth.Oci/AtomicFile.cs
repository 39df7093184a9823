// Durable, all-or-nothing file writes: content goes to a temp file beside the target, is fsynced,
// then renamed into place and the directory fsynced. A reader sees the old file or the new one, never half.
using Berth.Oci.Native;

namespace Berth.Oci;

public static class AtomicFile
{
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var temp = TempPathFor(path);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, ct);
                file.Flush(flushToDisk: true);
            }
            Commit(temp, path);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Renames an already fsynced <paramref name="temp"/> over <paramref name="path"/> and makes it durable.</summary>
    public static void Commit(string temp, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.Move(temp, path, overwrite: true);
        Libc.FsyncDirectory(directory);
    }

    /// <summary>A unique temp name in the target's directory (same filesystem, so the rename is atomic).</summary>
    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".tmp-{Path.GetFileName(full)}-{Guid.NewGuid():N}");
    }
}
