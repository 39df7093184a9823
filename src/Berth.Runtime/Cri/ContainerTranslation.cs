// CRI's ContainerConfig to Berth's CreateOptions (command and args as Kubernetes merges them, mounts, limits, user,
// log path under the pod's log directory), and a ContainerState back to CRI's Container and ContainerStatus.
using Berth.Cri.V1;
using Berth.Runtime.Containers;
using Berth.Runtime.Images;
using Berth.Runtime.Oci;
using Berth.Runtime.Sandboxes;
using ContainerState = Berth.Runtime.Containers.ContainerState;
using ContainerStatus = Berth.Runtime.Containers.ContainerStatus;
using CriContainerState = Berth.Cri.V1.ContainerState;
using CriContainerStatus = Berth.Cri.V1.ContainerStatus;

namespace Berth.Runtime.Cri;

static class ContainerTranslation
{
    public static CreateOptions Options(ContainerConfig config, Sandbox sandbox, ImageRecord image)
    {
        if (config.Metadata is not { Name.Length: > 0 } metadata)
            throw CriErrors.InvalidArgument("the container config has no metadata.name: the kubelet always sends the container's name");
        var linux = config.Linux;
        var resources = linux?.Resources;
        var security = linux?.SecurityContext;
        return new CreateOptions
        {
            Image = image.Name,
            // CRI-O's naming: unique per pod and attempt, and readable in `runc list`.
            Name = $"k8s_{metadata.Name}_{sandbox.Config.Name}_{sandbox.Config.Namespace}_{sandbox.Config.Uid}_{metadata.Attempt}",
            MetadataName = metadata.Name,
            Attempt = metadata.Attempt,
            // Kubernetes: command replaces the image's entrypoint and drops its cmd; args alone replace only the cmd.
            Entrypoint = config.Command.Count > 0 ? "" : null,
            Command = [.. config.Command, .. config.Args],
            Env = config.Envs.Select(e => $"{e.Key}={e.Value}").ToList(),
            WorkingDir = config.WorkingDir.Length > 0 ? config.WorkingDir : null,
            User = User(security),
            ReadonlyRootfs = security?.ReadonlyRootfs ?? false,
            MemoryLimitBytes = resources?.MemoryLimitInBytes > 0 ? resources.MemoryLimitInBytes : null,
            Cpus = resources is { CpuQuota: > 0, CpuPeriod: > 0 } ? (double)resources.CpuQuota / resources.CpuPeriod : null,
            CpuShares = resources?.CpuShares > 0 ? (ulong)resources.CpuShares : null,
            Mounts = config.Mounts.Select(Mount).ToList(),
            Sandbox = sandbox,
            LogPath = LogPath(config, sandbox),
            Labels = new Dictionary<string, string>(config.Labels),
            Annotations = new Dictionary<string, string>(config.Annotations),
        };
    }

    public static Container Item(ContainerState state)
    {
        var item = new Container
        {
            Id = state.Id,
            PodSandboxId = state.SandboxId ?? "",
            Metadata = Metadata(state),
            Image = new ImageSpec { Image = state.Image },
            ImageRef = state.ImageId,
            ImageId = state.ImageId,
            State = State(state),
            CreatedAt = CriTime.Nanoseconds(state.Created),
        };
        item.Labels.Add(new Dictionary<string, string>(state.Labels));
        item.Annotations.Add(new Dictionary<string, string>(state.Annotations));
        return item;
    }

