// GET /v2/<name>/tags/list, following the Link header from page to page; used to list what exists when a
// tag is not found.
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>A repository with more pages of tags than this is not listed to the end (each page holds many).</summary>
    const int MaxTagPages = 100;

    /// <exception cref="RegistryClientException">With <see cref="RegistryErrorCodes.NameUnknown"/> when the repository does not exist.</exception>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct = default)
    {
        var tags = new List<string>();
        Uri? next = Api($"v2/{repository}/tags/list");
        for (var page = 0; next is not null && page < MaxTagPages; page++)
        {
            var uri = next;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), Scopes.Pull(repository), ct);
            if (!response.IsSuccessStatusCode)
            {
                var error = await ErrorAsync(response, $"list tags of {Registry}/{repository}", ct);
                throw error.Code == RegistryErrorCodes.NameUnknown || (error.Code is null && error.StatusCode == HttpStatusCode.NotFound)
                    ? new RegistryClientException($"repository {Registry}/{repository} does not exist", HttpStatusCode.NotFound, RegistryErrorCodes.NameUnknown)
                    : error;
            }
            var body = await response.Content.ReadFromJsonAsync(DistributionJsonContext.Default.TagListBody, ct);
            tags.AddRange(body?.Tags ?? []);
            next = NextPage(response);
        }
        return tags;
    }

    Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links)
            if (LinkNext().Match(link) is { Success: true } match)
                return Resolve(match.Groups[1].Value);
        return null;
    }

    [GeneratedRegex("""<([^>]*)>\s*;\s*rel="?next"?""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkNext();
}
