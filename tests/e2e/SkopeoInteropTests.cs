// skopeo (containers/image, which no one here wrote) pushes to and pulls from a real `berth registry`.
namespace Berth.E2E.Tests;

public sealed class SkopeoInteropTests : RegistryTest
{
    string _image = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _image = await MakeImageLayoutAsync("interop", layers: 4, bytesPerLayer: 3 << 20, seed: 1);
    }

    [Fact]
    public async Task Multi_layer_image_pushed_and_pulled_by_skopeo_has_byte_identical_blobs()
    {
        var remote = Remote("team/interop:1.0");
        (await Skopeo("copy", "--dest-tls-verify=false", _image, remote)).Check("skopeo push");
        (await Skopeo("copy", "--src-tls-verify=false", remote, $"oci:{Work}/pulled:1.0")).Check("skopeo pull");

        var pushed = OciLayoutDirectory.Blobs(LayoutDirectory(_image));
        var pulled = OciLayoutDirectory.Blobs($"{Work}/pulled");
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
        var first = Remote("a/app:1.0");
        var second = Remote("b/app:1.0");
        (await Skopeo("copy", "--dest-tls-verify=false", _image, first)).Check("skopeo push");
        (await Skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", first, second)).Check("skopeo copy between repositories");

        var a = (await Skopeo("inspect", "--tls-verify=false", "--raw", first)).Check("inspect a").Output;
        var b = (await Skopeo("inspect", "--tls-verify=false", "--raw", second)).Check("inspect b").Output;
        Assert.Equal(a, b);
        Assert.Equal(OciLayoutDirectory.Blobs(LayoutDirectory(_image)).Count, StoredBlobCount());
    }

    [Fact]
    public async Task Deleted_manifest_is_gone_for_skopeo_with_every_tag_on_it()
    {
        (await Skopeo("copy", "--dest-tls-verify=false", _image, Remote("del/app:1.0"))).Check("push 1.0");
        (await Skopeo("copy", "--dest-tls-verify=false", _image, Remote("del/app:2.0"))).Check("push 2.0");
        (await Skopeo("delete", "--tls-verify=false", Remote("del/app:2.0"))).Check("skopeo delete");

        // skopeo delete removes the manifest by digest, so both tags that named it go.
        var tags = (await Skopeo("list-tags", "--tls-verify=false", Remote("del/app"))).Check("list-tags").Output;
        Assert.DoesNotContain("2.0", tags);
        Assert.DoesNotContain("1.0", tags);
        var failed = await Skopeo("inspect", "--tls-verify=false", Remote("del/app:1.0"));
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("manifest unknown", failed.Error);
    }
}
