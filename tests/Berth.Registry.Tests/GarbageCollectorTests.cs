// GarbageCollector over a live registry's root: what it sweeps (unreferenced blobs, untagged manifests),
// what it keeps (tagged images, index children, referrers, young content, uploads), dry runs, and
// collections racing with pushes.
using System.Net;
using System.Text.Json;
using Berth.Oci;
using Berth.Registry.Storage;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class GarbageCollectorTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    static readonly TimeSpan Old = TimeSpan.FromHours(2);

    TestRegistry Registry => fixture.Registry;
    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Unreferenced_blobs_and_untagged_manifests_are_deleted_and_tagged_images_are_kept()
    {
        var shared = TestContent.Random(2048);
        var tagged = await Client.PushImageAsync("gc/sweep", "v1", layers: [shared, TestContent.Random(512)]);
        var untagged = await Client.PushImageAsync("gc/sweep", "old", layers: [shared, TestContent.Random(512)]);
        using (var untag = await Client.DeleteAsync("/v2/gc/sweep/manifests/old"))
            await RegistryAssert.StatusAsync(untag, HttpStatusCode.Accepted);
        var neverTagged = await Client.PushImageAsync("gc/sweep-other", tag: null);
        var lone = await Client.PushBlobAsync("gc/sweep", TestContent.Random(256));

        var result = await CollectAsync();

        Assert.True(result.ManifestsDeleted >= 2, $"{result}");
        await AssertKeptAsync(tagged);
        Assert.Equal(shared.Length, (await Client.GetBlobAsync("gc/sweep", Digest.Compute(shared))).Length);
        await AssertDeletedAsync(untagged, except: Digest.Compute(shared));
        await AssertDeletedAsync(neverTagged);
        Assert.False(IsStored(lone.Digest));
        using var get = await Client.GetAsync($"/v2/gc/sweep/blobs/{lone.Digest}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Index_children_and_referrers_of_tagged_manifests_are_kept()
    {
        var children = new[] { await Client.PushImageAsync("gc/index", null), await Client.PushImageAsync("gc/index", null) };
        var index = await Client.PushIndexAsync("gc/index", "v1", children);
        var signature = await Client.PushImageAsync("gc/index", null, subject: index.Descriptor, artifactType: "application/vnd.example.signature");
        var signatureOfSignature = await Client.PushImageAsync("gc/index", null, subject: signature.Descriptor, artifactType: "application/vnd.example.signature");
        var orphanSubject = await Client.PushImageAsync("gc/index", null);
        var orphanReferrer = await Client.PushImageAsync("gc/index", null, subject: orphanSubject.Descriptor, artifactType: "application/vnd.example.sbom");

        await CollectAsync();

        foreach (var kept in (PushedManifest[])[index, signature, signatureOfSignature, .. children]) await AssertKeptAsync(kept);
        await AssertDeletedAsync(orphanSubject);
        await AssertDeletedAsync(orphanReferrer);
        using var referrers = await Client.GetAsync($"/v2/gc/index/referrers/{index.Digest}");
        var listed = JsonSerializer.Deserialize(await referrers.Content.ReadAsByteArrayAsync(), OciJsonContext.Default.ImageIndex)!;
        Assert.Equal(signature.Digest, Assert.Single(listed.Manifests).Digest);
    }

    [Fact]
    public async Task Content_younger_than_the_grace_period_is_kept_and_older_content_is_deleted()
    {
        var youngBlob = await Client.PushBlobAsync("gc/grace", TestContent.Random(128));
        var oldBlob = await Client.PushBlobAsync("gc/grace", TestContent.Random(128));
        var youngManifest = await Client.PushImageAsync("gc/grace", null);
        var oldManifest = await Client.PushImageAsync("gc/grace", null);
        Registry.Age(RegistryLayout.BlobData(oldBlob.Digest), Old);
        Registry.Age(RegistryLayout.Revision("gc/grace", oldManifest.Digest), Old);
        foreach (var digest in oldManifest.References.Select(r => r.Digest).Append(oldManifest.Digest))
            Registry.Age(RegistryLayout.BlobData(digest), Old);

        await CollectAsync(TimeSpan.FromHours(1));

        Assert.True(IsStored(youngBlob.Digest));
        Assert.False(IsStored(oldBlob.Digest));
        await AssertKeptAsync(youngManifest);
        await AssertDeletedAsync(oldManifest);
    }

    [Fact]
    public async Task Upload_in_flight_is_untouched_and_can_be_finished_after_a_collection()
    {
        var content = TestContent.Random(10_000);
        var location = await Client.StartUploadAsync("gc/upload");
        using (var first = await Client.PatchAsync(location, content[..4000], "0-3999"))
            await RegistryAssert.StatusAsync(first, HttpStatusCode.Accepted);

        await CollectAsync();

        using (var status = await Client.GetAsync(location))
        {
            await RegistryAssert.StatusAsync(status, HttpStatusCode.NoContent);
            Assert.Equal("0-3999", RegistryAssert.Header(status, "Range"));
        }
        using (var rest = await Client.PatchAsync(location, content[4000..], "4000-9999"))
            await RegistryAssert.StatusAsync(rest, HttpStatusCode.Accepted);
        using (var put = await Client.FinishUploadAsync(location, Digest.Compute(content)))
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(content, await Client.GetBlobAsync("gc/upload", Digest.Compute(content)));
    }

    [Fact]
    public async Task Dry_run_deletes_nothing_and_reports_what_a_real_run_then_deletes()
    {
        var untagged = await Client.PushImageAsync("gc/dry-run", null);
        var lone = await Client.PushBlobAsync("gc/dry-run", TestContent.Random(64));
        var before = Registry.Files();

        var dryRun = await CollectAsync(dryRun: true);

        Assert.Equal(before, Registry.Files());
        Assert.True(dryRun.ManifestsDeleted >= 1 && dryRun.BlobsDeleted >= 4, $"{dryRun}");
        await AssertKeptAsync(untagged);
        Assert.True(IsStored(lone.Digest));
        Assert.Equal(dryRun, await CollectAsync());
        await AssertDeletedAsync(untagged);
        Assert.False(IsStored(lone.Digest));
    }

    [Fact]
    public async Task Collections_racing_with_pushes_never_leave_a_tagged_manifest_with_missing_blobs()
    {
        var grace = TimeSpan.FromMinutes(1);
        var repositories = Enumerable.Range(0, 6).Select(i => $"gc/race/app{i}").ToList();
        var oldImages = new List<PushedManifest>();
        for (var round = 0; round < 5; round++)
        {
            // Each repository holds old, unreferenced layers (an image pushed long ago, then untagged) that its
            // next image reuses without uploading them: the collector wants them gone just as the new manifest
            // starts to refer to them. Half the clients check with HEAD first, half trust what they pushed before.
            var reused = new List<IReadOnlyList<byte[]>>();
            foreach (var repository in repositories)
            {
                var (old, layers) = await PushOldUntaggedImageAsync(repository);
                oldImages.Add(old);
                reused.Add(layers);
            }
            var tag = $"round{round}";
            var pushes = Task.WhenAll(repositories.Select((repository, i) => Task.Run(() => PushReusingAsync(repository, tag, reused[i], checkFirst: i % 2 == 0))));
            do await CollectAsync(grace);
            while (!pushes.IsCompleted);
            await pushes;
        }
        await CollectAsync(grace);

        foreach (var old in oldImages)
        {
            using var collected = await Client.GetAsync($"/v2/{old.Repository}/manifests/{old.Digest}");
            await RegistryAssert.ErrorAsync(collected, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }
        foreach (var repository in Assert.Single(await Client.ReadPagesAsync("/v2/_catalog", "repositories")))
            foreach (var tag in Assert.Single(await Client.ReadPagesAsync($"/v2/{repository}/tags/list", "tags")))
                await AssertCompleteAsync(repository, tag);
        foreach (var repository in repositories)
            Assert.Equal(Enumerable.Range(0, 5).Select(r => $"round{r}"), Assert.Single(await Client.ReadPagesAsync($"/v2/{repository}/tags/list", "tags")));
    }

    /// <summary>Pushes an image, untags it and ages everything it stored; returns it and its layers.</summary>
    async Task<(PushedManifest Image, IReadOnlyList<byte[]> Layers)> PushOldUntaggedImageAsync(string repository)
    {
        byte[][] layers = [TestContent.Random(4096), TestContent.Random(4096)];
        var old = await Client.PushImageAsync(repository, "old", layers: layers);
        using (var untag = await Client.DeleteAsync($"/v2/{repository}/manifests/old"))
            await RegistryAssert.StatusAsync(untag, HttpStatusCode.Accepted);
        Registry.Age(RegistryLayout.Revision(repository, old.Digest), Old);
        foreach (var digest in old.References.Select(r => r.Digest).Append(old.Digest))
            Registry.Age(RegistryLayout.BlobData(digest), Old);
        return (old, layers);
    }

    /// <summary>
    /// Pushes an image the way a client reusing layers does: it does not upload a layer the repository has
    /// (per HEAD when <paramref name="checkFirst"/>, else per its memory of earlier pushes), and when the
    /// manifest is refused because a layer was collected meanwhile, it checks every layer and starts over.
    /// </summary>
    async Task PushReusingAsync(string repository, string tag, IReadOnlyList<byte[]> reusedLayers, bool checkFirst)
    {
        for (var attempt = 1; ; attempt++)
        {
            var config = await Client.PushBlobAsync(repository, TestContent.Config(), MediaTypes.OciConfig);
            var layers = new List<Descriptor> { await Client.PushBlobAsync(repository, TestContent.Random(512)) };
            foreach (var layer in reusedLayers)
            {
                var digest = Digest.Compute(layer);
                var known = !checkFirst && attempt == 1;
                using var head = known ? null : await Client.HeadAsync($"/v2/{repository}/blobs/{digest}");
                layers.Add(known || head!.StatusCode == HttpStatusCode.OK
                    ? new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = layer.Length }
                    : await Client.PushBlobAsync(repository, layer));
            }
            using var response = await Client.PutManifestAsync(repository, tag, TestManifests.Image(config, layers), MediaTypes.OciManifest);
            if (response.StatusCode == HttpStatusCode.Created) return;
            if (attempt == 5) await RegistryAssert.StatusAsync(response, HttpStatusCode.Created);
            await RegistryAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        }
    }

    Task<GcResult> CollectAsync(TimeSpan? grace = null, bool dryRun = false) =>
        new GarbageCollector(Registry.OpenStorage(), grace ?? TimeSpan.Zero, dryRun).RunAsync(CancellationToken.None);

    bool IsStored(Digest digest) => File.Exists(Registry.PathOf(RegistryLayout.BlobData(digest)));

    /// <summary>The manifest resolves by tag and digest, and every blob or child manifest it references is there.</summary>
    async Task AssertCompleteAsync(string repository, string reference)
    {
        using var get = await Client.GetAsync($"/v2/{repository}/manifests/{reference}");
        await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        var bytes = await get.Content.ReadAsByteArrayAsync();
        var manifest = ManifestDocument.Parse(bytes, get.Content.Headers.ContentType?.MediaType);
        foreach (var child in manifest.References)
        {
            if (manifest.IsIndex) await AssertCompleteAsync(repository, child.Digest.ToString());
            else Assert.Equal(child.Digest, Digest.Compute(await Client.GetBlobAsync(repository, child.Digest)));
        }
    }

    async Task AssertKeptAsync(PushedManifest manifest)
    {
        await AssertCompleteAsync(manifest.Repository, manifest.Digest.ToString());
        Assert.True(IsStored(manifest.Digest));
    }

    async Task AssertDeletedAsync(PushedManifest manifest, Digest? except = null)
    {
        using var get = await Client.GetAsync($"/v2/{manifest.Repository}/manifests/{manifest.Digest}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        foreach (var digest in manifest.References.Select(r => r.Digest).Append(manifest.Digest).Where(d => d != except))
            Assert.False(IsStored(digest), $"{digest} of {manifest.Digest} is still stored");
    }
}
