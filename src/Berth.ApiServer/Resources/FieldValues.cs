// The fields each resource can be selected by (fieldSelector), with kube-apiserver's names; any other field is
// rejected with 400, as the real server does, instead of silently matching nothing.
using System.Text.Json.Nodes;
using Berth.Api;

namespace Berth.ApiServer.Resources;

public static class FieldValues
{
    static readonly Dictionary<string, string[]> Extra = new()
    {
        ["pods"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["events"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["namespaces"] = ["status.phase"],
        ["nodes"] = ["spec.unschedulable"],
        ["secrets"] = ["type"],
        ["replicasets"] = ["status.replicas"],
    };

    public static bool Supports(ApiResource resource, string field) =>
        field is "metadata.name" or "metadata.namespace" || (Extra.TryGetValue(resource.Resource, out var fields) && fields.Contains(field));

    public static string? Get(JsonObject obj, string field) => field switch
    {
        "source" => obj.Str("source", "component"),
        _ => ValueAt(obj, field.Split('.')),
    };

    static string? ValueAt(JsonNode? node, string[] path)
    {
        foreach (var part in path) node = (node as JsonObject)?[part];
        return node is JsonValue value ? value.ToString() : null;
    }
}
