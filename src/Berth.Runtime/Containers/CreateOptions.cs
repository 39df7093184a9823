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
    public long? PidsLimit { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public IReadOnlyList<SpecMount> Mounts { get; init; } = [];
    public bool AutoRemove { get; init; }
    /// <summary>The pod the container joins: its network (localhost, IP, ports), IPC, UTS (hostname) and /dev/shm.</summary>
    public Sandbox? Sandbox { get; init; }
}
