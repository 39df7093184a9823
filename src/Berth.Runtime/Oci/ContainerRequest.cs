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
    /// <summary>Joins this network namespace (a pod's); null gives the container a new one with only loopback.</summary>
    public string? NetworkNamespace { get; init; }
    /// <summary>Joins this IPC namespace (a pod's); null gives the container its own.</summary>
    public string? IpcNamespace { get; init; }
    /// <summary>Joins this UTS namespace (a pod's, which has the pod's hostname); null gives the container its own.</summary>
    public string? UtsNamespace { get; init; }
    /// <summary>A directory (a pod's tmpfs) bind-mounted at /dev/shm instead of a tmpfs of the container's own.</summary>
    public string? Shm { get; init; }
    public const string DefaultCgroupParent = "/berth";
    public string CgroupParent { get; init; } = DefaultCgroupParent;
}
