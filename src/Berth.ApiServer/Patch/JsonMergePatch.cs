// RFC 7386 JSON merge patch (`application/merge-patch+json`, what `kubectl label/annotate/scale` send):
// objects merge recursively, null deletes a key, anything else replaces.
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Patch;

public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null) result.Remove(key);
            else result[key] = Apply(result[key], value);
        }
        return result;
    }
}
