// Strategic merge patch (`application/strategic-merge-patch+json`, what client-side `kubectl apply` sends):
// like a merge patch, but lists of named things merge by their key (containers by name, ports by containerPort),
// with the directives `$patch: delete|replace`, `$setElementOrder/<list>`, `$retainKeys` and `$deleteFromPrimitiveList/<list>`.
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Patch;

public static class StrategicMergePatch
{
    // patchMergeKey of the list fields in k8s.io/api that kubectl patches; other lists are replaced whole.
    static readonly Dictionary<string, string[]> MergeKeys = new()
    {
        ["containers"] = ["name"], ["initContainers"] = ["name"], ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"], ["volumes"] = ["name"], ["imagePullSecrets"] = ["name"], ["hostAliases"] = ["ip"],
        ["volumeMounts"] = ["mountPath"], ["volumeDevices"] = ["devicePath"], ["ports"] = ["containerPort", "port"],
        ["conditions"] = ["type"], ["tolerations"] = ["key"], ["ownerReferences"] = ["uid"],
        ["topologySpreadConstraints"] = ["topologyKey"], ["resourceClaims"] = ["name"],
    };

    public static JsonObject Apply(JsonObject target, JsonObject patch) => MergeObject(target.DeepClone().AsObject(), patch);

    static JsonObject MergeObject(JsonObject target, JsonObject patch)
    {
        if (patch["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = patch.DeepClone().AsObject();
            replaced.Remove("$patch");
            return replaced;
        }
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$')) continue;
            if (value is null) { target.Remove(key); continue; }
            target[key] = Merge(key, target[key], value);
        }
        foreach (var (key, value) in patch.Where(p => p.Key.StartsWith("$deleteFromPrimitiveList/")).ToList())
        {
            var list = key["$deleteFromPrimitiveList/".Length..];
            if (target[list] is not JsonArray items || value is not JsonArray remove) continue;
            foreach (var item in items.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList()) items.Remove(item);
        }
        foreach (var (key, value) in patch.Where(p => p.Key.StartsWith("$setElementOrder/")).ToList())
            if (target[key["$setElementOrder/".Length..]] is JsonArray items && value is JsonArray order) Reorder(items, order);
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet();
            foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) target.Remove(key);
        }
        return target;
    }

    static JsonNode? Merge(string field, JsonNode? target, JsonNode patch) => (target, patch) switch
    {
        (JsonObject t, JsonObject p) => MergeObject(t, p),
        (_, JsonObject p) => MergeObject(new JsonObject(), p),
        (JsonArray t, JsonArray p) when MergeKeys.TryGetValue(field, out var keys) => MergeList(t, p, keys),
        _ => Strip(patch.DeepClone()),
    };

    static JsonArray MergeList(JsonArray target, JsonArray patch, string[] keys)
    {
        var result = target.DeepClone().AsArray();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = keys.FirstOrDefault(k => item[k] is not null);
            var existing = key is null ? null : result.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[key], item[key]));
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (existing is not null) result.Remove(existing);
                continue;
            }
            if (existing is null) result.Add(Strip(item.DeepClone()));
            else result[result.IndexOf(existing)] = MergeObject(existing.DeepClone().AsObject(), item);
        }
        return result;
    }

    // Orders the merged list as the patch's $setElementOrder says; items it does not name keep their place after.
    static void Reorder(JsonArray items, JsonArray order)
    {
        var ordered = new List<JsonNode?>();
        foreach (var wanted in order.OfType<JsonObject>())
        {
            var (key, value) = wanted.First();
            var match = items.OfType<JsonObject>().FirstOrDefault(i => JsonNode.DeepEquals(i[key], value));
            if (match is not null && !ordered.Contains(match)) ordered.Add(match);
        }
        ordered.AddRange(items.Where(i => !ordered.Contains(i)));
        var detached = ordered.Select(i => i?.DeepClone()).ToList();
        items.Clear();
        foreach (var item in detached) items.Add(item);
    }

    // Directives never reach the stored object, even inside a value that replaces what was there.
    static JsonNode? Strip(JsonNode? node)
    {
        if (node is JsonObject obj)
            foreach (var (key, value) in obj.ToList())
            {
                if (key.StartsWith('$')) obj.Remove(key);
                else Strip(value);
            }
        else if (node is JsonArray array)
            foreach (var item in array) Strip(item);
        return node;
    }
}
