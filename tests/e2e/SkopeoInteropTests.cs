// skopeo (containers/image, which no one here wrote) pushes to and pulls from a real `berth registry`.
namespace Berth.E2E.Tests;

public sealed class SkopeoInteropTests : IAsyncLifetime
{
    readonly RegistryProcess _registry = new();
    readonly Podman _podman = new();
    readonly string _work = Directory.CreateTempSubdirectory("berth-skopeo-").FullName;

    public async Task InitializeAsync()
    {
        await _registry.StartAsync();
        await _podman.BuildLayeredImageAsync("localhost/interop:1.0", layers: 4, bytesPerLayer: 3 << 20, seed: 1);
        (await Skopeo("copy", _podman.StorageReference("localhost/interop:1.0"), $"oci:{_work}/source:1.0")).Check("skopeo copy to oci");
    }

    [Fact]
    public async Task Multi_layer_image_pushed_and_pulled_by_skopeo_has_byte_identical_blobs()
    {
        var remote = $"docker://{_registry.Address}/team/interop:1.0";
        (await Skopeo("copy", "--dest-tls-verify=false", $"oci:{_work}/source:1.0", remote)).Check("skopeo push");
        (await Skopeo("copy", "--src-tls-verify=false", remote, $"oci:{_work}/pulled:1.0")).Check("skopeo pull");

        var pushed = OciLayoutDirectory.Blobs($"{_work}/source");
        var pulled = OciLayoutDirectory.Blobs($"{_work}/pulled");
        Assert.True(pushed.Count >= 6, $"expected config, manifest and 4 layers, got {pushed.Count} blobs");
        Assert.Equal(pushed.Keys.Order(), pulled.Keys.Order());
        foreach (var (digest, bytes) in pushed) Assert.Equal(bytes, pulled[digest]);

        var inspect = (await Skopeo("inspect", "--tls-verify=false", remote)).Check("skopeo inspect");
        Assert.Contains("\"1.0\"", inspect.Output);
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(inspect.Output).RootElement.GetProperty("Layers").GetArrayLength());
    }

    [Fact]
    public async Task Registry_to_registry_copy_mounts_blobs_and_keeps_the_manifest_digest()
    {
        var first = $"docker://{_registry.Address}/a/app:1.0";
        var second = $"docker://{_registry.Address}/b/app:1.0";
        (await Skopeo("copy", "--dest-tls-verify=false", $"oci:{_work}/source:1.0", first)).Check("skopeo push");
        (await Skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", first, second)).Check("skopeo copy between repositories");

        var a = (await Skopeo("inspect", "--tls-verify=false", "--raw", first)).Check("inspect a").Output;
        var b = (await Skopeo("inspect", "--tls-verify=false", "--raw", second)).Check("inspect b").Output;
        Assert.Equal(a, b);
        var blobFiles = Directory.EnumerateFiles(Path.Combine(_registry.Root, "blobs"), "data", SearchOption.AllDirectories).Count();
        Assert.Equal(OciLayoutDirectory.Blobs($"{_work}/source").Count, blobFiles);
    }

    [Fact]
    public async Task Deleted_tag_is_gone_for_skopeo_and_other_tags_still_pull()
    {
        (await Skopeo("copy", "--dest-tls-verify=false", $"oci:{_work}/source:1.0", $"docker://{_registry.Address}/del/app:1.0")).Check("push 1.0");
        (await Skopeo("copy", "--dest-tls-verify=false", $"oci:{_work}/source:1.0", $"docker://{_registry.Address}/del/app:2.0")).Check("push 2.0");
        (await Skopeo("delete", "--tls-verify=false", $"docker://{_registry.Address}/del/app:2.0")).Check("skopeo delete");

        var tags = (await Skopeo("list-tags", "--tls-verify=false", $"docker://{_registry.Address}/del/app")).Check("list-tags").Output;
        Assert.DoesNotContain("2.0", tags);
        Assert.DoesNotContain("1.0", tags); // skopeo delete removes the manifest, so every tag on it goes
        var failed = await Skopeo("inspect", "--tls-verify=false", $"docker://{_registry.Address}/del/app:1.0");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("manifest unknown", failed.Error);
    }

    Task<ToolResult> Skopeo(params string[] args) => Tool.RunAsync("skopeo", args);

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _podman.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
