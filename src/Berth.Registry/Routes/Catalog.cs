// GET /v2/_catalog: every repository with content, sorted, with n/last pagination.
using System.Text.Json;
using Berth.Registry.Storage;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

static class Catalog
{
    public static async Task ListAsync(RegistryRequest r)
    {
        var names = Repositories(r.Storage.Driver, RegistryLayout.Repositories, "").Order(StringComparer.Ordinal);
        var page = Pagination.Page(r, names, "/v2/_catalog");
        r.Response.ContentType = "application/json";
        await r.Response.WriteAsync(JsonSerializer.Serialize(new RepositoryList(page), RegistryJsonContext.Default.RepositoryList), r.Aborted);
    }

    /// <summary>A directory is a repository when it has the registry's own "_" folders; names nest.</summary>
    public static IEnumerable<string> Repositories(IStorageDriver driver, string path, string prefix)
    {
        var children = driver.List(path);
        if (children.Any(c => c is "_manifests" or "_layers")) yield return prefix;
        foreach (var child in children.Where(c => !c.StartsWith('_')))
            foreach (var name in Repositories(driver, $"{path}/{child}", prefix.Length == 0 ? child : $"{prefix}/{child}"))
                yield return name;
    }
}
