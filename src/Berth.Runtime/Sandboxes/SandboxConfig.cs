// What a pod sandbox is asked to be (CRI's PodSandboxConfig, as far as the runtime needs it): the pod's identity,
// its hostname, its host ports, and whether it joins the pod network.
using Berth.Runtime.Network;

namespace Berth.Runtime.Sandboxes;

public sealed record SandboxConfig
{
    public required string Name { get; init; }
    public string Namespace { get; init; } = "default";
    public string Uid { get; init; } = "";
    /// <summary>The pod's hostname, set in its UTS namespace; defaults to the pod's name.</summary>
    public string? Hostname { get; init; }
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];
    /// <summary>False gives the pod a network namespace with loopback only: no pod IP and no host ports.</summary>
    public bool Network { get; init; } = true;
}
