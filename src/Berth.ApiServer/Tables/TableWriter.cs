// Builds meta.k8s.io/v1 Tables (what `kubectl get` asks for with `as=Table`): column definitions, one row per
// object, and each row's object as PartialObjectMetadata, the full object, or nothing (includeObject).
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Tables;

public enum IncludeObject { Metadata, Object, None }

public static class TableWriter
{
    public static bool Wanted(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static IncludeObject ParseInclude(string? value) => value switch
    {
        "Object" => IncludeObject.Object,
        "None" => IncludeObject.None,
        _ => IncludeObject.Metadata,
    };

    public static JsonObject Build(string resource, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, IncludeObject include, bool withColumns = true)
    {
        var columns = TableColumns.For(resource);
        var now = DateTimeOffset.UtcNow;
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null) metadata["continue"] = continueToken;
        return new JsonObject
        {
            ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata,
            ["columnDefinitions"] = withColumns ? new JsonArray(columns.Select(c => (JsonNode)c.Definition()).ToArray()) : new JsonArray(),
            ["rows"] = new JsonArray(objects.Select(o => (JsonNode)Row(o, columns, now, include)).ToArray()),
        };
    }

    static JsonObject Row(JsonObject obj, IReadOnlyList<Column> columns, DateTimeOffset now, IncludeObject include) => new()
    {
        ["cells"] = new JsonArray(columns.Select(c => c.Cell(obj, now)?.DeepClone()).ToArray()),
        ["object"] = include switch
        {
            IncludeObject.Object => obj.DeepClone(),
            IncludeObject.None => null,
            _ => new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = obj["metadata"]?.DeepClone() },
        },
    };
}
