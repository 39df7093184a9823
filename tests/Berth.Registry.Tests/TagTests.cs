// GET /v2/<name>/tags/list: sorted tags, n/last pagination with a Link to the next page, and its errors.
using System.Net;
using System.Text.Json;
using Berth.Oci;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class TagTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Tags_are_listed_in_sorted_order_with_the_repository_name()
    {
        await TagAsync("tags/sorted", "latest", "v1.10", "v1.2", "A", "10", "2", "_private");

        using var response = await Client.GetAsync("/v2/tags/sorted/tags/list");

        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(RegistryAssert.Header(response, "Link"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("tags/sorted", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(["10", "2", "A", "_private", "latest", "v1.10", "v1.2"],
            json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Pages_of_n_tags_link_to_the_next_page_until_the_last()
    {
        await TagAsync("tags/paged", "e", "c", "a", "d", "b");

        using (var first = await Client.GetAsync("/v2/tags/paged/tags/list?n=2"))
            Assert.Equal("</v2/tags/paged/tags/list?n=2&last=b>; rel=\"next\"", RegistryAssert.Header(first, "Link"));
        var pages = await Client.ReadPagesAsync("/v2/tags/paged/tags/list?n=2", "tags");

        Assert.Equal<IEnumerable<string>>([["a", "b"], ["c", "d"], ["e"]], pages);
    }

    [Theory]
    [InlineData("?last=b", new[] { "c", "d" })]
    [InlineData("?n=1&last=a", new[] { "b" })]
    [InlineData("?n=10", new[] { "a", "b", "c", "d" })]
    [InlineData("?last=d", new string[0])]
    [InlineData("?last=zzz", new string[0])]
    public async Task Last_starts_after_the_given_tag_and_n_bounds_the_page(string query, string[] expected)
    {
        await TagAsync("tags/last", "d", "b", "a", "c");

        var pages = await Client.ReadPagesAsync($"/v2/tags/last/tags/list{query}", "tags");

        Assert.Equal(expected, pages[0]);
    }

    [Fact]
    public async Task Zero_n_answers_an_empty_list_without_a_link()
    {
        await TagAsync("tags/zero", "a", "b");

        using var response = await Client.GetAsync("/v2/tags/zero/tags/list?n=0");

        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Null(RegistryAssert.Header(response, "Link"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(json.RootElement.GetProperty("tags").EnumerateArray());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    [InlineData("")]
    public async Task Invalid_n_is_400_PAGINATION_NUMBER_INVALID(string n)
    {
        await TagAsync("tags/invalid-n", "a");
        using var response = await Client.GetAsync($"/v2/tags/invalid-n/tags/list?n={n}");
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task Tags_of_an_unknown_repository_are_NAME_UNKNOWN()
    {
        using var response = await Client.GetAsync("/v2/tags/never-pushed/tags/list");
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Tags_list_allows_only_get()
    {
        await TagAsync("tags/methods", "a");
        using var response = await Client.DeleteAsync("/v2/tags/methods/tags/list");
        await RegistryAssert.MethodNotAllowedAsync(response, "GET");
    }

    /// <summary>Pushes one image and puts its manifest under each tag.</summary>
    async Task TagAsync(string repository, params string[] tags)
    {
        var image = await Client.PushImageAsync(repository, tag: null);
        foreach (var tag in tags)
        {
            using var put = await Client.PutManifestAsync(repository, tag, image.Bytes, MediaTypes.OciManifest);
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        }
    }
}
