// The few libc calls .NET has no API for (directory fsync, hard links, device nodes, ownership, xattrs).
using System.Runtime.InteropServices;

namespace Berth.Oci.Native;

static partial class Libc
{
    const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    /// <summary>Makes a rename or create inside <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw new IOException($"open {directory}: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (fsync(fd) != 0) throw new IOException($"fsync {directory}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally { close(fd); }
    }
}
