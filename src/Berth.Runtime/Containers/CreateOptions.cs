// What `berth run` (and later the CRI) asks for when creating a container from an image.
using Berth.Oci;
using Berth.Runtime.Oci;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Containers;

public sealed record CreateOptions
{
    public required ImageReference Image { get; init; }
    public string? Name { get; init; }
    /// <summary>Replaces the image's Cmd (or, with an entrypoint override, follows it).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
    public string? Entrypoint { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public long? MemoryLimitBytes { get; init; }
    public double? Cpus { get; init; }
    /// <summary>The container's relative CPU weight against others (cgroup cpu.shares).</summary>
    public ulong? CpuShares { get; init; }
    public long? PidsLimit { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public IReadOnlyList<SpecMount> Mounts { get; init; } = [];
    public bool AutoRemove { get; init; }
    /// <summary>The pod the container joins: its network (localhost, IP, ports), IPC, UTS (hostname) and /dev/shm.</summary>
    public Sandbox? Sandbox { get; init; }
    /// <summary>Where conmon writes the CRI-format log (a kubelet's pod log dir); by default beside the container.</summary>
    public string? LogPath { get; init; }
    /// <summary>The name and attempt the kubelet knows the container by (CRI's metadata), kept for its status.</summary>
    public string? MetadataName { get; init; }
    public uint Attempt { get; init; }
    /// <summary>Kept with the container and given back in its status; the runtime never acts on them.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
