// What a resource URL names: /api/v1[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]] and the same under
// /apis/<group>/<version>; `/api/v1/namespaces/<name>` is the namespace itself, not a namespace's collection.
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Rest;

public sealed record RequestTarget(ApiResource Resource, string? Namespace, string? Name, string? Subresource)
{
    public static RequestTarget? Parse(ResourceRegistry registry, string[] segments)
    {
        string group, version;
        string[] rest;
        if (segments is ["api", var v, .. var r1]) (group, version, rest) = ("", v, r1);
        else if (segments is ["apis", var g, var v2, .. var r2]) (group, version, rest) = (g, v2, r2);
        else return null;

        if (rest is ["namespaces", var ns, var res, .. var tail] && registry.Find(group, version, res) is { Namespaced: true } namespaced)
            return tail.Length <= 2 ? new RequestTarget(namespaced, ns, tail.ElementAtOrDefault(0), tail.ElementAtOrDefault(1)) : null;
        if (rest.Length is < 1 or > 3) return null;
        var resource = registry.Find(group, version, rest[0]);
        return resource is null ? null : new RequestTarget(resource, null, rest.ElementAtOrDefault(1), rest.ElementAtOrDefault(2));
    }
}
