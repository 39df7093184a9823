// Berth's default pod network as a CNI network list: a bridge that is the pods' gateway and masquerades their
// traffic, host-local IPAM on the node's pod subnet, and portmap for host ports (loopback is run apart from it).
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Runtime.Network;

public static class DefaultNetwork
{
    public const string FileName = "10-berth.conflist";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ConfigList(BridgeNetworkOptions options)
    {
        if (!IPNetwork.TryParse(options.Subnet, out var subnet) || subnet.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new ArgumentException($"pod subnet \"{options.Subnet}\" is not an IPv4 CIDR: give one like 10.42.0.0/24");
        if (options.Bridge.Length is 0 or > 15)
            throw new ArgumentException($"bridge name \"{options.Bridge}\" must be 1-15 characters (a Linux interface name)");
        var list = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = options.Name,
            ["plugins"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = options.Bridge,
                    ["isGateway"] = true,
                    ["ipMasq"] = true,
                    // Lets a pod reach itself through its own host port.
                    ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = subnet.ToString() })),
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                        ["dataDir"] = Path.GetFullPath(options.IpamDataDirectory),
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                }),
        };
        return list.ToJsonString(Indented);
    }

    /// <summary>
    /// Loads <c>10-berth.conflist</c> from the config directory, writing the default one first when there is none,
    /// so an operator's edits to it are kept.
    /// </summary>
    public static async Task<CniNetworkList> LoadOrWriteAsync(string configDirectory, BridgeNetworkOptions options, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetFullPath(configDirectory), FileName);
        if (!File.Exists(path))
            await Berth.Oci.AtomicFile.WriteAllBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(ConfigList(options)), ct);
        return await CniNetworkList.LoadAsync(path, ct);
    }
}
