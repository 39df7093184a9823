// API discovery: the aggregated form (apidiscovery.k8s.io v2 and v2beta1, chosen from Accept and echoed in
// Content-Type, as kubectl requires) and the legacy form (/api, /apis, /api/v1, /apis/<group>/<version>).
using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Rest;

public sealed class Discovery(ResourceRegistry registry)
{
    static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The aggregated-discovery version the client accepts ("v2" or "v2beta1"), or null for legacy.</summary>
    public static string? AggregatedVersion(string? accept)
    {
        if (accept is null || !accept.Contains("as=APIGroupDiscoveryList")) return null;
        if (accept.Contains("v=v2;") || accept.Contains("v=v2,") || accept.EndsWith("v=v2")) return "v2";
        return accept.Contains("v=v2beta1") ? "v2beta1" : null;
    }

    public static string AggregatedContentType(string version) =>
        $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    public JsonObject Aggregated(bool core, string version) => new()
    {
        ["kind"] = "APIGroupDiscoveryList", ["apiVersion"] = $"apidiscovery.k8s.io/{version}", ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(registry.Resources.Where(r => (r.Group.Length == 0) == core).GroupBy(r => r.Group)
            .Select(group => (JsonNode)new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group.Key },
                ["versions"] = new JsonArray(group.GroupBy(r => r.Version).Select(v => (JsonNode)new JsonObject
                {
                    ["version"] = v.Key, ["freshness"] = "Current",
                    ["resources"] = new JsonArray(v.Select(r => (JsonNode)AggregatedResource(r)).ToArray()),
                }).ToArray()),
            }).ToArray()),
    };

    static JsonObject AggregatedResource(ApiResource r) => new()
    {
        ["resource"] = r.Resource,
        ["responseKind"] = Kind(r.Group, r.Version, r.Kind),
        ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
        ["singularResource"] = r.Singular,
        ["verbs"] = Strings(Verbs),
        ["shortNames"] = Strings(r.ShortNames),
        ["categories"] = Strings(r.Categories),
        ["subresources"] = new JsonArray(r.Subresources.Select(s => (JsonNode)new JsonObject
        {
            ["subresource"] = s,
            ["responseKind"] = s == "scale" ? Kind("autoscaling", "v1", "Scale") : Kind(r.Group, r.Version, r.Kind),
            ["verbs"] = Strings(["get", "patch", "update"]),
        }).ToArray()),
    };

    public static JsonObject ApiVersions() => new()
    {
        ["kind"] = "APIVersions", ["versions"] = Strings(["v1"]),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public JsonObject ApiGroupList() => new()
    {
        ["kind"] = "APIGroupList", ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups.Select(g => (JsonNode)ApiGroup(g)).ToArray()),
    };

    public JsonObject ApiGroup(string group)
    {
        var versions = registry.Resources.Where(r => r.Group == group).Select(r => r.Version).Distinct()
            .Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v }).ToArray();
        return new JsonObject
        {
            ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = group, ["versions"] = new JsonArray(versions),
            ["preferredVersion"] = versions[0]!.DeepClone(),
        };
    }

    public JsonObject ResourceList(string groupVersion)
    {
        var resources = new JsonArray();
        foreach (var r in registry.Resources.Where(r => r.GroupVersion == groupVersion))
        {
            resources.Add(new JsonObject
            {
                ["name"] = r.Resource, ["singularName"] = r.Singular, ["namespaced"] = r.Namespaced, ["kind"] = r.Kind,
                ["verbs"] = Strings(Verbs), ["shortNames"] = Strings(r.ShortNames), ["categories"] = Strings(r.Categories),
            });
            foreach (var s in r.Subresources)
                resources.Add(new JsonObject
                {
                    ["name"] = $"{r.Resource}/{s}", ["singularName"] = "", ["namespaced"] = r.Namespaced,
                    ["kind"] = s == "scale" ? "Scale" : r.Kind, ["verbs"] = Strings(["get", "patch", "update"]),
                });
        }
        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    static JsonObject Kind(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
