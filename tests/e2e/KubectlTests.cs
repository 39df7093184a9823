// The real kubectl against the real `berth server` binary: the everyday commands print what they print
// against a Kubernetes cluster (tables, YAML, Kubernetes-style errors) and change what they should.
namespace Berth.E2E.Tests;

public sealed class KubectlTests(BerthServerProcess server) : IClassFixture<BerthServerProcess>, IDisposable
{
    readonly Kubectl _kubectl = new(server.Kubeconfig);

    static string Pod(string name, string image = "busybox:1.36", string envB = "2") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          containers:
          - name: main
            image: {{image}}
            ports: [{containerPort: 80}]
            env: [{name: A, value: "1"}, {name: B, value: "{{envB}}"}]
        """;

    [Fact]
    public async Task Version_shows_the_server_as_1_32()
    {
        var output = await _kubectl.OkAsync("version");
        Assert.Contains("Server Version: v1.32.0+berth", output);
    }

    [Fact]
    public async Task Api_resources_lists_core_apps_and_coordination_resources()
    {
        var output = await _kubectl.OkAsync("api-resources");
        Assert.Matches(@"pods\s+po\s+v1\s+true\s+Pod", output);
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", output);
        Assert.Matches(@"leases\s+coordination.k8s.io/v1\s+true\s+Lease", output);
    }

    [Fact]
    public async Task Apply_creates_and_a_second_apply_configures_with_a_strategic_merge()
    {
        Assert.Contains("pod/apply-web created", (await _kubectl.ApplyAsync(Pod("apply-web"))).Check("apply").Output);
        Assert.Contains("pod/apply-web unchanged", (await _kubectl.ApplyAsync(Pod("apply-web"))).Check("apply again").Output);
        Assert.Contains("pod/apply-web configured", (await _kubectl.ApplyAsync(Pod("apply-web", "busybox:1.37", "3"))).Check("apply changed").Output);
        var fields = await _kubectl.OkAsync("get", "pod", "apply-web", "-o",
            "jsonpath={.spec.containers[0].image} {.spec.containers[0].env[1].value} {.metadata.generation}");
        Assert.Equal("busybox:1.37 3 2", fields);
    }

    [Fact]
    public async Task Get_pods_prints_the_server_side_table_and_wide_columns()
    {
        (await _kubectl.ApplyAsync(Pod("table-web"))).Check("apply");
        var table = await _kubectl.OkAsync("get", "pods");
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE", table);
        Assert.Matches(@"table-web\s+0/1\s+Pending\s+0\s+\d+s", table);
        var wide = await _kubectl.OkAsync("get", "pods", "-o", "wide");
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES", wide);
    }

    [Fact]
    public async Task Get_pod_as_yaml_shows_the_stored_object_with_defaults()
    {
        (await _kubectl.ApplyAsync(Pod("yaml-web"))).Check("apply");
        var yaml = await _kubectl.OkAsync("get", "pod", "yaml-web", "-o", "yaml");
        Assert.Contains("kind: Pod", yaml);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", yaml);
        Assert.Contains("protocol: TCP", yaml);
        Assert.Matches("resourceVersion: \"\\d+\"", yaml);
    }

    [Fact]
    public async Task Get_pods_watch_prints_changes_as_they_happen()
    {
        (await _kubectl.ApplyAsync(Pod("watch-web"))).Check("apply");
        using var watch = _kubectl.Start("get", "pods", "watch-web", "-w");
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.StartsWith("NAME", await watch.StandardOutput.ReadLineAsync(cts.Token));
            Assert.StartsWith("watch-web", await watch.StandardOutput.ReadLineAsync(cts.Token));
            await _kubectl.OkAsync("delete", "pod", "watch-web");
            Assert.StartsWith("watch-web", await watch.StandardOutput.ReadLineAsync(cts.Token));
        }
        finally { watch.Kill(); }
    }

    [Fact]
    public async Task Describe_pod_shows_its_containers_and_events()
    {
        (await _kubectl.ApplyAsync(Pod("describe-web"))).Check("apply");
        (await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Event
            metadata: {name: describe-web.1}
            involvedObject: {kind: Pod, name: describe-web, namespace: default}
            reason: Scheduled
            message: Successfully assigned default/describe-web to node1
            type: Normal
            source: {component: default-scheduler}
            """)).Check("apply event");
        var output = await _kubectl.OkAsync("describe", "pod", "describe-web");
        Assert.Matches(@"Name:\s+describe-web", output);
        Assert.Matches(@"Port:\s+80/TCP", output);
        var events = await _kubectl.OkAsync("get", "events");
        Assert.Matches(@"Normal\s+Scheduled\s+pod/describe-web\s+Successfully assigned", events);
    }

    [Fact]
    public async Task Label_and_annotate_patch_the_object()
    {
        (await _kubectl.ApplyAsync(Pod("label-web"))).Check("apply");
        Assert.Contains("pod/label-web labeled", await _kubectl.OkAsync("label", "pod", "label-web", "tier=front"));
        Assert.Contains("pod/label-web annotated", await _kubectl.OkAsync("annotate", "pod", "label-web", "owner=team-a"));
        Assert.Contains("label-web", await _kubectl.OkAsync("get", "pods", "-l", "tier=front,app in (label-web)"));
        Assert.Equal("team-a", await _kubectl.OkAsync("get", "pod", "label-web", "-o", "jsonpath={.metadata.annotations.owner}"));
    }

    [Fact]
    public async Task Delete_waits_until_the_pod_is_gone_and_get_then_reports_NotFound()
    {
        (await _kubectl.ApplyAsync(Pod("delete-web"))).Check("apply");
        Assert.Contains("pod \"delete-web\" deleted", await _kubectl.OkAsync("delete", "pod", "delete-web", "--wait=true"));
        var get = await _kubectl.RunAsync("get", "pod", "delete-web");
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("Error from server (NotFound): pods \"delete-web\" not found", get.Error);
    }

    [Fact]
    public async Task Typed_create_commands_send_protobuf_and_their_objects_are_stored()
    {
        Assert.Contains("namespace/team-a created", await _kubectl.OkAsync("create", "namespace", "team-a"));
        Assert.Matches(@"team-a\s+Active", await _kubectl.OkAsync("get", "namespaces"));
        Assert.Contains("configmap/settings created", await _kubectl.OkAsync("create", "configmap", "settings", "--from-literal=mode=fast", "-n", "team-a"));
        Assert.Equal("fast", await _kubectl.OkAsync("get", "configmap", "settings", "-n", "team-a", "-o", "jsonpath={.data.mode}"));
        Assert.Contains("deployment.apps/nginx created", await _kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.25", "--replicas=2", "-n", "team-a"));
        Assert.Matches(@"nginx\s+0/2\s+0\s+0\s+\d+s\s+nginx\s+nginx:1.25\s+app=nginx", await _kubectl.OkAsync("get", "deployments", "-n", "team-a", "-o", "wide"));
        Assert.Contains("deployment.apps/nginx scaled", await _kubectl.OkAsync("scale", "deployment", "nginx", "--replicas=3", "-n", "team-a"));
        Assert.Equal("3", await _kubectl.OkAsync("get", "deployment", "nginx", "-n", "team-a", "-o", "jsonpath={.spec.replicas}"));
    }

    [Fact]
    public async Task Server_side_apply_and_json_patch_change_the_pod()
    {
        Assert.Contains("pod/ssa-web serverside-applied", (await _kubectl.ApplyAsync(Pod("ssa-web"), "--server-side")).Check("apply --server-side").Output);
        Assert.Contains("pod/ssa-web serverside-applied", (await _kubectl.ApplyAsync(Pod("ssa-web", "busybox:1.37"), "--server-side")).Check("apply --server-side again").Output);
        Assert.Contains("pod/ssa-web patched", await _kubectl.OkAsync("patch", "pod", "ssa-web", "--type", "json", "-p", """[{"op":"add","path":"/metadata/labels/tier","value":"db"}]"""));
        Assert.Equal("busybox:1.37 db", await _kubectl.OkAsync("get", "pod", "ssa-web", "-o", "jsonpath={.spec.containers[0].image} {.metadata.labels.tier}"));
    }

    [Fact]
    public async Task Invalid_manifest_prints_the_kubernetes_style_error_and_creates_nothing()
    {
        var result = await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: invalid-web}
            spec:
              containers: [{name: main}]
            """);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The Pod \"invalid-web\" is invalid: spec.containers[0].image: Required value", result.Error);
        Assert.Contains("NotFound", (await _kubectl.RunAsync("get", "pod", "invalid-web")).Error);
    }

    [Fact]
    public async Task Server_stops_cleanly_on_sigterm()
    {
        var own = new BerthServerProcess();
        try
        {
            await own.InitializeAsync();
            Assert.Equal(0, await own.StopAsync());
        }
        finally { await own.DisposeAsync(); }
    }

    public void Dispose() => _kubectl.Dispose();
}
