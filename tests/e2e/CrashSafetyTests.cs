// kill -9 of `berth registry` in the middle of pushes: after a restart every blob it serves has the digest it
// claims, interrupted uploads resume where the data on disk ends, and new pushes work.
using System.Net;
using System.Security.Cryptography;

namespace Berth.E2E.Tests;

public sealed class CrashSafetyTests : RegistryTest
{
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Registry_killed_mid_push_serves_only_verified_blobs_and_interrupted_uploads_resume()
    {
        var image = await MakeImageLayoutAsync("crash", layers: 3, bytesPerLayer: 4 << 20, seed: 7);
        var blob = new byte[32 << 20];
        new Random(3).NextBytes(blob);
        var uploads = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var start = await _http.PostAsync(Url($"/v2/crash/up{i}/blobs/uploads/"), null);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            uploads.Add(start.Headers.Location!.ToString());
        }
        var streaming = uploads.Select(location => PatchSlowlyAsync(location, blob)).ToList();
        var pushes = Enumerable.Range(0, 4).Select(i => Skopeo("copy", "--dest-tls-verify=false", image, Remote($"crash/img:t{i}"))).ToList();

        await WaitUntilAsync(() => uploads.All(u => UploadedBytes(u) > 1 << 20));
        await Registry.KillAsync();
        await Task.WhenAll(streaming.Select(t => t.ContinueWith(_ => { })));
        await Task.WhenAll(pushes);

        await Registry.StartAsync();
        AssertEveryBlobMatchesItsDigest();
        await AssertEveryTagResolvesToCompleteImageAsync("crash/img");

        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(blob))}";
        for (var i = 0; i < uploads.Count; i++)
        {
            var status = await _http.GetAsync(Url(uploads[i]));
            Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
            var have = long.Parse(status.Headers.GetValues("Range").Single().Split('-')[1]) + 1;
            Assert.InRange(have, 1 << 20, blob.Length - 1);
            var rest = new ByteArrayContent(blob, (int)have, blob.Length - (int)have);
            rest.Headers.TryAddWithoutValidation("Content-Range", $"{have}-{blob.Length - 1}");
            Assert.Equal(HttpStatusCode.Accepted, (await _http.PatchAsync(Url(uploads[i]), rest)).StatusCode);
            var put = await _http.PutAsync(Url($"{uploads[i]}?digest={digest}"), null);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.Equal(blob, await _http.GetByteArrayAsync(Url($"/v2/crash/up{i}/blobs/{digest}")));
        }

        (await Skopeo("copy", "--dest-tls-verify=false", image, Remote("crash/img:after"))).Check("skopeo push after the restart");
        await AssertEveryTagResolvesToCompleteImageAsync("crash/img");
    }

    async Task PatchSlowlyAsync(string location, byte[] blob)
    {
        var content = new StreamContent(new ThrottledStream(blob, 256 << 10, TimeSpan.FromMilliseconds(25)));
        await _http.PatchAsync(Url(location), content);
    }

    long UploadedBytes(string location)
    {
        var id = location.TrimEnd('/').Split('/')[^1];
        var name = location["/v2/".Length..location.IndexOf("/blobs/uploads/", StringComparison.Ordinal)];
        var data = Path.Combine(Registry.Root, "repositories", name, "_uploads", id, "data");
        return File.Exists(data) ? new FileInfo(data).Length : 0;
    }

    void AssertEveryBlobMatchesItsDigest()
    {
        foreach (var data in Directory.EnumerateFiles(Path.Combine(Registry.Root, "blobs"), "data", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(data);
            var hex = Path.GetFileName(Path.GetDirectoryName(data))!;
            Assert.Equal(hex, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }

    async Task AssertEveryTagResolvesToCompleteImageAsync(string repository)
    {
        var list = await _http.GetAsync(Url($"/v2/{repository}/tags/list"));
        if (list.StatusCode == HttpStatusCode.NotFound) return;
        var tags = System.Text.Json.JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("tags");
        foreach (var tag in tags.EnumerateArray())
        {
            var dir = $"{Work}/pulled-{tag.GetString()}-{Guid.NewGuid():N}";
            (await Skopeo("copy", "--src-tls-verify=false", Remote($"{repository}:{tag.GetString()}"), $"oci:{dir}:x"))
                .Check($"pull of tag {tag.GetString()} after the crash");
            OciLayoutDirectory.Blobs(dir);
        }
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "uploads did not make progress within 30 s");
            await Task.Delay(20);
        }
    }

    string Url(string path) => $"http://{Registry.Address}{path}";

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }
}
