// Turns a ContainerRequest into an OCI runtime spec with the defaults container users expect: Docker's default
// capability set, no new privileges, masked /proc paths, the standard /dev, /proc and /sys mounts, and limits;
// a container in a pod joins the pod's network, IPC and UTS namespaces by path and mounts the pod's /dev/shm.
namespace Berth.Runtime.Oci;

public static class SpecGenerator
{
    /// <summary>Docker's default capability set, which images and users assume.</summary>
    public static readonly IReadOnlyList<string> DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    const ulong CfsPeriod = 100_000;

    public static RuntimeSpec Generate(ContainerRequest request)
    {
        if (request.Args.Count == 0) throw new ArgumentException($"container {request.Id} has no command: the image has no Entrypoint or Cmd and none was given");
        var capabilities = new SpecCapabilities { Bounding = DefaultCapabilities, Effective = DefaultCapabilities, Permitted = DefaultCapabilities };
        return new RuntimeSpec
        {
            Process = new SpecProcess
            {
                Terminal = request.Terminal,
                User = request.User,
                Args = request.Args,
                Env = request.Env,
                Cwd = request.WorkingDir,
                Capabilities = capabilities,
            },
            Root = new SpecRoot { Path = request.Rootfs, Readonly = request.ReadonlyRootfs },
            Hostname = request.Hostname,
            Mounts = [.. StandardMounts.Where(m => request.Shm is null || m.Destination != "/dev/shm"), .. ShmMount(request), .. request.Mounts],
            Linux = new SpecLinux
            {
                Namespaces =
                [
                    new("pid"), new("ipc", request.IpcNamespace), new("uts", request.UtsNamespace), new("mount"),
                    new("network", request.NetworkNamespace),
                ],
                Resources = new SpecResources
                {
                    Devices = [new SpecDeviceRule(false, "rwm")],
                    Memory = request.MemoryLimitBytes is { } memory ? new SpecMemory(memory, memory) : null,
                    Cpu = request.Cpus is not null || request.CpuShares is not null
                        ? new SpecCpu(request.CpuShares, request.Cpus is { } cpus ? (long)(cpus * CfsPeriod) : null, request.Cpus is null ? null : CfsPeriod)
                        : null,
                    Pids = request.PidsLimit is { } pids ? new SpecPids(pids) : null,
                },
                CgroupsPath = $"{request.CgroupParent}/{request.Id}",
                MaskedPaths =
                [
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
                ],
                ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
            },
        };
    }

    static IEnumerable<SpecMount> ShmMount(ContainerRequest request) => request.Shm is null ? [] :
    [
        new() { Destination = "/dev/shm", Type = "bind", Source = request.Shm, Options = ["rbind", "nosuid", "noexec", "nodev"] },
    ];

    static readonly SpecMount[] StandardMounts =
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
        new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
        new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
        new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
        new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] },
    ];
}
