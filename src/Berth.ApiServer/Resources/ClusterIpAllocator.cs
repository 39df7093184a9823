// Gives each ClusterIP service a free address from the service CIDR (10.43.0.0/16, k3s's default), as
// kube-apiserver's allocator does on create; `clusterIP: None` (headless) and addresses asked for are kept.
using System.Net;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Storage;

namespace Berth.ApiServer.Resources;

public static class ClusterIpAllocator
{
    public static async Task AssignAsync(IKeyValueStore store, ApiResource services, JsonObject service, CancellationToken ct)
    {
        if (service["spec"] is not JsonObject spec) return;
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
        if (spec.Str("type") == "ExternalName" || spec.Str("clusterIP") is { Length: > 0 }) { Mirror(spec); return; }
        var used = (await store.ListAsync(services.Prefix(null), ListOptions.All, ct)).Items
            .Select(kv => JsonNode.Parse(kv.Value).Str("spec", "clusterIP")).Where(ip => ip is not null).ToHashSet();
        // Random probing keeps allocation O(1) on average without a bitmap; .0.0 and .0.1 are never handed out.
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var n = Random.Shared.Next(2, 65534);
            var ip = new IPAddress([10, 43, (byte)(n >> 8), (byte)(n & 0xFF)]).ToString();
            if (used.Contains(ip)) continue;
            spec["clusterIP"] = ip;
            Mirror(spec);
            return;
        }
        throw new InvalidOperationException("the service CIDR 10.43.0.0/16 has no free address left");
    }

    static void Mirror(JsonObject spec) => spec["clusterIPs"] ??= new JsonArray(spec.Str("clusterIP"));
}
