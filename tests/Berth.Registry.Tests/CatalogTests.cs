// GET /v2/_catalog: every repository with content, nested names included, sorted, with n/last pagination.
using System.Net;
using System.Text.Json;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class CatalogTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Catalog_lists_nested_repository_names_sorted()
    {
        foreach (var repository in new[] { "nested/x/y/z", "nested/a/b", "nested/a", "nested/m-n" })
            await Client.PushImageAsync(repository, "v1");
        await Client.PushBlobAsync("nested/blob-only", TestContent.Random(8));
        await Client.StartUploadAsync("nested/upload-only");

        var all = await CatalogAsync();

        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(["nested/a", "nested/a/b", "nested/blob-only", "nested/m-n", "nested/x/y/z"], all.Where(r => r.StartsWith("nested/")));
    }

    [Fact]
    public async Task Catalog_pages_follow_link_headers_and_together_are_the_whole_catalog()
    {
        foreach (var i in Enumerable.Range(0, 5)) await Client.PushImageAsync($"paged/repo{i}/app", "v1");
        var all = await CatalogAsync();

        using (var first = await Client.GetAsync("/v2/_catalog?n=2"))
        {
            var link = RegistryAssert.RequiredHeader(first, "Link");
            using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
            var last = json.RootElement.GetProperty("repositories")[1].GetString()!;
            Assert.Equal($"</v2/_catalog?n=2&last={Uri.EscapeDataString(last)}>; rel=\"next\"", link);
        }
        var pages = await Client.ReadPagesAsync("/v2/_catalog?n=2", "repositories");

        Assert.Equal(all, pages.SelectMany(p => p));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Count));
        Assert.InRange(pages[^1].Count, 1, 2);
    }

    [Fact]
    public async Task Catalog_with_n_0_is_empty_and_invalid_n_is_PAGINATION_NUMBER_INVALID()
    {
        await Client.PushImageAsync("zero/app", "v1");
        Assert.Empty(Assert.Single(await Client.ReadPagesAsync("/v2/_catalog?n=0", "repositories")));

        using var invalid = await Client.GetAsync("/v2/_catalog?n=-2");
        await RegistryAssert.ErrorAsync(invalid, HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task Catalog_of_an_empty_registry_is_an_empty_list()
    {
        await using var registry = await TestRegistry.StartAsync();

        using var response = await registry.Client.GetAsync("/v2/_catalog");

        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("""{"repositories":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Catalog_allows_only_get()
    {
        using var response = await Client.SendAsync(HttpMethod.Post, "/v2/_catalog");
        await RegistryAssert.MethodNotAllowedAsync(response, "GET");
    }

    async Task<IReadOnlyList<string>> CatalogAsync() => Assert.Single(await Client.ReadPagesAsync("/v2/_catalog", "repositories"));
}
