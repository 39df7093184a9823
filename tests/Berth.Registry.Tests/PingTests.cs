// GET/HEAD /v2/: the API version check every client starts with, and paths outside the API.
using System.Net;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class PingTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2")]
    public async Task Ping_answers_200_with_the_api_version_header(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("registry/2.0", RegistryAssert.Header(response, "Docker-Distribution-API-Version"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ping_answers_HEAD_with_the_api_version_header()
    {
        using var response = await fixture.Client.HeadAsync("/v2/");
        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("registry/2.0", RegistryAssert.Header(response, "Docker-Distribution-API-Version"));
    }

    [Fact]
    public async Task Ping_refuses_other_methods_with_405_UNSUPPORTED_and_allow()
    {
        using var response = await fixture.Client.SendAsync(HttpMethod.Post, "/v2/");
        await RegistryAssert.MethodNotAllowedAsync(response, "GET, HEAD");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/v1/_ping")]
    [InlineData("/v2/library/app/unknown-route/x")]
    public async Task Paths_outside_the_api_are_404_NOT_FOUND(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
