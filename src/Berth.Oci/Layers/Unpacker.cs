// Applies tar entries one by one to the target directory: makes each kind of file, restores owner, mode, xattrs
// and times, and remembers what this layer added, so that whiteouts only ever remove lower layers' content.
using System.Buffers;
using System.Formats.Tar;
using System.Text;
using Berth.Oci.Native;

namespace Berth.Oci;

sealed partial class Unpacker(string root, LayerApplyOptions options)
{
    const UnixFileMode PermissionBits = (UnixFileMode)0xfff;
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };
    /// <summary>The xattr namespaces and limits of linux/xattr.h (XATTR_NAME_MAX, XATTR_SIZE_MAX).</summary>
    static readonly string[] XattrNamespaces = ["user.", "trusted.", "security.", "system."];
    const int MaxXattrName = 255, MaxXattrValue = 65536;

    /// <summary>Relative real paths this layer created, and every ancestor of them.</summary>
    readonly HashSet<string> _added = new(StringComparer.Ordinal);
    /// <summary>Directory modes and times wait until the end: adding children changes a directory's mtime, and a
    /// read-only mode would stop an unprivileged apply from adding them.</summary>
    readonly List<(string Relative, UnixFileMode Mode, DateTimeOffset Time)> _directories = [];
    readonly List<string> _skipped = [];

    public int Entries { get; private set; }
    public long BytesWritten { get; private set; }
    public IReadOnlyList<string> Skipped => _skipped;

    public async Task ApplyAsync(TarEntry entry, IReadOnlyDictionary<string, byte[]> xattrs, CancellationToken ct)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes) return;
        var parts = ScopedPath.Split(entry.Name, entry.Name, "name");
        if (parts.Length == 0)
        {
            // "./" describes the target directory itself, whose metadata belongs to whoever made the target.
            if (entry.EntryType == TarEntryType.Directory) return;
            throw new InvalidLayerException($"layer entry \"{entry.Name}\" ({entry.EntryType}) names the target directory itself", entry.Name);
        }
        if (parts[^1].StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry.Name, parts);
            Entries++;
            return;
        }
        CheckXattrs(entry.Name, xattrs);
        var parent = ScopedPath.ResolveDirectory(root, parts[..^1], entry.Name, create: true, MarkAdded)!.Value;
        var path = parent.Child(parts[^1]);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                MakeDirectory(entry, path, xattrs);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await WriteFileAsync(entry, path, xattrs, ct);
                break;
            case TarEntryType.SymbolicLink:
                MakeSymlink(entry, path, xattrs);
                break;
            case TarEntryType.HardLink:
                MakeHardLink(entry, path);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                MakeNode(entry, path, xattrs);
                break;
            default:
                throw new InvalidLayerException($"layer entry \"{entry.Name}\" has type {entry.EntryType}, which Berth does not apply", entry.Name);
        }
        MarkAdded(path.Relative);
        Entries++;
    }

    /// <summary>Gives directories their modes and times, skipping any that a later entry replaced.</summary>
    public void Finish()
    {
        foreach (var (relative, mode, time) in _directories)
        {
            if (!ScopedPath.IsRealDirectory(root, relative)) continue;
            var full = $"{root}/{relative}";
            File.SetUnixFileMode(full, mode);
            Libc.SetTimes(full, time);
        }
    }

    void MakeDirectory(TarEntry entry, TargetPath path, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        // An existing directory is merged into, as tar does; anything else in the way is replaced.
        if (Libc.LStat(path.Full)?.Kind != FileKind.Directory)
        {
            Remove(path.Full);
            Directory.CreateDirectory(path.Full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        SetOwner(path.Full, entry);
        SetXattrs(path.Full, entry.Name, xattrs);
        _directories.Add((path.Relative, entry.Mode & PermissionBits, entry.ModificationTime));
    }

    async Task WriteFileAsync(TarEntry entry, TargetPath path, IReadOnlyDictionary<string, byte[]> xattrs, CancellationToken ct)
    {
        // Unlink first: writing into the old file would follow a symlink or change every hard link to it.
        Remove(path.Full);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly, BufferSize = 0 };
        await using (var file = new FileStream(path.Full, create))
        {
            if (entry.DataStream is { } data) await CopyAsync(entry, data, file, ct);
            else if (entry.Length != 0) throw new InvalidLayerException($"layer is truncated in entry \"{entry.Name}\"", entry.Name);
        }
        SetMetadata(path.Full, entry, xattrs);
    }

    async Task CopyAsync(TarEntry entry, Stream data, FileStream file, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long copied = 0;
            while (true)
            {
                int read;
                try { read = await data.ReadAsync(buffer, ct); }
                catch (Exception e) when (InvalidLayerException.IsMalformedInput(e)) { throw InvalidLayerException.Malformed(e, entry.Name, inEntry: true); }
                if (read == 0) break;
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
                copied += read;
            }
            BytesWritten += copied;
            // TarReader hands out what is there when the archive ends early; the header said how much should be.
            if (copied != entry.Length)
                throw new InvalidLayerException(
                    $"layer is truncated: entry \"{entry.Name}\" declares {entry.Length} bytes but only {copied} follow", entry.Name);
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    void MakeSymlink(TarEntry entry, TargetPath path, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        if (entry.LinkName.Length == 0) throw new InvalidLayerException($"layer entry \"{entry.Name}\" is a symlink with an empty target", entry.Name);
        Remove(path.Full);
        File.CreateSymbolicLink(path.Full, entry.LinkName);
        SetOwner(path.Full, entry);
        SetXattrs(path.Full, entry.Name, xattrs);
        Libc.SetTimes(path.Full, entry.ModificationTime);
    }

    /// <summary>Links to an entry already beneath the target; the link shares that inode's metadata, so none is set.</summary>
    void MakeHardLink(TarEntry entry, TargetPath path)
    {
        var parts = ScopedPath.Split(entry.LinkName, entry.Name, "hard link target");
        if (parts.Length == 0) throw new InvalidLayerException($"layer entry \"{entry.Name}\" is a hard link to the target directory itself", entry.Name);
        if (ScopedPath.ResolveDirectory(root, parts[..^1], entry.Name, create: false)?.Child(parts[^1]) is not { } target
            || Libc.LStat(target.Full) is not { } status)
            throw new InvalidLayerException($"layer entry \"{entry.Name}\" is a hard link to \"{entry.LinkName}\", which does not exist in the target", entry.Name);
        if (status.Kind == FileKind.Directory)
            throw new InvalidLayerException($"layer entry \"{entry.Name}\" is a hard link to the directory \"{entry.LinkName}\"", entry.Name);
        if (target.Full == path.Full) return;
        Remove(path.Full);
        Libc.Link(target.Full, path.Full);
    }

    void MakeNode(TarEntry entry, TargetPath path, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        Remove(path.Full);
        var kind = entry.EntryType switch
        {
            TarEntryType.CharacterDevice => FileKind.CharacterDevice,
            TarEntryType.BlockDevice => FileKind.BlockDevice,
            _ => FileKind.Fifo,
        };
        var (major, minor) = entry is PosixTarEntry posix ? (posix.DeviceMajor, posix.DeviceMinor) : (0, 0);
        if (kind != FileKind.Fifo && !options.Privileged)
        {
            _skipped.Add($"{entry.Name}: {(kind == FileKind.CharacterDevice ? "character" : "block")} device {major}:{minor} not created (needs root)");
            return;
        }
        Libc.Mknod(path.Full, kind, OwnerOnly, major, minor);
        SetMetadata(path.Full, entry, xattrs);
    }

    /// <summary>Owner before mode: chown clears the setuid and setgid bits that the mode may set.</summary>
    void SetMetadata(string path, TarEntry entry, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        SetOwner(path, entry);
        File.SetUnixFileMode(path, entry.Mode & PermissionBits);
        SetXattrs(path, entry.Name, xattrs);
        Libc.SetTimes(path, entry.ModificationTime);
    }

    void SetOwner(string path, TarEntry entry)
    {
        if (options.Privileged) Libc.Lchown(path, entry.Uid, entry.Gid);
    }

    void SetXattrs(string path, string entryName, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        foreach (var (name, value) in xattrs.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            if (!options.Privileged && !name.StartsWith("user.", StringComparison.Ordinal))
            {
                _skipped.Add($"{entryName}: xattr {name} not set (needs root)");
                continue;
            }
            Libc.SetXattr(path, name, value);
        }
    }

    /// <summary>Refuses xattrs before anything is written: overlayfs's own, and any Linux would reject as malformed.</summary>
    static void CheckXattrs(string entry, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        foreach (var (name, value) in xattrs)
        {
            if (name.StartsWith("trusted.overlay.", StringComparison.Ordinal))
                throw new UnsafeLayerException(entry, $"carries the overlayfs attribute {name}, which would change what an overlay mount shows");
            if (!XattrNamespaces.Any(ns => name.StartsWith(ns, StringComparison.Ordinal) && name.Length > ns.Length)
                || Encoding.UTF8.GetByteCount(name) > MaxXattrName || value.Length > MaxXattrValue)
                throw new InvalidLayerException($"layer entry \"{entry}\" has an xattr \"{name}\" ({value.Length} bytes) that Linux does not accept", entry);
        }
    }

    void MarkAdded(string relative)
    {
        while (relative.Length > 0 && _added.Add(relative))
            relative = relative.LastIndexOf('/') is var slash and >= 0 ? relative[..slash] : "";
    }

    /// <summary>Removes whatever is at <paramref name="full"/> without following it: a symlink goes, not its target.</summary>
    static void Remove(string full)
    {
        switch (Libc.LStat(full)?.Kind)
        {
            case null: return;
            case FileKind.Directory: Directory.Delete(full, recursive: true); break;
            default: File.Delete(full); break;
        }
    }
}
