// libc calls the runtime needs that .NET has no API for: an inheritable pipe for conmon's sync fd, and mounts
// (overlay root filesystems, a pod's shm, and the bind mounts that pin its namespaces).
using System.Runtime.InteropServices;

namespace Berth.Runtime.Native;

static partial class Posix
{
    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int pipe(int* fds);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? type, ulong flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    const int MNT_DETACH = 2;
    const ulong MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_BIND = 4096;
    const int EINVAL = 22, ENOENT = 2;

    /// <summary>A pipe whose ends a child process inherits (no O_CLOEXEC), as conmon's _OCI_SYNCPIPE needs.</summary>
    public static unsafe (int Read, int Write) InheritablePipe()
    {
        var fds = stackalloc int[2];
        if (pipe(fds) != 0) throw new IOException($"pipe: {Marshal.GetLastPInvokeErrorMessage()}");
        return (fds[0], fds[1]);
    }

    public static void Mount(string source, string target, string type, string data)
    {
        if (mount(source, target, type, 0, data) != 0)
            throw new IOException($"mount {type} on {target} ({data}): {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Mounts a tmpfs that nothing on it can be executed from, made a device or setuid (a pod's /dev/shm).</summary>
    public static void MountTmpfs(string target, string data)
    {
        if (mount("shm", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, data) != 0)
            throw new IOException($"mount tmpfs on {target} ({data}): {Marshal.GetLastPInvokeErrorMessage()}");
    }

    public static void BindMount(string source, string target)
    {
        if (mount(source, target, null, MS_BIND, null) != 0)
            throw new IOException($"bind mount {source} on {target}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Lazily unmounts; a path that is not mounted (or gone) is fine.</summary>
    public static void Unmount(string target)
    {
        if (umount2(target, MNT_DETACH) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (EINVAL or ENOENT)) throw new IOException($"umount {target}: {Marshal.GetLastPInvokeErrorMessage()}");
    }
}
