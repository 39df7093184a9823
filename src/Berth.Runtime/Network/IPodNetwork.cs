// The boundary between pod sandboxes and what wires their network namespaces (CRI-O's ocicni): set a pod's
// network up, and tear it down again, also after a crash or a set-up that failed halfway.
namespace Berth.Runtime.Network;

public interface IPodNetwork
{
    Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest pod, CancellationToken ct);

    /// <summary>Releases everything set-up made for the pod; safe to repeat, and after a partial or failed set-up.</summary>
    Task TearDownAsync(PodNetworkRequest pod, CancellationToken ct);
}

public sealed record PodNetworkRequest
{
    public required string SandboxId { get; init; }
    /// <summary>The pod's pinned network namespace.</summary>
    public required string NetworkNamespace { get; init; }
    public required string PodName { get; init; }
    public required string PodNamespace { get; init; }
    public string PodUid { get; init; } = "";
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];
    /// <summary>False leaves the pod with loopback only (no interface on the pod network, no IP).</summary>
    public bool DefaultNetwork { get; init; } = true;
}

/// <summary>The pod's IP addresses on the pod network, without prefix length ("10.42.0.5").</summary>
public sealed record PodNetworkStatus(IReadOnlyList<string> Ips);
