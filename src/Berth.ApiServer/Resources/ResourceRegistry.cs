// The resources this API server serves, grouped by group/version for discovery, OpenAPI and routing.
namespace Berth.ApiServer.Resources;

public sealed class ResourceRegistry
{
    static readonly string[] None = [];
    static readonly string[] All = ["all"];
    static readonly string[] Status = ["status"];

    public static readonly ResourceRegistry Default = new(
    [
        new("", "v1", "pods", "Pod", true, ["po"], All, ["status"]),
        new("", "v1", "namespaces", "Namespace", false, ["ns"], None, ["status"]),
        new("", "v1", "nodes", "Node", false, ["no"], None, ["status"]),
        new("", "v1", "configmaps", "ConfigMap", true, ["cm"], None, None),
        new("", "v1", "secrets", "Secret", true, None, None, None),
        new("", "v1", "services", "Service", true, ["svc"], All, Status),
        new("", "v1", "events", "Event", true, ["ev"], None, None),
        new("", "v1", "serviceaccounts", "ServiceAccount", true, ["sa"], None, None),
        new("", "v1", "endpoints", "Endpoints", true, ["ep"], None, None),
        new("apps", "v1", "deployments", "Deployment", true, ["deploy"], All, ["status", "scale"]),
        new("apps", "v1", "replicasets", "ReplicaSet", true, ["rs"], All, ["status", "scale"]),
        new("coordination.k8s.io", "v1", "leases", "Lease", true, None, None, None),
    ]);

    public ResourceRegistry(IReadOnlyList<ApiResource> resources) => Resources = resources;

    public IReadOnlyList<ApiResource> Resources { get; }

    public IEnumerable<IGrouping<string, ApiResource>> GroupVersions => Resources.GroupBy(r => r.GroupVersion);

    public IEnumerable<string> Groups => Resources.Where(r => r.Group.Length > 0).Select(r => r.Group).Distinct();

    public ApiResource? Find(string group, string version, string resource) =>
        Resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Resource == resource);

    public ApiResource Namespaces => Find("", "v1", "namespaces")!;
}
