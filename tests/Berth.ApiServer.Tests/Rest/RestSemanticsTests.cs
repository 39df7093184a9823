// The REST verbs against a real API server on a loopback port: what kubectl and controllers rely on
// (Status errors, resourceVersion, optimistic concurrency, selectors, paging, patches, subresources).
using System.Net;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Rest;

public sealed class RestSemanticsTests : IAsyncLifetime
{
    ApiServerFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();
    public async Task DisposeAsync() => await _api.DisposeAsync();

    const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task Requests_without_the_token_get_401_but_version_is_public()
    {
        using var anonymous = _api.Client(null);
        var denied = await anonymous.GetAsync(Pods);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("Unauthorized", JsonNode.Parse(await denied.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
        var version = JsonNode.Parse(await anonymous.GetStringAsync("/version"))!;
        Assert.Equal("32", version["minor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_fills_metadata_and_get_returns_the_same_resource_version()
    {
        var (code, created) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.NotNull(created.Uid());
        Assert.NotNull(created.CreationTimestamp());
        Assert.Equal("default", created.Namespace());
        Assert.Equal("IfNotPresent", created["spec"]!["containers"]![0].Str("imagePullPolicy"));
        var (_, got) = await _api.SendAsync(HttpMethod.Get, $"{Pods}/web");
        Assert.Equal(created.ResourceVersion(), got.ResourceVersion());
        Assert.Equal("Pending", got.Str("status", "phase"));
    }

    [Fact]
    public async Task Missing_object_is_a_NotFound_status_and_duplicate_is_AlreadyExists()
    {
        var (code, status) = await _api.SendAsync(HttpMethod.Get, $"{Pods}/nope");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("pods \"nope\" not found", status.Str("message"));
        Assert.Equal("NotFound", status.Str("reason"));
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("dup"));
        (code, status) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("dup"));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", status.Str("reason"));
    }

    [Fact]
    public async Task Invalid_pod_is_422_with_causes_and_nothing_is_stored()
    {
        var (code, status) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("bad", image: ""));
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", status.Str("reason"));
        Assert.Equal("spec.containers[0].image", status["details"]!["causes"]![0]!.Str("field"));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/bad")).Code);
    }

    [Fact]
    public async Task Bad_json_and_oversized_bodies_are_rejected()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.SendAsync(HttpMethod.Post, Pods, "{\"kind\":")).Code);
        var big = ApiServerFixture.Pod("big");
        big.Metadata()["annotations"] = new JsonObject { ["x"] = new string('a', 3 * 1024 * 1024) };
        var (code, status) = await _api.SendAsync(HttpMethod.Post, Pods, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, code);
        Assert.Equal("RequestEntityTooLarge", status.Str("reason"));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/big")).Code);
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_NotFound()
    {
        var (code, status) = await _api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/ghost/pods", ApiServerFixture.Pod("web"));
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"ghost\" not found", status.Str("message"));
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_Conflict()
    {
        var (_, created) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        var first = created.DeepClone().AsObject();
        first.Metadata()["labels"] = new JsonObject { ["v"] = "1" };
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"{Pods}/web", first)).Code);
        var stale = created.DeepClone().AsObject();
        stale.Metadata()["labels"] = new JsonObject { ["v"] = "2" };
        var (code, status) = await _api.SendAsync(HttpMethod.Put, $"{Pods}/web", stale);
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status.Str("reason"));
    }

    [Fact]
    public async Task Generation_moves_only_when_the_spec_changes()
    {
        var (_, created) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        Assert.Equal(1, created.Long("metadata", "generation"));
        var (_, labeled) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/web", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["a"] = "b" } } }, "application/merge-patch+json");
        Assert.Equal(1, labeled.Long("metadata", "generation"));
        var (_, changed) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/web",
            JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"busybox:1.37"}]}}""")!, "application/strategic-merge-patch+json");
        Assert.Equal(2, changed.Long("metadata", "generation"));
        Assert.Equal("busybox:1.37", changed["spec"]!["containers"]![0].Str("image"));
    }

    [Fact]
    public async Task List_filters_by_labels_and_fields_and_pages_with_continue()
    {
        foreach (var (name, app) in new[] { ("a", "web"), ("b", "web"), ("c", "db") })
            await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod(name, labels: new() { ["app"] = app }));
        var (_, web) = await _api.SendAsync(HttpMethod.Get, $"{Pods}?labelSelector=app%3Dweb");
        Assert.Equal(["a", "b"], web["items"]!.AsArray().Select(i => i!.AsObject().Name()));
        var (_, notWeb) = await _api.SendAsync(HttpMethod.Get, $"{Pods}?labelSelector=app%20notin%20(web)&fieldSelector=status.phase%3DPending");
        Assert.Equal(["c"], notWeb["items"]!.AsArray().Select(i => i!.AsObject().Name()));
        var (_, page1) = await _api.SendAsync(HttpMethod.Get, $"{Pods}?limit=2");
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        var token = page1.Str("metadata", "continue")!;
        var (_, page2) = await _api.SendAsync(HttpMethod.Get, $"{Pods}?limit=2&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(["c"], page2["items"]!.AsArray().Select(i => i!.AsObject().Name()));
        Assert.Null(page2.Str("metadata", "continue"));
        var (code, status) = await _api.SendAsync(HttpMethod.Get, $"{Pods}?fieldSelector=spec.nope%3Dx");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("field label not supported: spec.nope", status.Str("message"));
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_and_env_by_name_and_honours_delete()
    {
        var pod = ApiServerFixture.Pod("web");
        pod["spec"]!["containers"]![0]!["env"] = JsonNode.Parse("""[{"name":"A","value":"1"},{"name":"B","value":"2"}]""");
        await _api.SendAsync(HttpMethod.Post, Pods, pod);
        var patch = JsonNode.Parse("""
            {"spec":{"$setElementOrder/containers":[{"name":"c"}],"containers":[{"name":"c",
              "$setElementOrder/env":[{"name":"C"},{"name":"A"}],"env":[{"name":"C","value":"3"},{"$patch":"delete","name":"B"}]}]}}
            """)!;
        var (code, patched) = await _api.SendAsync(HttpMethod.Patch, $"{Pods}/web", patch, "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        var env = patched["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Equal(["C", "A"], env.Select(e => e.Str("name")));
        Assert.Equal("busybox:1.36", patched["spec"]!["containers"]![0].Str("image"));
        Assert.DoesNotContain("$", patched["spec"]!.ToJsonString());
    }

    [Fact]
    public async Task Status_subresource_changes_only_status_and_main_resource_keeps_it()
    {
        var (_, created) = await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["phase"] = "Running" };
        withStatus["spec"]!["nodeName"] = "ignored";
        var (_, updated) = await _api.SendAsync(HttpMethod.Put, $"{Pods}/web/status", withStatus);
        Assert.Equal("Running", updated.Str("status", "phase"));
        Assert.Null(updated.Str("spec", "nodeName"));
        var main = updated.DeepClone().AsObject();
        main["status"] = new JsonObject { ["phase"] = "Failed" };
        var (_, after) = await _api.SendAsync(HttpMethod.Put, $"{Pods}/web", main);
        Assert.Equal("Running", after.Str("status", "phase"));
    }

    [Fact]
    public async Task Scale_subresource_reads_and_patches_deployment_replicas()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,
             "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """)!;
        const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
        Assert.Equal(HttpStatusCode.Created, (await _api.SendAsync(HttpMethod.Post, Deployments, deployment)).Code);
        var (code, scale) = await _api.SendAsync(HttpMethod.Patch, $"{Deployments}/web/scale", JsonNode.Parse("""{"spec":{"replicas":3}}""")!, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Scale", scale.Str("kind"));
        Assert.Equal("app=web", scale.Str("status", "selector"));
        var (_, after) = await _api.SendAsync(HttpMethod.Get, $"{Deployments}/web");
        Assert.Equal(3, after.Long("spec", "replicas"));
        Assert.Equal(2, after.Long("metadata", "generation"));
    }

    [Fact]
    public async Task Delete_returns_the_object_and_it_is_gone()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        var (code, deleted) = await _api.SendAsync(HttpMethod.Delete, $"{Pods}/web", """{"propagationPolicy":"Background"}""");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("web", deleted.Name());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"{Pods}/web")).Code);
    }

    [Fact]
    public async Task Table_has_kubectl_pod_columns_and_partial_metadata_rows()
    {
        await _api.SendAsync(HttpMethod.Post, Pods, ApiServerFixture.Pod("web"));
        var (_, table) = await _api.SendAsync(HttpMethod.Get, $"{Pods}?limit=500", accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal("Table", table.Str("kind"));
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"],
            table["columnDefinitions"]!.AsArray().Select(c => c.Str("name")));
        var row = table["rows"]![0]!;
        Assert.Equal("web", row["cells"]![0]!.GetValue<string>());
        Assert.Equal("0/1", row["cells"]![1]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", row["object"].Str("kind"));
    }
}
