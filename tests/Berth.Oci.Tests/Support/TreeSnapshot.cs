// Everything a layer should preserve about a directory tree, one line per entry, so two trees compare as text:
// kind, mode, owner, size and content hash, symlink target, device numbers, hard-link group, xattrs, mtime.
using System.Security.Cryptography;
using Berth.Oci.Native;

namespace Berth.Oci.Tests.Support;

static class TreeSnapshot
{
    public static List<string> Of(string root, bool withTimes = true)
    {
        var lines = new List<string>();
        var firstPathOfInode = new Dictionary<ulong, string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path);
            var s = Libc.LStat(path)!.Value;
            var line = $"{relative}: {s.Kind} {Convert.ToString((int)s.Mode, 8)} {s.Uid}:{s.Gid}";
            if (s.Kind == FileKind.Regular) line += $" size={s.Size} sha256={Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}";
            if (s.Kind == FileKind.Symlink) line += $" -> {new FileInfo(path).LinkTarget}";
            if (s.Kind is FileKind.CharacterDevice or FileKind.BlockDevice) line += $" dev={s.RdevMajor}:{s.RdevMinor}";
            if (s.Kind != FileKind.Directory && s.Links > 1)
                line += $" links={s.Links} same-as={(firstPathOfInode.TryAdd(s.Inode, relative) ? relative : firstPathOfInode[s.Inode])}";
            foreach (var (name, value) in Libc.GetXattrs(path)) line += $" xattr:{name}={Convert.ToHexStringLower(value)}";
            if (withTimes) line += $" mtime={s.ModificationTime.ToUnixTimeSeconds()}";
            lines.Add(line);
        }
        return lines;
    }
}
