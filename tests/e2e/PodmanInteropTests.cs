// podman pushes an image to `berth registry` and pulls it back into a clean store: same image, same layers.
namespace Berth.E2E.Tests;

public sealed class PodmanInteropTests : RegistryTest
{
    readonly Podman _puller = new();

    [Fact]
    public async Task Podman_push_then_pull_into_a_clean_store_gives_the_same_image()
    {
        await Podman.BuildLayeredImageAsync("localhost/podman-interop:2.1.0", layers: 3, bytesPerLayer: 1 << 20, seed: 5);
        var remote = $"{Registry.Address}/apps/podman-interop:2.1.0";
        (await Podman.RunAsync("push", "--tls-verify=false", "localhost/podman-interop:2.1.0", $"docker://{remote}")).Check("podman push");
        (await _puller.RunAsync("pull", "--tls-verify=false", remote)).Check("podman pull");

        const string format = "{{.Id}} {{len .RootFS.Layers}}";
        var pushed = (await Podman.RunAsync("image", "inspect", "--format", format, "localhost/podman-interop:2.1.0")).Check("inspect").Output.Trim();
        var pulled = (await _puller.RunAsync("image", "inspect", "--format", format, remote)).Check("inspect").Output.Trim();
        Assert.Equal(pushed, pulled);
        Assert.EndsWith(" 3", pulled);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _puller.DisposeAsync();
    }
}
