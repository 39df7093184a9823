// The other ways to write: JSON patch, server-side apply (approximated), dry run, and namespace deletion that
// takes the namespace's objects with it.
using System.Net;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Rest;

public sealed class WriteVariantsTests : IAsyncLifetime
{
    ApiServerFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();
    public async Task DisposeAsync() => await _api.DisposeAsync();

    const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task Json_patch_applies_operations_and_a_failed_one_changes_nothing()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web", labels: new() { ["app"] = "web" }));
        var (code, patched) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/web",
            JsonNode.Parse("""[{"op":"replace","path":"/metadata/labels/app","value":"api"},{"op":"add","path":"/metadata/labels/tier","value":"back"}]""")!,
            "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("api,back", string.Join(",", patched.Labels().Values));
        (code, var status) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/web",
            JsonNode.Parse("""[{"op":"remove","path":"/metadata/labels/tier"},{"op":"test","path":"/metadata/labels/app","value":"web"}]""")!,
            "application/json-patch+json");
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", status.Str("reason"));
        Assert.Equal("back", (await _api.SendAsync(HttpMethod.Get, $"{Pods}/web")).Body.Labels()["tier"]);
    }

    [Fact]
    public async Task Server_side_apply_creates_then_updates_and_records_the_manager()
    {
        var (code, created) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/ssa?fieldManager=kubectl", ApiServerFixture.Pod("ssa"), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("kubectl", created["metadata"]!["managedFields"]![0].Str("manager"));
        (code, var updated) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/ssa?fieldManager=kubectl", ApiServerFixture.Pod("ssa", "busybox:1.37"), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("busybox:1.37", updated["spec"]!["containers"]![0].Str("image"));
        Assert.Single(updated["metadata"]!["managedFields"]!.AsArray());
        (code, var status) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/ssa", ApiServerFixture.Pod("ssa"), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("require fieldManager", status.Str("message"));
    }

    [Fact]
    public async Task Dry_run_validates_and_answers_but_stores_nothing()
    {
        var (code, created) = await _api.SendAsync(HttpMethod.Post, $"{Pods}?dryRun=All", ApiServerFixture.Pod("dry"));
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.NotNull(created.Uid());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/dry")).Code);
        Assert.Equal((HttpStatusCode)422, (await _api.SendAsync(HttpMethod.Post, $"{Pods}?dryRun=All", ApiServerFixture.Pod("dry", image: ""))).Code);
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("kept"));
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Delete, $"{Pods}/kept?dryRun=All")).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/kept")).Code);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_the_objects_in_it()
    {
        var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "team" } };
        Assert.Equal(HttpStatusCode.Created, (await _api.SendAsync(HttpMethod.Post, "/api/v1/namespaces", ns)).Code);
        Assert.Equal(HttpStatusCode.Created, (await _api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/team/pods", ApiServerFixture.Pod("web"))).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/team")).Code);
        Assert.DoesNotContain((await _api.SendAsync(HttpMethod.Get, "/api/v1/pods")).Body["items"]!.AsArray(), i => i!.AsObject().Namespace() == "team");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/team/pods", ApiServerFixture.Pod("again"))).Code);
    }

    [Fact]
    public async Task Object_with_a_finalizer_is_marked_and_goes_when_the_finalizer_is_removed()
    {
        var pod = ApiServerFixture.Pod("fin");
        pod.Metadata()["finalizers"] = new JsonArray("example.com/hold");
        await _api.SendAsync(HttpMethod.Post, Pods, pod);
        var (code, marked) = await _api.SendAsync(HttpMethod.Delete, $"{Pods}/fin");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(marked.Str("metadata", "deletionTimestamp"));
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/fin")).Code);
        await _api.SendAsync(HttpMethod.Patch, $"{Pods}/fin", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/fin")).Code);
    }

    [Fact]
    public async Task Pod_on_a_node_is_deleted_gracefully_and_grace_zero_removes_it()
    {
        var pod = ApiServerFixture.Pod("bound");
        pod["spec"]!["nodeName"] = "node1";
        await _api.SendAsync(HttpMethod.Post, Pods, pod);
        var (_, marked) = await _api.SendAsync(HttpMethod.Delete, $"{Pods}/bound");
        Assert.Equal(30, marked.Long("metadata", "deletionGracePeriodSeconds"));
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/bound")).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Delete, $"{Pods}/bound", """{"gracePeriodSeconds":0}""")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/bound")).Code);
    }

    [Fact]
    public async Task Delete_with_a_stale_uid_precondition_is_a_Conflict()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("pre"));
        var (code, status) = await _api.SendAsync(HttpMethod.Delete, $"{Pods}/pre", """{"preconditions":{"uid":"not-it"}}""");
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.StartsWith("Precondition failed: UID in precondition: not-it", status.Str("message"));
    }

    [Fact]
    public async Task Service_gets_a_free_cluster_ip_and_defaulted_ports()
    {
        var service = JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""")!;
        var (code, created) = await _api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", service);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.StartsWith("10.43.", created.Str("spec", "clusterIP"));
        Assert.Equal(80, created["spec"]!["ports"]![0].Long("targetPort"));
        Assert.Equal("ClusterIP", created.Str("spec", "type"));
    }

    [Fact]
    public async Task Delete_collection_removes_only_the_selected_objects()
    {
        foreach (var (name, app) in new[] { ("a", "web"), ("b", "web"), ("c", "db") })
            await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod(name, labels: new() { ["app"] = app }));
        var (code, deleted) = await _api.SendAsync(HttpMethod.Delete, $"{Pods}?labelSelector=app%3Dweb");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, deleted["items"]!.AsArray().Count);
        Assert.Equal(["c"], (await _api.SendAsync(HttpMethod.Get, Pods)).Body["items"]!.AsArray().Select(i => i!.AsObject().Name()));
    }
}
