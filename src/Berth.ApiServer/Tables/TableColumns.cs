// The column sets kube-apiserver prints for each resource (pkg/printers/internalversion/printers.go), with
// cells computed from the stored object; resources without their own set get Name and Created At.
using System.Text.Json.Nodes;
using Berth.Api;

namespace Berth.ApiServer.Tables;

public static class TableColumns
{
    static readonly Column Name = new("Name", "string", (o, _) => o.Name(), Format: "name");
    static readonly Column Age = new("Age", "string", (o, now) => AgeOf(o.CreationTimestamp(), now));

    public static IReadOnlyList<Column> For(string resource) => resource switch
    {
        "pods" =>
        [
            Name,
            new("Ready", "string", (o, _) => $"{Containers(o).Count(c => c["ready"]?.GetValue<bool>() == true)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
            new("Status", "string", (o, _) => o.Str("metadata", "deletionTimestamp") is not null ? "Terminating" : o.Str("status", "reason") ?? o.Str("status", "phase") ?? "Pending"),
            new("Restarts", "integer", (o, _) => Containers(o).Sum(c => c.Long("restartCount") ?? 0)),
            Age,
            new("IP", "string", (o, _) => o.Str("status", "podIP") ?? "<none>", 1),
            new("Node", "string", (o, _) => o.Str("spec", "nodeName") ?? "<none>", 1),
            new("Nominated Node", "string", (o, _) => o.Str("status", "nominatedNodeName") ?? "<none>", 1),
            new("Readiness Gates", "string", (o, _) => "<none>", 1),
        ],
        "nodes" =>
        [
            Name,
            new("Status", "string", (o, _) => NodeReady(o)),
            new("Roles", "string", (o, _) => NodeRoles(o)),
            Age,
            new("Version", "string", (o, _) => o.Str("status", "nodeInfo", "kubeletVersion") ?? ""),
            new("Internal-IP", "string", (o, _) => Address(o, "InternalIP"), 1),
            new("External-IP", "string", (o, _) => Address(o, "ExternalIP"), 1),
            new("OS-Image", "string", (o, _) => o.Str("status", "nodeInfo", "osImage") ?? "<unknown>", 1),
            new("Kernel-Version", "string", (o, _) => o.Str("status", "nodeInfo", "kernelVersion") ?? "<unknown>", 1),
            new("Container-Runtime", "string", (o, _) => o.Str("status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>", 1),
        ],
        "deployments" =>
        [
            Name,
            new("Ready", "string", (o, _) => $"{o.Long("status", "readyReplicas") ?? 0}/{o.Long("spec", "replicas") ?? 0}"),
            new("Up-to-date", "integer", (o, _) => o.Long("status", "updatedReplicas") ?? 0),
            new("Available", "integer", (o, _) => o.Long("status", "availableReplicas") ?? 0),
            Age,
            new("Containers", "string", (o, _) => TemplateContainers(o, "name"), 1),
            new("Images", "string", (o, _) => TemplateContainers(o, "image"), 1),
            new("Selector", "string", (o, _) => Selector(o["spec"]?["selector"]), 1),
        ],
        "replicasets" =>
        [
            Name,
            new("Desired", "integer", (o, _) => o.Long("spec", "replicas") ?? 0),
            new("Current", "integer", (o, _) => o.Long("status", "replicas") ?? 0),
            new("Ready", "integer", (o, _) => o.Long("status", "readyReplicas") ?? 0),
            Age,
            new("Containers", "string", (o, _) => TemplateContainers(o, "name"), 1),
            new("Images", "string", (o, _) => TemplateContainers(o, "image"), 1),
            new("Selector", "string", (o, _) => Selector(o["spec"]?["selector"]), 1),
        ],
        "services" =>
        [
            Name,
            new("Type", "string", (o, _) => o.Str("spec", "type") ?? "ClusterIP"),
            new("Cluster-IP", "string", (o, _) => o.Str("spec", "clusterIP") ?? "<none>"),
            new("External-IP", "string", (o, _) => "<none>"),
            new("Port(s)", "string", (o, _) => ServicePorts(o)),
            Age,
            new("Selector", "string", (o, _) => o["spec"]?["selector"] is JsonObject s && s.Count > 0 ? string.Join(",", s.Select(p => $"{p.Key}={p.Value}")) : "<none>", 1),
        ],
        "namespaces" => [Name, new("Status", "string", (o, _) => o.Str("status", "phase") ?? "Active"), Age],
        "events" =>
        [
            new("Last Seen", "string", (o, now) => AgeOf(KubeObject.Time(o.Str("lastTimestamp") ?? o.Str("eventTime")) ?? o.CreationTimestamp(), now)),
            new("Type", "string", (o, _) => o.Str("type") ?? ""),
            new("Reason", "string", (o, _) => o.Str("reason") ?? ""),
            new("Object", "string", (o, _) => $"{o.Str("involvedObject", "kind")?.ToLowerInvariant()}/{o.Str("involvedObject", "name")}"),
            new("Subobject", "string", (o, _) => o.Str("involvedObject", "fieldPath") ?? "", 1),
            new("Source", "string", (o, _) => o.Str("source", "component") ?? o.Str("reportingComponent") ?? "", 1),
            new("Message", "string", (o, _) => o.Str("message") ?? ""),
            new("First Seen", "string", (o, now) => AgeOf(KubeObject.Time(o.Str("firstTimestamp") ?? o.Str("eventTime")) ?? o.CreationTimestamp(), now), 1),
            new("Count", "string", (o, _) => (o.Long("count") ?? 1).ToString(), 1),
            Name with { Priority = 1 },
        ],
        _ => [Name, new("Created At", "date", (o, _) => o.Str("metadata", "creationTimestamp"))],
    };

    static string AgeOf(DateTimeOffset? time, DateTimeOffset now) => time is null ? "<unknown>" : HumanDuration.Format(now - time.Value);

    static List<JsonObject> Containers(JsonObject pod) => (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    static string TemplateContainers(JsonObject o, string field) =>
        string.Join(",", (o["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => c.Str(field)));

    static string Selector(JsonNode? selector) =>
        selector?["matchLabels"] is JsonObject labels ? string.Join(",", labels.Select(p => $"{p.Key}={p.Value}")) : "<none>";

    static string NodeReady(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c.Str("type") == "Ready");
        var status = ready.Str("status") == "True" ? "Ready" : "NotReady";
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true ? status + ",SchedulingDisabled" : status;
    }

    static string NodeRoles(JsonObject node)
    {
        var roles = node.Labels().Keys.Where(k => k.StartsWith("node-role.kubernetes.io/")).Select(k => k["node-role.kubernetes.io/".Length..]).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    static string Address(JsonObject node, string type) =>
        (node["status"]?["addresses"] as JsonArray ?? []).FirstOrDefault(a => a.Str("type") == type).Str("address") ?? "<none>";

    static string ServicePorts(JsonObject service)
    {
        var ports = (service["spec"]?["ports"] as JsonArray ?? []).Select(p => $"{p.Long("port")}/{p.Str("protocol") ?? "TCP"}").ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }
}
