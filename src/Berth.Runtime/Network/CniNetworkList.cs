// A CNI network configuration list (a .conflist): the network's name, its CNI version and the plugins that are
// chained, in order, to attach a container to it. Plugin entries stay raw JSON so their own fields pass through.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Runtime.Network;

public sealed record CniNetworkList
{
    public required string Name { get; init; }
    public required string CniVersion { get; init; }
    public required IReadOnlyList<JsonObject> Plugins { get; init; }
    public bool DisableCheck { get; init; }
    /// <summary>The list's JSON as written: cached with an ADD's result so DEL later runs the same plugins.</summary>
    public required string Json { get; init; }
    /// <summary>Where the list came from (a file path), for errors that say what to fix.</summary>
    public required string Source { get; init; }

    public static async Task<CniNetworkList> LoadAsync(string path, CancellationToken ct) =>
        Parse(await File.ReadAllTextAsync(path, ct), path);

    public static CniNetworkList Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"CNI network list {source} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"CNI network list {source} is not valid JSON: {e.Message}", e);
        }
        var name = Text(root, "name") ?? throw Invalid(source, "has no \"name\"");
        var version = Text(root, "cniVersion") ?? throw Invalid(source, "has no \"cniVersion\" (use \"1.0.0\")");
        if (root["plugins"] is not JsonArray { Count: > 0 } plugins)
            throw Invalid(source, "has no \"plugins\" array: a single-plugin .conf must be wrapped in {\"plugins\": [...]}");
        var entries = new List<JsonObject>();
        foreach (var plugin in plugins)
        {
            if (plugin is not JsonObject entry || Text(entry, "type") is null)
                throw Invalid(source, $"has a plugin without a \"type\" (entry {entries.Count}): each entry names its plugin binary in \"type\"");
            entries.Add(entry);
        }
        return new CniNetworkList
        {
            Name = name,
            CniVersion = version,
            Plugins = entries,
            DisableCheck = root["disableCheck"]?.GetValueKind() == JsonValueKind.True,
            Json = json,
            Source = source,
        };
    }

    /// <summary>Whether this list's CNI version is at least <paramref name="version"/> (e.g. "0.4.0" added CHECK).</summary>
    public bool VersionAtLeast(string version) =>
        Version.TryParse(CniVersion, out var mine) && mine >= Version.Parse(version);

    static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    static InvalidDataException Invalid(string source, string problem) => new($"CNI network list {source} {problem}");
}
