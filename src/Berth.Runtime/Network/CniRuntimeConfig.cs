// What the runtime tells CNI plugins about one attachment (libcni's RuntimeConf): the container, its network
// namespace, the interface to create, CNI_ARGS, and capability arguments such as portMappings.
using System.Text.Json.Nodes;

namespace Berth.Runtime.Network;

public sealed record CniRuntimeConfig
{
    public required string ContainerId { get; init; }
    /// <summary>Path of the network namespace the plugins configure (a pinned one, or /proc/PID/ns/net).</summary>
    public required string NetworkNamespace { get; init; }
    public string IfName { get; init; } = "eth0";
    /// <summary>Passed as CNI_ARGS ("K=V;K=V"), e.g. the K8S_POD_* keys kubelet-driven runtimes set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Args { get; init; } = [];
    /// <summary>
    /// Values for plugin capabilities, keyed by capability ("portMappings"). A plugin receives one in its
    /// runtimeConfig only when its entry declares the capability in "capabilities".
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode> CapabilityArgs { get; init; } = new Dictionary<string, JsonNode>();
}
