// The few libc calls .NET has no API for (directory fsync, hard links, device nodes, ownership, xattrs).
// Each wrapper throws an IOException naming the call, the path and the errno text, so callers can add context.
using System.Runtime.InteropServices;

namespace Berth.Oci.Native;

static partial class Libc
{
    const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
    const uint STATX_BASIC_STATS = 0x7ff;
    const int ENOENT = 2, ENODATA = 61, ENOTSUP = 95, ERANGE = 34;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong device);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, ReadOnlySpan<byte> value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, Span<byte> value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint llistxattr(string path, Span<byte> list, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, in TimePair times, int flags);

    /// <summary>Makes a rename or create inside <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw Error("open", directory);
        try
        {
            if (fsync(fd) != 0) throw Error("fsync", directory);
        }
        finally { close(fd); }
    }

    /// <summary>lstat through statx (its layout is the same on every architecture); null if nothing is there.</summary>
    public static FileStatus? LStat(string path)
    {
        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out var s) == 0) return FileStatus.From(s);
        if (Marshal.GetLastPInvokeError() == ENOENT) return null;
        throw Error("lstat", path);
    }

    public static void Lchown(string path, int uid, int gid)
    {
        if (lchown(path, (uint)uid, (uint)gid) != 0) throw Error($"lchown {uid}:{gid}", path);
    }

    /// <summary>A hard link; Linux's link(2) does not follow a symlink at <paramref name="existing"/>.</summary>
    public static void Link(string existing, string path)
    {
        if (link(existing, path) != 0) throw Error($"link to {existing}", path);
    }

    public static void Mknod(string path, FileKind kind, UnixFileMode mode, int major, int minor)
    {
        var type = kind switch
        {
            FileKind.CharacterDevice => 0x2000u,
            FileKind.BlockDevice => 0x6000u,
            FileKind.Fifo => 0x1000u,
            _ => throw new ArgumentException($"mknod cannot make a {kind}", nameof(kind)),
        };
        if (mknod(path, type | (uint)mode, MakeDevice((uint)major, (uint)minor)) != 0) throw Error($"mknod {kind} {major}:{minor}", path);
    }

    public static void SetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        if (lsetxattr(path, name, value, (nuint)value.Length, 0) != 0) throw Error($"lsetxattr {name}", path);
    }

    /// <summary>The extended attributes of <paramref name="path"/> itself (not a symlink's target); empty where unsupported.</summary>
    public static SortedDictionary<string, byte[]> GetXattrs(string path)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var names = ReadSized(path, "llistxattr", span => llistxattr(path, span, (nuint)span.Length)) ?? [];
        foreach (var name in System.Text.Encoding.UTF8.GetString(names).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // An attribute removed between the listing and the read is simply no longer there.
            var value = ReadSized(path, $"lgetxattr {name}", span => lgetxattr(path, name, span, (nuint)span.Length), missingIsEmpty: true);
            if (value is not null) result[name] = value;
        }
        return result;
    }

    /// <summary>Sets access and modification time to <paramref name="time"/> without following a symlink.</summary>
    public static void SetTimes(string path, DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTime.UnixEpoch.Ticks;
        var spec = new Timespec(Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest), rest * 100);
        if (utimensat(AT_FDCWD, path, new TimePair(spec, spec), AT_SYMLINK_NOFOLLOW) != 0) throw Error("utimensat", path);
    }

    /// <summary>glibc's gnu_dev_makedev: 12+20 bits of major, 20+12 bits of minor, interleaved.</summary>
    static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    delegate nint SizedCall(Span<byte> buffer);

    /// <summary>The size-then-fill protocol of the xattr calls, retried if the value grows in between.</summary>
    static byte[]? ReadSized(string path, string operation, SizedCall call, bool missingIsEmpty = false)
    {
        while (true)
        {
            var size = call(Span<byte>.Empty);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOTSUP) return [];
                if (missingIsEmpty && errno == ENODATA) return null;
                throw Error(operation, path);
            }
            var buffer = new byte[size];
            var read = call(buffer);
            if (read >= 0) return buffer[..(int)read];
            if (Marshal.GetLastPInvokeError() != ERANGE) throw Error(operation, path);
        }
    }

    static IOException Error(string operation, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    readonly record struct Timespec(long Seconds, long Nanoseconds);

    readonly record struct TimePair(Timespec Access, Timespec Modification);
}
