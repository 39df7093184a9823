// Typed access to the fields of a Kubernetes object the server reads or writes (ObjectMeta, spec, status),
// over the JSON object itself, so every field Berth does not know round-trips untouched.
using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Api;

public static class KubeObject
{
    public static JsonObject Metadata(this JsonObject obj) =>
        obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string? Str(this JsonNode? node, params string[] path)
    {
        foreach (var part in path) node = (node as JsonObject)?[part];
        return node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static long? Long(this JsonNode? node, params string[] path)
    {
        foreach (var part in path) node = (node as JsonObject)?[part];
        return node is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;
    }

    public static string? Name(this JsonObject obj) => obj.Str("metadata", "name");
    public static string? Namespace(this JsonObject obj) => obj.Str("metadata", "namespace");
    public static string? Uid(this JsonObject obj) => obj.Str("metadata", "uid");
    public static string? ResourceVersion(this JsonObject obj) => obj.Str("metadata", "resourceVersion");

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj) => StringMap((obj["metadata"] as JsonObject)?["labels"]);

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString())
            : new Dictionary<string, string>();

    public static DateTimeOffset? CreationTimestamp(this JsonObject obj) => Time(obj.Str("metadata", "creationTimestamp"));

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>RFC3339 at second precision in UTC, the way kube-apiserver writes metav1.Time.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
