// podman pushes an image to `berth registry` and pulls it back into a clean store: same image, same layers.
namespace Berth.E2E.Tests;

public sealed class PodmanInteropTests : IAsyncLifetime
{
    readonly RegistryProcess _registry = new();
    readonly Podman _pusher = new();
    readonly Podman _puller = new();

    public Task InitializeAsync() => _registry.StartAsync();

    [Fact]
    public async Task Podman_push_then_pull_into_a_clean_store_gives_the_same_image()
    {
        await _pusher.BuildLayeredImageAsync("localhost/podman-interop:2.1.0", layers: 3, bytesPerLayer: 1 << 20, seed: 5);
        var remote = $"{_registry.Address}/apps/podman-interop:2.1.0";
        (await _pusher.RunAsync("push", "--tls-verify=false", "localhost/podman-interop:2.1.0", $"docker://{remote}")).Check("podman push");
        (await _puller.RunAsync("pull", "--tls-verify=false", remote)).Check("podman pull");

        var pushedId = (await _pusher.RunAsync("image", "inspect", "--format", "{{.Id}} {{len .RootFS.Layers}}", "localhost/podman-interop:2.1.0")).Check("inspect").Output.Trim();
        var pulledId = (await _puller.RunAsync("image", "inspect", "--format", "{{.Id}} {{len .RootFS.Layers}}", remote)).Check("inspect").Output.Trim();
        Assert.Equal(pushedId, pulledId);
        Assert.EndsWith(" 3", pulledId);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _pusher.DisposeAsync();
        await _puller.DisposeAsync();
    }
}
