// The autoscaling/v1 Scale view of a deployment or replica set, which `kubectl scale` reads and patches.
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Rest;

public static class Scale
{
    public static JsonObject From(ApiResource resource, JsonObject obj)
    {
        var labels = obj["spec"]?["selector"]?["matchLabels"] as JsonObject;
        return new JsonObject
        {
            ["kind"] = "Scale", ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = obj.Name(), ["namespace"] = obj.Namespace(), ["uid"] = obj.Uid(),
                ["resourceVersion"] = obj.ResourceVersion(), ["creationTimestamp"] = obj.Str("metadata", "creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj.Long("spec", "replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj.Long("status", "replicas") ?? 0,
                ["selector"] = labels is null ? "" : string.Join(",", labels.Select(p => $"{p.Key}={p.Value}")),
            },
        };
    }
}
