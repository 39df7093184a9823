// The API server over a real etcd (--datastore-endpoint): the same resourceVersion and watch semantics as
// over SQLite, since kubectl and controllers cannot tell which store is behind the server.
using System.Net;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Storage.Etcd;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Rest;

public sealed class EtcdBackedApiServerTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task Create_update_watch_and_delete_work_over_etcd()
    {
        await using var api = await ApiServerFixture.StartAsync(new EtcdStore(etcd.Endpoint));
        var (code, created) = await api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        Assert.Equal(HttpStatusCode.Created, code);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await api.Http.GetAsync($"{Pods}?watch=true&resourceVersion={created.ResourceVersion()}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var stale = created.DeepClone().AsObject();
        var (_, labeled) = await api.SendAsync(HttpMethod.Patch, $"{Pods}/web", JsonNode.Parse("""{"metadata":{"labels":{"a":"b"}}}""")!, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, (await api.SendAsync(HttpMethod.Put, $"{Pods}/web", stale)).Code);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Delete, $"{Pods}/web")).Code);
        var modified = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        var deleted = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        Assert.Equal(("MODIFIED", labeled.ResourceVersion()), (modified.Str("type"), modified["object"]!.AsObject().ResourceVersion()));
        Assert.Equal("DELETED", deleted.Str("type"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"{Pods}/web")).Code);
    }
}
