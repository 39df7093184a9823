// What a container is asked to be: the process, its root filesystem and its limits, before it becomes config.json.
namespace Berth.Runtime.Oci;

public sealed record ContainerRequest
{
    public required string Id { get; init; }
    /// <summary>Absolute path of the root filesystem (runc rejects a symlink: give the real path).</summary>
    public required string Rootfs { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string WorkingDir { get; init; } = "/";
    public SpecUser User { get; init; } = new();
    public string? Hostname { get; init; }
    public bool Terminal { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public long? MemoryLimitBytes { get; init; }
    /// <summary>CPUs as a fraction of one core (0.5 = half a core), enforced with a CFS quota.</summary>
    public double? Cpus { get; init; }
    public ulong? CpuShares { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<SpecMount> Mounts { get; init; } = [];
    /// <summary>Joins this network namespace (a pod's); null gives the container a new, empty one.</summary>
    public string? NetworkNamespace { get; init; }
    public string CgroupParent { get; init; } = "/berth";
}
