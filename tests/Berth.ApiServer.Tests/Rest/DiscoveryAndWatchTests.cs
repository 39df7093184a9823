// Discovery in both forms kubectl understands, the OpenAPI markers apply needs, and watch semantics
// (only changes after the given resourceVersion, in order, filtered; 410 Expired once history is compacted).
using System.Net;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Rest;

public sealed class DiscoveryAndWatchTests : IAsyncLifetime
{
    ApiServerFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();
    public async Task DisposeAsync() => await _api.DisposeAsync();

    const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task Aggregated_discovery_echoes_the_version_kubectl_asked_for()
    {
        foreach (var version in new[] { "v2", "v2beta1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
            request.Headers.TryAddWithoutValidation("Accept", $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList,application/json");
            using var response = await _api.Http.SendAsync(request);
            Assert.Equal($"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains("apps", body["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Legacy_discovery_lists_groups_and_resources()
    {
        var (_, api) = await _api.SendAsync(HttpMethod.Get, "/api");
        Assert.Equal("APIVersions", api.Str("kind"));
        var (_, apps) = await _api.SendAsync(HttpMethod.Get, "/apis/apps/v1");
        Assert.Contains("deployments/scale", apps["resources"]!.AsArray().Select(r => r.Str("name")));
        var (_, leases) = await _api.SendAsync(HttpMethod.Get, "/apis/coordination.k8s.io/v1");
        Assert.Equal("Lease", leases["resources"]![0].Str("kind"));
    }

    [Fact]
    public async Task OpenApi_v3_declares_field_validation_on_patch_for_each_kind()
    {
        var (_, index) = await _api.SendAsync(HttpMethod.Get, "/openapi/v3");
        var url = index["paths"]!["api/v1"].Str("serverRelativeURL")!;
        var (_, doc) = await _api.SendAsync(HttpMethod.Get, url);
        var patch = doc["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]!;
        Assert.Equal("Pod", patch["x-kubernetes-group-version-kind"].Str("kind"));
        Assert.Equal("fieldValidation", patch["parameters"]![0].Str("name"));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_sends_only_later_matching_changes()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("before"));
        var rv = (await _api.SendAsync(HttpMethod.Get, Pods)).Body.Str("metadata", "resourceVersion");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _api.Http.GetAsync($"{Pods}?watch=true&resourceVersion={rv}&labelSelector=app%3Dweb", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("other"));
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web", labels: new() { ["app"] = "web" }));
        await _api.SendAsync(HttpMethod.Delete, $"{Pods}/web");
        var added = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        var deleted = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        Assert.Equal(("ADDED", "web"), (added.Str("type"), added["object"]!.AsObject().Name()));
        Assert.Equal(("DELETED", "web"), (deleted.Str("type"), deleted["object"]!.AsObject().Name()));
        Assert.True(long.Parse(deleted["object"]!.AsObject().ResourceVersion()!) > long.Parse(added["object"]!.AsObject().ResourceVersion()!));
    }

    [Fact]
    public async Task Watch_without_resource_version_replays_current_objects_as_added()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("existing"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _api.Http.GetAsync($"{Pods}?watch=1", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var first = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        Assert.Equal(("ADDED", "existing"), (first.Str("type"), first["object"]!.AsObject().Name()));
    }

    [Fact]
    public async Task Watch_from_compacted_history_ends_with_410_Expired()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("a"));
        var (_, b) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("b"));
        await _api.Store.CompactAsync(long.Parse(b.ResourceVersion()!), CancellationToken.None);
        var body = await _api.Http.GetStringAsync($"{Pods}?watch=true&resourceVersion=1");
        var error = JsonNode.Parse(body.Split('\n')[0])!;
        Assert.Equal("ERROR", error.Str("type"));
        Assert.Equal((410, "Expired"), ((int)error["object"].Long("code")!, error["object"].Str("reason")));
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Get, Pods)).Code);
    }

    [Fact]
    public async Task Object_that_stops_or_starts_matching_the_selector_is_deleted_or_added_for_the_watcher()
    {
        var rv = (await _api.SendAsync(HttpMethod.Get, Pods)).Body.Str("metadata", "resourceVersion");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _api.Http.GetAsync($"{Pods}?watch=true&resourceVersion={rv}&labelSelector=app%3Dweb", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("moving", labels: new() { ["app"] = "web" }));
        foreach (var app in new[] { "db", "web" })
            await _api.SendAsync(HttpMethod.Patch, $"{Pods}/moving", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } } }, "application/merge-patch+json");
        var types = new List<string?>();
        for (var i = 0; i < 3; i++) types.Add(JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!).Str("type"));
        Assert.Equal(["ADDED", "DELETED", "ADDED"], types);
    }
}
