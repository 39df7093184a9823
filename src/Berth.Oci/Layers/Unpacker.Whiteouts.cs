// OCI whiteouts: ".wh.<name>" hides <name> from lower layers, ".wh..wh..opq" hides everything lower in its directory.
// Flattened (Delete) they remove lower content; for an overlayfs upper (Overlay) they become what overlayfs reads.
using Berth.Oci.Native;

namespace Berth.Oci;

sealed partial class Unpacker
{
    const string WhiteoutPrefix = ".wh.";
    const string OpaqueMarker = ".wh..wh..opq";
    /// <summary>aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs) that hides nothing.</summary>
    const string WhiteoutMetaPrefix = ".wh..wh.";

    void ApplyWhiteout(string entry, string[] parts)
    {
        var name = parts[^1];
        var directoryParts = parts[..^1];
        if (name == OpaqueMarker)
        {
            ApplyOpaque(entry, directoryParts);
            return;
        }
        if (name.StartsWith(WhiteoutMetaPrefix, StringComparison.Ordinal)) return;
        var hidden = name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..") throw new UnsafeLayerException(entry, $"is a whiteout of \"{hidden}\", which names no entry");

        var overlay = options.Whiteouts == WhiteoutMode.Overlay;
        if (ScopedPath.ResolveDirectory(root, directoryParts, entry, create: overlay, MarkAdded) is not { } directory) return;
        var path = directory.Child(hidden);
        // The image spec lets a whiteout hide only lower layers' entries, never one this layer adds.
        if (_added.Contains(path.Relative)) return;
        Remove(path.Full);
        if (overlay) Libc.Mknod(path.Full, FileKind.CharacterDevice, 0, 0, 0);
    }

    void ApplyOpaque(string entry, string[] directoryParts)
    {
        if (options.Whiteouts == WhiteoutMode.Overlay)
        {
            var directory = ScopedPath.ResolveDirectory(root, directoryParts, entry, create: true, MarkAdded)!.Value;
            Libc.SetXattr(directory.Full, "trusted.overlay.opaque", "y"u8);
            return;
        }
        if (ScopedPath.ResolveDirectory(root, directoryParts, entry, create: false) is { } existing) RemoveLower(existing);
    }

    /// <summary>Removes everything in <paramref name="directory"/> that this layer did not add, whatever the tar order.</summary>
    void RemoveLower(TargetPath directory)
    {
        foreach (var full in Directory.GetFileSystemEntries(directory.Full, "*", AllEntries))
        {
            var child = directory.Child(Path.GetFileName(full));
            if (!_added.Contains(child.Relative)) Remove(child.Full);
            else if (Libc.LStat(child.Full)?.Kind == FileKind.Directory) RemoveLower(child);
        }
    }
}
