// The knobs of Berth's default pod network: the network's name, its Linux bridge, the pod subnet, and where
// host-local keeps its IP leases.
namespace Berth.Runtime.Network;

public sealed record BridgeNetworkOptions
{
    public string Name { get; init; } = "berth";
    public string Bridge { get; init; } = "berth0";
    /// <summary>The pods' subnet on this node; the bridge takes its first address as the pods' gateway.</summary>
    public string Subnet { get; init; } = "10.42.0.0/24";
    /// <summary>host-local's lease files (one per IP, named by the IP); they must outlive Berth restarts.</summary>
    public required string IpamDataDirectory { get; init; }
}
