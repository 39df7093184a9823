// The result of a CNI ADD (spec 1.0): the interfaces a plugin chain made and the IPs it assigned. The plugin's
// JSON is kept whole, since it is handed on verbatim to the next plugin (and to DEL and CHECK) as prevResult.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Berth.Runtime.Network;

public sealed record CniResult
{
    [JsonPropertyName("cniVersion")] public string CniVersion { get; init; } = "";
    [JsonPropertyName("interfaces")] public IReadOnlyList<CniInterface> Interfaces { get; init; } = [];
    [JsonPropertyName("ips")] public IReadOnlyList<CniIpConfig> Ips { get; init; } = [];
    [JsonIgnore] public JsonObject Json { get; init; } = [];

    public static CniResult Parse(JsonObject json) =>
        (json.Deserialize(CniJsonContext.Default.CniResult) ?? new CniResult()) with { Json = json };
}

public sealed record CniInterface(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mac")] string? Mac = null,
    // The network namespace the interface is in; none for host-side ones (the bridge, the veth peer).
    [property: JsonPropertyName("sandbox")] string? Sandbox = null);

public sealed record CniIpConfig(
    // CIDR notation, e.g. "10.42.0.5/24".
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("gateway")] string? Gateway = null,
    // An index into the result's interfaces.
    [property: JsonPropertyName("interface")] int? Interface = null)
{
    /// <summary>The address without its prefix length ("10.42.0.5").</summary>
    [JsonIgnore] public string Ip => Address.Split('/')[0];
}
