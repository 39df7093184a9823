// Turns a directory into an OCI layer blob: a deterministic tar (entries sorted, names relative, owners, modes,
// links, devices and xattrs kept), gzipped if asked, hashed on the way out into its DiffID and blob digest.
using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using Berth.Oci.Native;

namespace Berth.Oci;

public sealed class LayerWriter(LayerWriterOptions? options = null)
{
    static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    readonly LayerWriterOptions _options = options ?? new();

    /// <summary>
    /// Writes the contents of <paramref name="sourceDirectory"/> (not the directory itself) as a layer to
    /// <paramref name="destination"/>. Sockets are left out: a tar cannot hold them.
    /// </summary>
    public async Task<LayerDescriptor> WriteAsync(string sourceDirectory, Stream destination, CancellationToken ct = default)
    {
        var entries = Collect(Path.GetFullPath(sourceDirectory));
        using var diffId = new Digester();
        using var blob = new Digester();
        var written = new DigestingStream(destination, blob, leaveOpen: true);
        var gzip = _options.Gzip ? new GZipStream(written, _options.CompressionLevel, leaveOpen: true) : null;
        var tar = new DigestingStream(gzip ?? (Stream)written, diffId, leaveOpen: true);
        try
        {
            await WriteTarAsync(entries, tar, ct);
        }
        finally
        {
            if (gzip is not null) await gzip.DisposeAsync();
        }
        await destination.FlushAsync(ct);
        var size = blob.Length;
        return new LayerDescriptor(blob.Finish(), diffId.Finish(), size, _options.Gzip ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer);
    }

    sealed record SourceEntry(string Name, string Path, FileStatus Status);

    /// <summary>Every entry under <paramref name="root"/>, without following symlinks, sorted by tar name.</summary>
    static List<SourceEntry> Collect(string root)
    {
        var entries = new List<SourceEntry>();
        var directories = new Stack<(string Path, string Name)>();
        directories.Push((root, ""));
        while (directories.TryPop(out var directory))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory.Path, "*", AllEntries))
            {
                if (Libc.LStat(path) is not { } status || status.Kind == FileKind.Socket) continue;
                var name = directory.Name + System.IO.Path.GetFileName(path);
                if (status.Kind == FileKind.Directory)
                {
                    name += "/";
                    directories.Push((path, name));
                }
                entries.Add(new SourceEntry(name, path, status));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    async Task WriteTarAsync(List<SourceEntry> entries, Stream tar, CancellationToken ct)
    {
        // The first name of a multiply-linked inode (in sorted order) carries the data; later names link to it.
        var firstNames = new Dictionary<(uint, uint, ulong), string>();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            foreach (var entry in entries)
            {
                ct.ThrowIfCancellationRequested();
                var status = entry.Status;
                var header = new TarEntryHeader
                {
                    Name = entry.Name,
                    Type = TypeOf(status.Kind),
                    Mode = status.Mode,
                    Uid = status.Uid,
                    Gid = status.Gid,
                    ModificationTime = (_options.ModificationTime ?? status.ModificationTime).ToUnixTimeSeconds(),
                };
                if (status.Kind != FileKind.Directory && status.Links > 1)
                {
                    var inode = (status.DeviceMajor, status.DeviceMinor, status.Inode);
                    if (firstNames.TryGetValue(inode, out var first))
                    {
                        await tar.WriteAsync((header with { Type = TarEntryType.HardLink, LinkName = first }).Encode(), ct);
                        continue;
                    }
                    firstNames[inode] = entry.Name;
                }
                header = header with { Xattrs = RecordedXattrs(entry.Path) };
                switch (status.Kind)
                {
                    case FileKind.Regular:
                        await tar.WriteAsync((header with { Size = status.Size }).Encode(), ct);
                        await CopyContentAsync(entry, tar, buffer, ct);
                        break;
                    case FileKind.Symlink:
                        await tar.WriteAsync((header with { LinkName = new FileInfo(entry.Path).LinkTarget ?? "" }).Encode(), ct);
                        break;
                    case FileKind.CharacterDevice or FileKind.BlockDevice:
                        await tar.WriteAsync((header with { DeviceMajor = status.RdevMajor, DeviceMinor = status.RdevMinor }).Encode(), ct);
                        break;
                    default:
                        await tar.WriteAsync(header.Encode(), ct);
                        break;
                }
            }
            await tar.WriteAsync(new byte[2 * TarEntryHeader.BlockSize], ct);
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Copies exactly the size the header announced; a file that changes meanwhile would corrupt the tar.</summary>
    static async Task CopyContentAsync(SourceEntry entry, Stream tar, byte[] buffer, CancellationToken ct)
    {
        await using var file = new FileStream(entry.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        var remaining = entry.Status.Size;
        while (remaining > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
            if (read == 0) throw new IOException($"{entry.Path} shrank while the layer was being written");
            await tar.WriteAsync(buffer.AsMemory(0, read), ct);
            remaining -= read;
        }
        if (await file.ReadAsync(buffer.AsMemory(0, 1), ct) != 0) throw new IOException($"{entry.Path} grew while the layer was being written");
        await tar.WriteAsync(new byte[TarEntryHeader.Padding(entry.Status.Size)], ct);
    }

    /// <summary>
    /// The xattrs a layer should carry. SELinux labels belong to the building host and overlayfs's own attributes
    /// describe a snapshot, not content (and LayerApplier refuses them), so neither is recorded.
    /// </summary>
    static Dictionary<string, byte[]> RecordedXattrs(string path) =>
        Libc.GetXattrs(path)
            .Where(x => x.Key != "security.selinux" && !x.Key.StartsWith("trusted.overlay.", StringComparison.Ordinal))
            .ToDictionary();

    static TarEntryType TypeOf(FileKind kind) => kind switch
    {
        FileKind.Regular => TarEntryType.RegularFile,
        FileKind.Directory => TarEntryType.Directory,
        FileKind.Symlink => TarEntryType.SymbolicLink,
        FileKind.CharacterDevice => TarEntryType.CharacterDevice,
        FileKind.BlockDevice => TarEntryType.BlockDevice,
        FileKind.Fifo => TarEntryType.Fifo,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a tar entry cannot hold this kind of file"),
    };
}
