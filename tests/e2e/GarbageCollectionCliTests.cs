// `berth registry gc` run against the root of a registry that keeps serving: what an untagged manifest alone used is
// freed, what remaining tags use still pulls.
namespace Berth.E2E.Tests;

public sealed class GarbageCollectionCliTests : IAsyncLifetime
{
    readonly RegistryProcess _registry = new();
    readonly Podman _podman = new();
    readonly string _work = Directory.CreateTempSubdirectory("berth-gc-").FullName;

    public async Task InitializeAsync()
    {
        await _registry.StartAsync();
        await _podman.BuildLayeredImageAsync("localhost/gc:1", layers: 2, bytesPerLayer: 1 << 20, seed: 21);
        await _podman.BuildLayeredImageAsync("localhost/gc:2", layers: 2, bytesPerLayer: 1 << 20, seed: 22);
        foreach (var tag in new[] { "1", "2" })
            (await Tool.RunAsync("skopeo", ["copy", _podman.StorageReference($"localhost/gc:{tag}"), $"oci:{_work}/image{tag}:{tag}"])).Check("skopeo copy");
    }

    [Fact]
    public async Task Gc_while_serving_frees_the_untagged_image_and_keeps_the_tagged_one_pullable()
    {
        foreach (var tag in new[] { "1", "2" })
            (await Tool.RunAsync("skopeo", ["copy", "--dest-tls-verify=false", $"oci:{_work}/image{tag}:{tag}", $"docker://{_registry.Address}/gc/app:{tag}"])).Check("push");
        using (var http = new HttpClient())
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.DeleteAsync($"http://{_registry.Address}/v2/gc/app/manifests/2")).StatusCode);
        var before = BlobCount();

        var gc = (await Tool.RunAsync(Tool.Berth(), ["registry", "gc", "--root", _registry.Root, "--grace-period", "00:00:00"])).Check("berth registry gc");
        // The untagged manifest, and its manifest blob, config and two layers.
        Assert.Contains("deleted 1 manifest(s) and 4 blob(s)", gc.Output);
        Assert.Equal(before - 4, BlobCount());

        (await Tool.RunAsync("skopeo", ["copy", "--src-tls-verify=false", $"docker://{_registry.Address}/gc/app:1", $"oci:{_work}/pulled:1"])).Check("pull after gc");
        var again = (await Tool.RunAsync(Tool.Berth(), ["registry", "gc", "--root", _registry.Root, "--grace-period", "00:00:00"])).Check("second gc");
        Assert.Contains("deleted 0 manifest(s) and 0 blob(s)", again.Output);
    }

    int BlobCount() => Directory.EnumerateFiles(Path.Combine(_registry.Root, "blobs"), "data", SearchOption.AllDirectories).Count();

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _podman.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