    public static CriContainerStatus Status(ContainerState state)
    {
        var exited = state.Status == ContainerStatus.Exited && state.ExitCode is not null;
        var status = new CriContainerStatus
        {
            Id = state.Id,
            Metadata = Metadata(state),
            State = State(state),
            CreatedAt = CriTime.Nanoseconds(state.Created),
            StartedAt = CriTime.Nanoseconds(state.Started),
            FinishedAt = exited ? CriTime.Nanoseconds(state.Finished) : 0,
            ExitCode = state.ExitCode ?? 0,
            Image = new ImageSpec { Image = state.Image },
            ImageRef = state.ImageId,
            ImageId = state.ImageId,
            Reason = !exited ? "" : state.OomKilled ? "OOMKilled" : state.ExitCode == 0 ? "Completed" : "Error",
            LogPath = state.LogPath ?? "",
        };
        status.Labels.Add(new Dictionary<string, string>(state.Labels));
        status.Annotations.Add(new Dictionary<string, string>(state.Annotations));
        status.Mounts.AddRange(state.BindMounts.Select(m => new Mount
        {
            ContainerPath = m.Destination, HostPath = m.Source ?? "", Readonly = m.Options?.Contains("ro") ?? false,
        }));
        return status;
    }

    static ContainerMetadata Metadata(ContainerState state) => new() { Name = state.MetadataName ?? state.Name, Attempt = state.Attempt };

    static CriContainerState State(ContainerState state) => state.Status switch
    {
        ContainerStatus.Created => CriContainerState.ContainerCreated,
        ContainerStatus.Running => CriContainerState.ContainerRunning,
        // Gone without an exit file (conmon killed, or a reboot): nobody knows how it ended, and the kubelet recreates it.
        ContainerStatus.Exited when state.ExitCode is null => CriContainerState.ContainerUnknown,
        ContainerStatus.Exited => CriContainerState.ContainerExited,
        _ => CriContainerState.ContainerUnknown,
    };

    static string? User(LinuxContainerSecurityContext? security)
    {
        if (security is null) return null;
        if (security.RunAsUser is { } uid)
            return security.RunAsGroup is { } gid ? $"{uid.Value}:{gid.Value}" : uid.Value.ToString();
        if (security.RunAsUsername.Length > 0)
            return security.RunAsGroup is { } gid ? $"{security.RunAsUsername}:{gid.Value}" : security.RunAsUsername;
        return null;
    }

    static SpecMount Mount(Mount mount)
    {
        if (mount.Image is { Image.Length: > 0 })
            throw CriErrors.Unimplemented("CreateContainer with an image volume", $"mount of image \"{mount.Image.Image}\" at {mount.ContainerPath}: image volumes are not supported yet");
        if (!Path.IsPathRooted(mount.ContainerPath) || !Path.IsPathRooted(mount.HostPath))
            throw CriErrors.InvalidArgument($"mount {mount.HostPath} -> {mount.ContainerPath}: both paths must be absolute");
        if (!File.Exists(mount.HostPath) && !Directory.Exists(mount.HostPath))
            throw CriErrors.InvalidArgument($"mount source {mount.HostPath} does not exist on the node: create it before the container (the kubelet does for its volumes)");
        return new SpecMount
        {
            Destination = mount.ContainerPath, Type = "bind", Source = mount.HostPath,
            Options = ["rbind", mount.Readonly ? "ro" : "rw", Propagation(mount.Propagation)],
        };
    }

    static string Propagation(MountPropagation propagation) => propagation switch
    {
        MountPropagation.PropagationHostToContainer => "rslave",
        MountPropagation.PropagationBidirectional => "rshared",
        _ => "rprivate",
    };

    /// <summary>CRI: the container's log is the pod's log_directory joined with the container's log_path.</summary>
    static string? LogPath(ContainerConfig config, Sandbox sandbox)
    {
        if (config.LogPath.Length == 0) return null;
        if (sandbox.Config.LogDirectory is not { } directory)
            throw CriErrors.InvalidArgument($"log_path \"{config.LogPath}\" is relative to the pod's log_directory, but the sandbox has none: set log_directory in RunPodSandbox");
        var full = Path.GetFullPath(Path.Combine(directory, config.LogPath));
        if (!full.StartsWith(Path.GetFullPath(directory).TrimEnd('/') + "/", StringComparison.Ordinal))
            throw CriErrors.InvalidArgument($"log_path \"{config.LogPath}\" leaves the pod's log_directory {directory}: give a path inside it (e.g. \"app/0.log\")");
        return full;
    }
}
