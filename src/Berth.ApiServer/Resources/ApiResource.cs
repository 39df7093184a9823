// One REST resource the server serves (pods, deployments, leases...): its group/version/kind, scope and
// the storage key layout `/registry/<group>/<resource>/<namespace>/<name>` (group "core" for the legacy group).
namespace Berth.ApiServer.Resources;

public sealed record ApiResource(
    string Group, string Version, string Resource, string Kind, bool Namespaced,
    string[] ShortNames, string[] Categories, string[] Subresources)
{
    public string Singular => Kind.ToLowerInvariant();
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => Kind + "List";
    public bool HasStatus => Subresources.Contains("status");

    string StorageGroup => Group.Length == 0 ? "core" : Group;

    public string Key(string? ns, string name) =>
        Namespaced ? $"/registry/{StorageGroup}/{Resource}/{ns}/{name}" : $"/registry/{StorageGroup}/{Resource}/{name}";

    /// <summary>The prefix of every object in <paramref name="ns"/>, or of all objects when it is null.</summary>
    public string Prefix(string? ns) =>
        Namespaced && ns is not null ? $"/registry/{StorageGroup}/{Resource}/{ns}/" : $"/registry/{StorageGroup}/{Resource}/";
}
