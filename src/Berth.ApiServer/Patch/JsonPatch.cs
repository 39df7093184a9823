// RFC 6902 JSON patch (`application/json-patch+json`, `kubectl patch --type json`): add, remove, replace,
// move, copy and test on JSON pointers; a failed operation or test rejects the whole patch.
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Patch;

public sealed class JsonPatchException(string message) : Exception(message);

public static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        JsonNode root = target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var path = op["path"]?.GetValue<string>() ?? throw new JsonPatchException("operation without a path");
            switch (op["op"]?.GetValue<string>())
            {
                case "add": Add(root, path, op["value"]?.DeepClone()); break;
                case "remove": Remove(root, path); break;
                case "replace": Remove(root, path); Add(root, path, op["value"]?.DeepClone()); break;
                case "move": { var from = From(op); var value = Get(root, from); Remove(root, from); Add(root, path, value); break; }
                case "copy": Add(root, path, Get(root, From(op))?.DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"])) throw new JsonPatchException($"test failed at \"{path}\"");
                    break;
                default: throw new JsonPatchException($"unknown operation \"{op["op"]}\"");
            }
        }
        return root as JsonObject ?? throw new JsonPatchException("the patch replaced the object with something that is not an object");
    }

    static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw new JsonPatchException($"\"{op["op"]}\" without from");

    static string[] Tokens(string path) =>
        path.Length == 0 ? [] : path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();

    static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(path))
            node = node switch
            {
                JsonObject o when o.ContainsKey(token) => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new JsonPatchException($"path \"{path}\" does not exist"),
            };
        return node;
    }

    static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0) throw new JsonPatchException("the root of the object cannot be patched");
        var parent = Get(root, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0").Replace("/", "~1"))));
        if (tokens.Length == 1) parent = root;
        return (parent ?? throw new JsonPatchException($"the parent of \"{path}\" is null"), tokens[^1]);
    }

    static void Add(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a when last == "-": a.Add(value); break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count: a.Insert(i, value); break;
            default: throw new JsonPatchException($"cannot add at \"{path}\"");
        }
    }

    static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o.Remove(last); break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count: a.RemoveAt(i); break;
            default: throw new JsonPatchException($"path \"{path}\" does not exist");
        }
    }
}
