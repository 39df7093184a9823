// Twenty skopeo pushes at once, of images that share layers: all succeed and each blob is stored once.
namespace Berth.E2E.Tests;

public sealed class ConcurrentPushTests : RegistryTest
{
    [Fact]
    public async Task Twenty_parallel_pushes_sharing_layers_all_succeed_and_store_each_blob_once()
    {
        var image = await MakeImageLayoutAsync("shared", layers: 3, bytesPerLayer: 2 << 20, seed: 11);
        var pushes = Enumerable.Range(0, 20).Select(i => Skopeo("copy", "--dest-tls-verify=false", image, Remote($"team{i % 4}/app{i}:1.{i}")));
        foreach (var push in await Task.WhenAll(pushes)) push.Check("parallel skopeo push");

        Assert.Equal(OciLayoutDirectory.Blobs(LayoutDirectory(image)).Count, StoredBlobCount());
        using var http = new HttpClient();
        var catalog = await http.GetStringAsync($"http://{Registry.Address}/v2/_catalog");
        for (var i = 0; i < 20; i++) Assert.Contains($"\"team{i % 4}/app{i}\"", catalog);
    }
}
