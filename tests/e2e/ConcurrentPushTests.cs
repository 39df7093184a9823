// Twenty skopeo pushes at once, of images that share layers: all succeed and each blob is stored once.
namespace Berth.E2E.Tests;

public sealed class ConcurrentPushTests : IAsyncLifetime
{
    readonly RegistryProcess _registry = new();
    readonly Podman _podman = new();
    readonly string _work = Directory.CreateTempSubdirectory("berth-concurrent-").FullName;

    public async Task InitializeAsync()
    {
        await _registry.StartAsync();
        await _podman.BuildLayeredImageAsync("localhost/shared:1", layers: 3, bytesPerLayer: 2 << 20, seed: 11);
        (await Tool.RunAsync("skopeo", ["copy", _podman.StorageReference("localhost/shared:1"), $"oci:{_work}/image:1"])).Check("skopeo copy");
    }

    [Fact]
    public async Task Twenty_parallel_pushes_sharing_layers_all_succeed_and_store_each_blob_once()
    {
        var pushes = Enumerable.Range(0, 20).Select(i => Tool.RunAsync("skopeo",
            ["copy", "--dest-tls-verify=false", $"oci:{_work}/image:1", $"docker://{_registry.Address}/team{i % 4}/app{i}:1.{i}"],
            TimeSpan.FromMinutes(4)));
        foreach (var push in await Task.WhenAll(pushes)) push.Check("parallel skopeo push");

        var stored = Directory.EnumerateFiles(Path.Combine(_registry.Root, "blobs"), "data", SearchOption.AllDirectories).ToList();
        Assert.Equal(OciLayoutDirectory.Blobs($"{_work}/image").Count, stored.Count);
        var catalog = await new HttpClient().GetStringAsync($"http://{_registry.Address}/v2/_catalog");
        for (var i = 0; i < 20; i++) Assert.Contains($"\"team{i % 4}/app{i}\"", catalog);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _podman.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
