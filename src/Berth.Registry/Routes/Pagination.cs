// The `n` and `last` query parameters of the tags and catalog lists, and the Link header to the next page.
namespace Berth.Registry.Routes;

static class Pagination
{
    public static IReadOnlyList<string> Page(RegistryRequest r, IEnumerable<string> sorted, string path)
    {
        int? n = null;
        if (r.Query("n") is { } text)
        {
            if (!int.TryParse(text, out var value) || value < 0)
                throw RegistryError.PaginationInvalid.With($"n must be a whole number of 0 or more, not \"{text}\"");
            n = value;
        }
        var last = r.Query("last");
        var rest = last is null ? sorted : sorted.Where(s => string.CompareOrdinal(s, last) > 0);
        if (n is not { } limit) return rest.ToList();
        var page = rest.Take(limit + 1).ToList();
        if (page.Count <= limit) return page;
        page.RemoveAt(limit);
        if (limit > 0)
            r.Response.Headers.Link = $"<{path}?n={limit}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        return page;
    }
}
