// Entry names and link targets as paths beneath the target directory: a leading "/" or "./" is dropped, ".." is
// refused, and parents are resolved through symlinks only while they stay inside (lib -> usr/lib), never out of it.
using Berth.Oci.Native;

namespace Berth.Oci;

/// <summary>A path beneath the target: its absolute form, and its form relative to the target with no symlinks in it.</summary>
readonly record struct TargetPath(string Full, string Relative)
{
    public TargetPath Child(string name) => new($"{Full}/{name}", Relative.Length == 0 ? name : $"{Relative}/{name}");
}

static class ScopedPath
{
    /// <summary>The kernel's own limit (MAXSYMLINKS), which also ends symlink loops.</summary>
    const int MaxSymlinks = 40;

    /// <summary>The components of a tar path; empty for the target itself.</summary>
    public static string[] Split(string path, string entry, string what)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains("..")) throw new UnsafeLayerException(entry, $"has a \"..\" component in its {what} \"{path}\"");
        return parts;
    }

    /// <summary>
    /// The real directory that <paramref name="parts"/> name beneath <paramref name="root"/>, following symlinks
    /// that stay inside. Missing directories are created (and reported to <paramref name="created"/>) when
    /// <paramref name="create"/>; otherwise a missing one gives null.
    /// </summary>
    /// <exception cref="UnsafeLayerException">A symlink on the way points at an absolute path or climbs above the root.</exception>
    public static TargetPath? ResolveDirectory(string root, IEnumerable<string> parts, string entry, bool create, Action<string>? created = null)
    {
        var current = new TargetPath(root, "");
        var pending = new Stack<string>(parts.Reverse());
        var followed = 0;
        string? lastLink = null;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                // Only a symlink's target can bring ".." here; entry names with it were refused by Split.
                if (current.Relative.Length == 0)
                    throw new UnsafeLayerException(entry, $"goes through the symlink \"{lastLink}\", which climbs above the target directory");
                var slash = current.Relative.LastIndexOf('/');
                current = new TargetPath(current.Full[..current.Full.LastIndexOf('/')], slash < 0 ? "" : current.Relative[..slash]);
                continue;
            }
            var next = current.Child(part);
            switch (Libc.LStat(next.Full)?.Kind)
            {
                case null when create:
                    Directory.CreateDirectory(next.Full, (UnixFileMode)0b111_101_101);
                    created?.Invoke(next.Relative);
                    current = next;
                    break;
                case null:
                    return null;
                case FileKind.Directory:
                    current = next;
                    break;
                case FileKind.Symlink:
                    if (++followed > MaxSymlinks)
                        throw new InvalidLayerException($"layer entry \"{entry}\" goes through too many levels of symbolic links", entry);
                    var target = new FileInfo(next.Full).LinkTarget ?? "";
                    if (target.StartsWith('/'))
                        throw new UnsafeLayerException(entry, $"goes through the symlink \"{next.Relative}\" -> \"{target}\", an absolute path outside the target directory");
                    lastLink = $"{next.Relative}\" -> \"{target}";
                    foreach (var p in target.Split('/').Reverse()) pending.Push(p);
                    break;
                default:
                    throw new InvalidLayerException($"layer entry \"{entry}\" needs \"{next.Relative}\" to be a directory, but it is not", entry);
            }
        }
        return current;
    }

    /// <summary>Whether <paramref name="relative"/> is still a directory reached through directories only (no symlinks).</summary>
    public static bool IsRealDirectory(string root, string relative)
    {
        var full = root;
        foreach (var part in relative.Split('/'))
        {
            full = $"{full}/{part}";
            if (Libc.LStat(full)?.Kind != FileKind.Directory) return false;
        }
        return true;
    }
}
