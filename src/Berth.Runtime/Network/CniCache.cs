// The ADD result of each attachment, cached on disk as libcni caches it (<cache>/results/<network>-<id>-<ifname>)
// with the network list and arguments it was made with: DEL and CHECK get their prevResult from here, also
// after Berth restarts or crashes.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Berth.Runtime.Network;

sealed record CniCacheEntry
{
    [JsonPropertyName("kind")] public string Kind { get; init; } = "cniCacheV1";
    [JsonPropertyName("containerId")] public required string ContainerId { get; init; }
    /// <summary>The network list's JSON bytes (base64 in the file, as libcni writes them).</summary>
    [JsonPropertyName("config")] public required byte[] Config { get; init; }
    [JsonPropertyName("ifName")] public required string IfName { get; init; }
    [JsonPropertyName("networkName")] public required string NetworkName { get; init; }
    [JsonPropertyName("cniArgs")] public IReadOnlyList<string[]>? CniArgs { get; init; }
    [JsonPropertyName("capabilityArgs")] public JsonObject? CapabilityArgs { get; init; }
    [JsonPropertyName("result")] public JsonObject? Result { get; init; }
}

sealed class CniCache(string directory)
{
    public async Task WriteAsync(CniNetworkList network, CniRuntimeConfig runtime, JsonObject result, CancellationToken ct)
    {
        var entry = new CniCacheEntry
        {
            ContainerId = runtime.ContainerId,
            Config = System.Text.Encoding.UTF8.GetBytes(network.Json),
            IfName = runtime.IfName,
            NetworkName = network.Name,
            CniArgs = runtime.Args.Count > 0 ? runtime.Args.Select(a => new[] { a.Key, a.Value }).ToList() : null,
            CapabilityArgs = runtime.CapabilityArgs.Count > 0 ? new JsonObject(runtime.CapabilityArgs.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value.DeepClone()))) : null,
            Result = result,
        };
        await StateFile.WriteAsync(PathFor(network.Name, runtime), JsonSerializer.SerializeToUtf8Bytes(entry, CniJsonContext.Default.CniCacheEntry), ct);
    }

    public async Task<CniCacheEntry?> ReadAsync(string network, CniRuntimeConfig runtime, CancellationToken ct)
    {
        var path = PathFor(network, runtime);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(await File.ReadAllBytesAsync(path, ct), CniJsonContext.Default.CniCacheEntry);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the cached CNI result {path} is corrupt ({e.Message}): delete it to let DEL run without a prevResult", e);
        }
    }

    public void Delete(string network, CniRuntimeConfig runtime)
    {
        var path = PathFor(network, runtime);
        if (File.Exists(path)) File.Delete(path);
    }

    public string PathFor(string network, CniRuntimeConfig runtime) =>
        Path.Combine(directory, "results", $"{network}-{runtime.ContainerId}-{runtime.IfName}");
}
