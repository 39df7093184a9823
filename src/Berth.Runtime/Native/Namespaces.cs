// Creates Linux namespaces with no process in them: a dedicated thread unshares them and bind-mounts each one's
// /proc/thread-self/ns file onto a path, which keeps the namespace alive until that path is unmounted.
using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Runtime.Native;

/// <summary>The namespaces a pod pins, with their clone(2) flags and their file names under /proc/*/ns.</summary>
enum NamespaceKind
{
    Network = 0x40000000,
    Ipc = 0x08000000,
    Uts = 0x04000000,
}

static partial class Namespaces
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sethostname(byte* name, nuint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statfs(string path, byte* buffer);

    const long NSFS_MAGIC = 0x6e736673;

    /// <summary>
    /// Creates one new namespace of each kind in <paramref name="pins"/> and bind-mounts it at its path; with a
    /// <paramref name="hostname"/>, sets it in the new UTS namespace. On failure nothing stays mounted.
    /// </summary>
    public static Task PinAsync(IReadOnlyList<(NamespaceKind Kind, string Path)> pins, string? hostname)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // unshare changes only the calling thread. This thread is never returned to a pool: it ends when the
        // pins are made, so no other work ever runs inside the new namespaces and nothing has to switch back.
        var thread = new Thread(() =>
        {
            try
            {
                PinOnThisThread(pins, hostname);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "berth namespace pin" };
        thread.Start();
        return done.Task;
    }

    /// <summary>Unmounts a pinned namespace and deletes its file; a path that is not pinned (or gone) is fine.</summary>
    public static void Unpin(string path)
    {
        Posix.Unmount(path);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Whether <paramref name="path"/> is a namespace: a pinned one, or a /proc/PID/ns link.</summary>
    public static unsafe bool IsNamespace(string path)
    {
        // struct statfs starts with f_type (a long on 64-bit Linux); 256 bytes hold the whole struct.
        var buffer = stackalloc byte[256];
        return statfs(path, buffer) == 0 && *(long*)buffer == NSFS_MAGIC;
    }

    static void PinOnThisThread(IReadOnlyList<(NamespaceKind Kind, string Path)> pins, string? hostname)
    {
        var flags = pins.Aggregate(0, (all, pin) => all | (int)pin.Kind);
        if (unshare(flags) != 0) throw new IOException($"unshare({string.Join('|', pins.Select(p => p.Kind))}): {Marshal.GetLastPInvokeErrorMessage()}");
        if (hostname is not null) SetHostname(hostname);
        var made = new List<string>();
        try
        {
            foreach (var (kind, path) in pins)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                made.Add(path);
                using (File.Create(path)) { }
                Posix.BindMount($"/proc/thread-self/ns/{ProcName(kind)}", path);
            }
        }
        catch
        {
            foreach (var path in made) Unpin(path);
            throw;
        }
    }

    static unsafe void SetHostname(string hostname)
    {
        var bytes = Encoding.UTF8.GetBytes(hostname);
        fixed (byte* name = bytes)
            if (sethostname(name, (nuint)bytes.Length) != 0)
                throw new IOException($"sethostname {hostname}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    static string ProcName(NamespaceKind kind) => kind switch
    {
        NamespaceKind.Network => "net",
        NamespaceKind.Ipc => "ipc",
        NamespaceKind.Uts => "uts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
