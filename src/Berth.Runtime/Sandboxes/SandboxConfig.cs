// What a pod sandbox is asked to be (CRI's PodSandboxConfig, as far as the runtime needs it): the pod's identity,
// its hostname, its host ports, and whether it joins the pod network.
using Berth.Runtime.Network;

namespace Berth.Runtime.Sandboxes;

public sealed record SandboxConfig
{
    public required string Name { get; init; }
    public string Namespace { get; init; } = "default";
    public string Uid { get; init; } = "";
    /// <summary>How many sandboxes the kubelet made for this pod before (CRI's metadata.attempt).</summary>
    public uint Attempt { get; init; }
    /// <summary>The pod's hostname, set in its UTS namespace; defaults to the pod's name.</summary>
    public string? Hostname { get; init; }
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];
    /// <summary>False gives the pod a network namespace with loopback only: no pod IP and no host ports.</summary>
    public bool Network { get; init; } = true;
    /// <summary>Where the pod's container logs go (CRI's log_directory); container log paths are relative to it.</summary>
    public string? LogDirectory { get; init; }
    /// <summary>Kept with the sandbox and given back in its status; the runtime never acts on them.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
