// The defaults kube-apiserver fills in on create, for the fields kubectl prints or describes (pod restart
// and DNS policy, container port protocol, pull policy, phase), so output matches a real cluster.
using System.Text.Json.Nodes;
using Berth.Api;

namespace Berth.ApiServer.Resources;

public static class Defaults
{
    public static void Apply(ApiResource resource, JsonObject obj)
    {
        switch (resource.Kind)
        {
            case "Pod":
                PodSpec(obj["spec"] as JsonObject);
                var status = obj["status"] as JsonObject ?? (JsonObject)(obj["status"] = new JsonObject());
                status["phase"] ??= "Pending";
                status["qosClass"] ??= "BestEffort";
                break;
            case "Namespace":
                (obj["status"] as JsonObject ?? (JsonObject)(obj["status"] = new JsonObject()))["phase"] ??= "Active";
                break;
            case "Deployment" or "ReplicaSet":
                var spec = obj["spec"] as JsonObject;
                if (spec is null) break;
                spec["replicas"] ??= 1;
                PodSpec(spec["template"]?["spec"] as JsonObject);
                break;
            case "Service":
                if (obj["spec"] is JsonObject service) service["type"] ??= "ClusterIP";
                break;
        }
    }

    static void PodSpec(JsonObject? spec)
    {
        if (spec is null) return;
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["securityContext"] ??= new JsonObject();
        foreach (var list in new[] { "initContainers", "containers" })
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                var image = container.Str("image") ?? "";
                container["imagePullPolicy"] ??= image.EndsWith(":latest") || !image.Contains(':') ? "Always" : "IfNotPresent";
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["terminationMessagePolicy"] ??= "File";
                container["resources"] ??= new JsonObject();
                foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                    port["protocol"] ??= "TCP";
            }
    }
}
