// Many clients at once: parallel pushes sharing layers, parallel uploads of one blob, and racing tag
// updates, checked against what ends up on disk under blobs/.
using System.Net;
using Berth.Oci;
using Berth.Registry.Storage;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class ConcurrencyTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    TestRegistry Registry => fixture.Registry;
    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Twenty_parallel_pushes_sharing_layers_all_succeed_and_store_each_blob_once()
    {
        var shared = new[] { TestContent.Random(256 * 1024), TestContent.Random(64 * 1024), TestContent.Random(1024) };
        var before = Registry.Files(RegistryLayout.Blobs);

        var images = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Client.PushImageAsync($"concurrency/app{i % 5}/n{i}", $"v{i}", layers: [.. shared, TestContent.Random(2048)]))));

        foreach (var (image, i) in images.Select((image, i) => (image, i)))
        {
            using var get = await Client.GetAsync($"/v2/{image.Repository}/manifests/v{i}");
            await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
            Assert.Equal(image.Bytes, await get.Content.ReadAsByteArrayAsync());
        }
        var expected = images.SelectMany(i => i.References.Select(r => r.Digest).Append(i.Digest)).Distinct().ToList();
        Assert.Equal(3 + 20 * 3, expected.Count);
        var added = Registry.Files(RegistryLayout.Blobs).Except(before).ToList();
        Assert.Equal(expected.Select(RegistryLayout.BlobData).Order(StringComparer.Ordinal), added);
        foreach (var digest in expected)
            Assert.Equal(digest, Digest.Compute(await File.ReadAllBytesAsync(Registry.PathOf(RegistryLayout.BlobData(digest)))));
        Assert.DoesNotContain(Registry.Files(RegistryLayout.Repositories), f => f.Contains("/_uploads/") || f.Contains("/.tmp-"));
    }

    [Fact]
    public async Task Parallel_chunked_uploads_of_the_same_blob_all_succeed_and_store_it_once()
    {
        var content = TestContent.Random(300_000);
        var digest = Digest.Compute(content);
        var before = Registry.Files(RegistryLayout.Blobs);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            var location = await Client.StartUploadAsync("concurrency/same-blob");
            for (var offset = 0; offset < content.Length; offset += 100_000)
            {
                using var patch = await Client.PatchAsync(location, content[offset..(offset + 100_000)], $"{offset}-{offset + 99_999}");
                await RegistryAssert.StatusAsync(patch, HttpStatusCode.Accepted);
                location = RegistryAssert.Location(patch);
            }
            using var put = await Client.FinishUploadAsync(location, digest);
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        })));

        Assert.Equal([RegistryLayout.BlobData(digest)], Registry.Files(RegistryLayout.Blobs).Except(before));
        Assert.Equal(content, await Client.GetBlobAsync("concurrency/same-blob", digest));
    }

    [Fact]
    public async Task Racing_pushes_to_one_tag_leave_it_on_one_complete_manifest()
    {
        var prepared = new List<byte[]>();
        for (var i = 0; i < 10; i++) prepared.Add((await Client.PushImageBlobsAsync("concurrency/same-tag")).Manifest);

        await Task.WhenAll(prepared.Select(manifest => Task.Run(async () =>
        {
            using var put = await Client.PutManifestAsync("concurrency/same-tag", "latest", manifest, MediaTypes.OciManifest);
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        })));

        using var get = await Client.GetAsync("/v2/concurrency/same-tag/manifests/latest");
        await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        var served = await get.Content.ReadAsByteArrayAsync();
        Assert.Contains(prepared, p => p.AsSpan().SequenceEqual(served));
        Assert.Equal(Digest.Compute(served).ToString(), RegistryAssert.Header(get, "Docker-Content-Digest"));
    }
}
