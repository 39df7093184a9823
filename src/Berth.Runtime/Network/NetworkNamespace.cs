// A named network namespace pinned by a bind mount at <run-dir>/netns/<name>, as `ip netns add` makes one:
// it exists before any container joins it and outlives them, until it is removed.
using Berth.Runtime.Native;

namespace Berth.Runtime.Network;

public sealed record NetworkNamespace(string Path)
{
    /// <summary>Where the namespace called <paramref name="name"/> is pinned under a run directory.</summary>
    public static NetworkNamespace At(string runDirectory, string name) =>
        new(System.IO.Path.Combine(System.IO.Path.GetFullPath(runDirectory), "netns", name));

    /// <summary>Creates a new, empty network namespace (loopback down, no other interface) and pins it.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string runDirectory, string name)
    {
        var ns = At(runDirectory, name);
        if (ns.Exists) throw new InvalidOperationException($"network namespace {ns.Path} already exists: remove it first or choose another name");
        await Namespaces.PinAsync([(NamespaceKind.Network, ns.Path)], hostname: null);
        return ns;
    }

    public bool Exists => Namespaces.IsNamespace(Path);

    /// <summary>Unpins the namespace and deletes its file; safe to repeat. It dies once no process is left in it.</summary>
    public void Remove() => Namespaces.Unpin(Path);
}
