// The checks that turn a malformed object into 422 Invalid with one cause per bad field, worded like
// kube-apiserver ("spec.containers[0].image: Required value"), before anything is stored.
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Rest;

namespace Berth.ApiServer.Resources;

public static class Validation
{
    public static void Check(ApiResource resource, JsonObject obj)
    {
        var causes = new List<StatusCause>();
        var name = obj.Name() ?? "";
        if (!LabelSyntax.IsDnsSubdomain(name))
            causes.Add(new("metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", "FieldValueInvalid"));
        foreach (var (key, _) in obj.Labels())
            if (!LabelSyntax.IsQualifiedName(key)) causes.Add(new("metadata.labels", $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.'", "FieldValueInvalid"));
        if (resource.Kind == "Pod") PodSpec(obj["spec"] as JsonObject, "spec", causes);
        if (resource.Kind is "Deployment" or "ReplicaSet")
        {
            if (obj["spec"]?["selector"] is null) causes.Add(new("spec.selector", "Required value"));
            PodSpec(obj["spec"]?["template"]?["spec"] as JsonObject, "spec.template.spec", causes);
        }
        if (causes.Count > 0) throw ApiException.Invalid(resource.Kind, name, causes);
    }

    static void PodSpec(JsonObject? spec, string path, List<StatusCause> causes)
    {
        if (spec?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            causes.Add(new($"{path}.containers", "Required value"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(containers[i].Str("name"))) causes.Add(new($"{path}.containers[{i}].name", "Required value"));
            if (string.IsNullOrEmpty(containers[i].Str("image"))) causes.Add(new($"{path}.containers[{i}].image", "Required value"));
        }
    }
}
