// `berth push` and `berth pull` against real registries (berth registry and Debian's docker-registry), and
// `berth run` pulling what it does not have.
using System.Diagnostics;
using System.Net.Sockets;

namespace Berth.E2E.Tests;

public sealed class PullPushTests : IAsyncLifetime
{
    readonly BerthHost _pusher = new();
    readonly BerthHost _puller = new();
    readonly RegistryProcess _registry = new();

    public async Task InitializeAsync()
    {
        await _pusher.InitializeAsync();
        await _puller.InitializeAsync();
        await _registry.StartAsync();
    }

    [Fact]
    public async Task Image_pushed_by_berth_is_pulled_and_run_by_another_berth_store()
    {
        var remote = $"{_registry.Address}/base/busybox:1.36.1";
        (await _pusher.RunAsync("tag", BerthHost.Busybox, remote)).Check("tag");
        var pushed = (await _pusher.RunAsync("push", remote)).Check("push");
        Assert.Contains("2 uploaded", pushed.Output);
        Assert.Contains("0 uploaded, 0 mounted, 2 already there", (await _pusher.RunAsync("push", remote)).Check("push again").Output);

        var run = (await _puller.RunAsync("run", "--rm", remote, "sh", "-c", "echo ran pulled image")).Check("run pulls the image");
        Assert.Equal("ran pulled image\n", run.Output);
        Assert.Contains($"Pulled {remote}", run.Error);
        Assert.Contains("base/busybox", (await _puller.RunAsync("images")).Output);
    }

    [Fact]
    public async Task Pull_from_debians_docker_registry_works_too()
    {
        using var peer = await DockerRegistry.StartAsync();
        var remote = $"{peer.Address}/peer/busybox:1.36.1";
        (await _pusher.RunAsync("tag", BerthHost.Busybox, remote)).Check("tag");
        (await _pusher.RunAsync("push", remote)).Check("push to docker-registry");
        (await _puller.RunAsync("pull", remote)).Check("pull from docker-registry");
        Assert.Equal("ok\n", (await _puller.RunAsync("run", "--rm", remote, "echo", "ok")).Check("run").Output);
    }

    [Fact]
    public async Task Unknown_tag_lists_the_tags_the_registry_has_and_an_unreachable_registry_says_so()
    {
        var remote = $"{_registry.Address}/base/busybox";
        (await _pusher.RunAsync("tag", BerthHost.Busybox, $"{remote}:1.0")).Check("tag");
        (await _pusher.RunAsync("push", $"{remote}:1.0")).Check("push");
        var missing = await _puller.RunAsync("pull", $"{remote}:2.0");
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains($"not found (tags in {remote}: 1.0)", missing.Error);

        var unreachable = await _puller.RunAsync("pull", "127.0.0.1:1/none/image:1.0");
        Assert.Equal(125, unreachable.ExitCode);
        Assert.Contains("cannot reach registry 127.0.0.1:1", unreachable.Error);
    }

    [Fact]
    public async Task Rmi_refuses_an_image_a_container_uses_unless_forced()
    {
        (await _pusher.RunAsync("run", "--name", "user", BerthHost.Busybox, "true")).Check("run");
        var refused = await _pusher.RunAsync("rmi", BerthHost.Busybox);
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("is used by container user", refused.Error);
        (await _pusher.RunAsync("rmi", "-f", BerthHost.Busybox)).Check("rmi -f");
        Assert.DoesNotContain("busybox", (await _pusher.RunAsync("images")).Output);
    }

    [Fact]
    public async Task Rmi_releases_snapshots_no_other_image_uses_but_not_one_a_running_container_uses()
    {
        var snapshots = Path.Combine(_pusher.Data, "snapshots");
        (await _pusher.RunAsync("run", "--rm", BerthHost.Busybox, "true")).Check("run unpacks the snapshot");
        (await _pusher.RunAsync("tag", BerthHost.Busybox, "second:1.0")).Check("tag");
        Assert.DoesNotContain("Released", (await _pusher.RunAsync("rmi", "second:1.0")).Check("rmi of one of two names").Output);
        Assert.Single(Directory.EnumerateDirectories(snapshots));

        (await _pusher.RunAsync("run", "-d", "--name", "holder", BerthHost.Busybox, "sleep", "60")).Check("run -d");
        (await _pusher.RunAsync("rmi", "-f", BerthHost.Busybox)).Check("rmi -f while a container runs");
        Assert.Single(Directory.EnumerateDirectories(snapshots));
        (await _pusher.RunAsync("exec", "holder", "true")).Check("the container still works");

        (await _pusher.RunAsync("rm", "-f", "holder")).Check("rm");
        Assert.Contains("Released 1 snapshot(s)", (await _pusher.RunAsync("image", "prune")).Check("image prune").Output);
        Assert.Empty(Directory.EnumerateDirectories(snapshots));
    }

    [Fact]
    public async Task Implicit_latest_is_warned_about()
    {
        (await _pusher.RunAsync("tag", BerthHost.Busybox, "localbox")).Check("tag as latest");
        var result = (await _pusher.RunAsync("run", "--rm", "localbox", "true")).Check("run by implicit latest");
        Assert.Contains("warning: \"localbox\" means localbox:latest", result.Error);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _pusher.DisposeAsync();
        await _puller.DisposeAsync();
    }
}

/// <summary>Debian's docker-registry (distribution 2.8) on a free loopback port with its own config and root.</summary>
public sealed class DockerRegistry : IDisposable
{
    readonly Process _process;
    readonly string _root;

    DockerRegistry(Process process, string root, string address) => (_process, _root, Address) = (process, root, address);

    public string Address { get; }

    public static async Task<DockerRegistry> StartAsync()
    {
        var binary = Tool.Require("docker-registry");
        var root = Directory.CreateTempSubdirectory("docker-registry-").FullName;
        var port = new RegistryProcess(root).Port;
        var address = $"127.0.0.1:{port}";
        await File.WriteAllTextAsync(Path.Combine(root, "config.yml"),
            $"version: 0.1\nlog: {{level: error}}\nstorage: {{filesystem: {{rootdirectory: {root}/data}}}}\nhttp: {{addr: {address}}}\n");
        var process = Process.Start(new ProcessStartInfo(binary, ["serve", Path.Combine(root, "config.yml")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return new DockerRegistry(process, root, address);
            }
            catch (SocketException) { await Task.Delay(25); }
        }
        process.Kill();
        throw new TimeoutException($"docker-registry did not listen on {address}");
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        Directory.Delete(_root, recursive: true);
    }
}
