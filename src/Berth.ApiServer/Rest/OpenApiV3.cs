// A minimal /openapi/v3: per group-version, one PATCH operation per kind carrying x-kubernetes-group-version-kind
// and a fieldValidation parameter. That is what kubectl apply looks for to validate on the server instead of
// downloading schemas (without it apply fails unless --validate=false).
using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Rest;

public sealed class OpenApiV3(ResourceRegistry registry)
{
    const string Hash = "1";

    static string PathOf(string groupVersion) => groupVersion.Contains('/') ? $"apis/{groupVersion}" : $"api/{groupVersion}";

    public JsonObject Index() => new()
    {
        ["paths"] = new JsonObject(registry.GroupVersions.Select(gv => KeyValuePair.Create(PathOf(gv.Key),
            (JsonNode?)new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{PathOf(gv.Key)}?hash={Hash}" }))),
    };

    /// <summary>The document of <paramref name="path"/> ("api/v1", "apis/apps/v1"), or null when no such group-version is served.</summary>
    public JsonObject? Document(string path)
    {
        var resources = registry.GroupVersions.FirstOrDefault(gv => PathOf(gv.Key) == path);
        if (resources is null) return null;
        var paths = new JsonObject();
        foreach (var r in resources)
        {
            var url = r.Namespaced ? $"/{path}/namespaces/{{namespace}}/{r.Resource}/{{name}}" : $"/{path}/{r.Resource}/{{name}}";
            paths[url] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind },
                    ["parameters"] = new JsonArray(new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0", ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths, ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }
}
