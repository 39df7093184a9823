// A host port forwarded to a port of a pod (CRI's PortMapping), handed to the portmap plugin as runtimeConfig.
namespace Berth.Runtime.Network;

public sealed record PortMapping(int HostPort, int ContainerPort, string Protocol = "tcp", string HostIp = "")
{
    static readonly string[] Protocols = ["tcp", "udp", "sctp"];

    /// <summary>Throws, saying what to change, when the mapping cannot be set up.</summary>
    public void Validate()
    {
        if (HostPort is < 1 or > 65535) throw new ArgumentException($"host port {HostPort} is out of range: use 1-65535");
        if (ContainerPort is < 1 or > 65535) throw new ArgumentException($"container port {ContainerPort} is out of range: use 1-65535");
        if (!Protocols.Contains(Protocol)) throw new ArgumentException($"port protocol \"{Protocol}\" is not one of {string.Join(", ", Protocols)} (lower case)");
        if (HostIp.Length > 0 && !System.Net.IPAddress.TryParse(HostIp, out _))
            throw new ArgumentException($"host IP \"{HostIp}\" of port {HostPort} is not an IP address: give one (e.g. 127.0.0.1) or leave it empty for all");
    }
}
