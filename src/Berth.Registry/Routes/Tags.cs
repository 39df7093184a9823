// GET /v2/<name>/tags/list, sorted, with n/last pagination.
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

static class Tags
{
    public static async Task ListAsync(RegistryRequest r)
    {
        if (!r.Storage.Manifests.RepositoryExists(r.Name))
            throw RegistryError.NameUnknown.With($"repository {r.Name} is not known to this registry");
        var page = Pagination.Page(r, r.Storage.Manifests.Tags(r.Name), $"/v2/{r.Name}/tags/list");
        r.Response.ContentType = "application/json";
        await r.Response.WriteAsync(JsonSerializer.Serialize(new TagList(r.Name, page), RegistryJsonContext.Default.TagList), r.Aborted);
    }
}
