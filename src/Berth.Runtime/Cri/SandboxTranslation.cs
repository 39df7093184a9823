// CRI's PodSandboxConfig to Berth's SandboxConfig, and a Sandbox back to PodSandboxStatus and PodSandbox:
// the pod's metadata, labels and annotations travel in the sandbox's own state and come back unchanged.
using Berth.Cri.V1;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Cri;

static class SandboxTranslation
{
    public static SandboxConfig Config(PodSandboxConfig? config)
    {
        if (config?.Metadata is not { } metadata || metadata.Name.Length == 0)
            throw CriErrors.InvalidArgument("the pod sandbox config has no metadata.name: the kubelet always sends the pod's name, namespace and uid");
        var namespaces = config.Linux?.SecurityContext?.NamespaceOptions;
        if (namespaces?.Network == NamespaceMode.Node)
            throw CriErrors.Unimplemented("RunPodSandbox with hostNetwork", "pods on the node's network namespace are not supported yet: remove hostNetwork: true from the pod");
        return new SandboxConfig
        {
            Name = metadata.Name,
            Namespace = metadata.Namespace.Length > 0 ? metadata.Namespace : "default",
            Uid = metadata.Uid,
            Attempt = metadata.Attempt,
            Hostname = config.Hostname.Length > 0 ? config.Hostname : null,
            LogDirectory = config.LogDirectory.Length > 0 ? config.LogDirectory : null,
            // host_port 0 means the port is only declared, not published.
            PortMappings = config.PortMappings.Where(p => p.HostPort > 0)
                .Select(p => new Network.PortMapping(p.HostPort, p.ContainerPort, p.Protocol.ToString().ToLowerInvariant(), p.HostIp)).ToList(),
            Labels = new Dictionary<string, string>(config.Labels),
            Annotations = new Dictionary<string, string>(config.Annotations),
        };
    }

    public static PodSandboxStatus Status(Sandbox sandbox)
    {
        var status = new PodSandboxStatus
        {
            Id = sandbox.Id,
            Metadata = Metadata(sandbox),
            State = State(sandbox),
            CreatedAt = CriTime.Nanoseconds(sandbox.Created),
            Network = new PodSandboxNetworkStatus { Ip = sandbox.Ip ?? "" },
            Linux = new LinuxPodSandboxStatus
            {
                Namespaces = new Namespace
                {
                    // Network, IPC and UTS are the pod's; each container gets its own PID namespace.
                    Options = new NamespaceOption { Network = NamespaceMode.Pod, Ipc = NamespaceMode.Pod, Pid = NamespaceMode.Container },
                },
            },
        };
        status.Labels.Add(new Dictionary<string, string>(sandbox.Config.Labels));
        status.Annotations.Add(new Dictionary<string, string>(sandbox.Config.Annotations));
        return status;
    }

    public static PodSandbox Item(Sandbox sandbox)
    {
        var item = new PodSandbox { Id = sandbox.Id, Metadata = Metadata(sandbox), State = State(sandbox), CreatedAt = CriTime.Nanoseconds(sandbox.Created) };
        item.Labels.Add(new Dictionary<string, string>(sandbox.Config.Labels));
        item.Annotations.Add(new Dictionary<string, string>(sandbox.Config.Annotations));
        return item;
    }

    static PodSandboxMetadata Metadata(Sandbox sandbox) => new()
    {
        Name = sandbox.Config.Name, Namespace = sandbox.Config.Namespace, Uid = sandbox.Config.Uid, Attempt = sandbox.Config.Attempt,
    };

    static PodSandboxState State(Sandbox sandbox) =>
        sandbox.State == SandboxState.Ready ? PodSandboxState.SandboxReady : PodSandboxState.SandboxNotready;
}
