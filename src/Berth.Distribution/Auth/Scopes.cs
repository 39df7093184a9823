// The scopes a request needs from a registry's token service, in distribution's "type:name:actions" form;
// a token is fetched and cached per set of scopes.
namespace Berth.Distribution;

static class Scopes
{
    public static IReadOnlyList<string> Pull(string repository) => [$"repository:{repository}:pull"];

    public static IReadOnlyList<string> Push(string repository) => [$"repository:{repository}:pull,push"];

    /// <summary>Pushing to <paramref name="repository"/> while mounting blobs from <paramref name="from"/>, which needs pull there.</summary>
    public static IReadOnlyList<string> Mount(string repository, string from) =>
        [$"repository:{repository}:pull,push", $"repository:{from}:pull"];

    public static IReadOnlyList<string> Union(IReadOnlyList<string> first, IReadOnlyList<string> second) =>
        second.Count == 0 ? first : first.Union(second, StringComparer.Ordinal).ToList();
}
