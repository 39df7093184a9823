// Pull and push against a real registry, run once against Berth's registry and once against distribution's
// docker-registry (the subclasses below): round trips, skipped and mounted blobs, platforms, errors, basic auth.
using Berth.Distribution.Tests.Support;
using Berth.Oci;

namespace Berth.Distribution.Tests;

public abstract class RegistryContractTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly ContentStore _source;
    readonly ContentStore _target;

    protected RegistryContractTests()
    {
        _source = new ContentStore(_dir["source"]);
        _target = new ContentStore(_dir["target"]);
    }

    private protected abstract Task<ITestRegistry> StartRegistryAsync(string? htpasswd = null);

    public void Dispose() => _dir.Dispose();

    static ImageReference Ref(ITestRegistry registry, string name) => ImageReference.Parse($"{registry.Address}/{name}");

    [Fact]
    public async Task Push_then_pull_round_trips_every_blob_byte_for_byte()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 1, layers: 3);
        using var client = new RegistryClient(registry.Address);

        var pushed = await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "team/app:1.0"));
        var pulled = await new ImagePuller(client, _target).PullAsync(Ref(registry, "team/app:1.0"));

        Assert.Equal(image.Manifest.Digest, pushed.Digest);
        Assert.Equal((4, 0, 0), (pushed.BlobsUploaded, pushed.BlobsMounted, pushed.BlobsSkipped));
        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
        Assert.Equal(MediaTypes.OciManifest, pulled.Manifest.MediaType);
        Assert.Equal(image.Config, pulled.Config);
        Assert.Equal(image.Layers, pulled.Layers);
        Assert.Null(pulled.IndexDigest);
        foreach (var blob in image.Blobs.Append(image.Manifest))
            Assert.Equal(await File.ReadAllBytesAsync(_source.PathFor(blob.Digest)), await File.ReadAllBytesAsync(_target.PathFor(blob.Digest)));
    }

    [Fact]
    public async Task Pull_reports_each_blob_from_waiting_through_verifying_to_done()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 2, layers: 2, layerBytes: 512 << 10);
        using var client = new RegistryClient(registry.Address);
        await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "app:1"));
        var progress = new ProgressLog();

        await new ImagePuller(client, _target).PullAsync(Ref(registry, "app:1"), progress);

        foreach (var blob in image.Blobs)
        {
            var events = progress.For(blob.Digest);
            Assert.Equal(TransferState.Waiting, events[0].State);
            Assert.Equal([TransferState.Verifying, TransferState.Done], events.TakeLast(2).Select(e => e.State));
            Assert.All(events, e => Assert.Equal((blob.MediaType, blob.Size), (e.MediaType, e.Total)));
            var downloaded = events.Where(e => e.State == TransferState.Downloading).Select(e => e.Done).ToList();
            Assert.Equal(downloaded.Order(), downloaded);
            Assert.Equal(blob.Size, events[^1].Done);
        }
        // A 512 KiB layer is reported in steps, not once per buffer and not only at the end.
        Assert.InRange(progress.For(image.Layers[0].Digest).Count(e => e.State == TransferState.Downloading), 3, 110);
    }

    [Fact]
    public async Task Second_pull_skips_blobs_already_in_the_store_and_downloads_none()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 3);
        using (var pushClient = new RegistryClient(registry.Address))
        {
            await new ImagePusher(pushClient, _source).PushAsync(image.Manifest.Digest, Ref(registry, "app:1"));
            await new ImagePuller(pushClient, _target).PullAsync(Ref(registry, "app:1"));
        }
        var log = new RequestLog();
        using var client = new RegistryClient(registry.Address, handler: log);
        var progress = new ProgressLog();

        var pulled = await new ImagePuller(client, _target).PullAsync(Ref(registry, "app:1"), progress);

        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
        Assert.Equal(0, log.Count("GET", "/blobs/"));
        Assert.All(image.Blobs, blob => Assert.Equal([TransferState.Skipped], progress.StatesOf(blob.Digest)));
    }

    [Fact]
    public async Task Pull_by_digest_fetches_exactly_that_manifest()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 4, layers: 1);
        using var client = new RegistryClient(registry.Address);
        await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "app:1"));

        var pulled = await new ImagePuller(client, _target).PullAsync(Ref(registry, $"app@{image.Manifest.Digest}"));

        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
        Assert.True(_target.Exists(image.Manifest.Digest));
    }

    [Fact]
    public async Task Push_skips_blobs_the_registry_already_has()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 5);
        using (var first = new RegistryClient(registry.Address))
            await new ImagePusher(first, _source).PushAsync(image.Manifest.Digest, Ref(registry, "app:1"));
        var log = new RequestLog();
        using var client = new RegistryClient(registry.Address, handler: log);
        var progress = new ProgressLog();

        var pushed = await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "app:2"), progress: progress);

        Assert.Equal((0, 0, 4), (pushed.BlobsUploaded, pushed.BlobsMounted, pushed.BlobsSkipped));
        Assert.Equal(0, log.Count("POST", "/blobs/uploads/"));
        Assert.Equal(0, log.Count("PATCH", "/blobs/uploads/"));
        Assert.Equal(1, log.Count("PUT", "/manifests/2"));
        Assert.All(image.Blobs, blob => Assert.Equal(TransferState.Skipped, progress.StatesOf(blob.Digest)[^1]));
        Assert.Equal(image.Manifest.Digest, (await new ImagePuller(client, _target).PullAsync(Ref(registry, "app:2"))).ManifestDigest);
    }

    [Fact]
    public async Task Push_mounts_blobs_from_another_repository_instead_of_uploading_them()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 6);
        using (var first = new RegistryClient(registry.Address))
            await new ImagePusher(first, _source).PushAsync(image.Manifest.Digest, Ref(registry, "team/base:1"));
        var log = new RequestLog();
        using var client = new RegistryClient(registry.Address, handler: log);

        var pushed = await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "team/app:1"), mountFrom: "team/base");

        Assert.Equal((0, 4, 0), (pushed.BlobsUploaded, pushed.BlobsMounted, pushed.BlobsSkipped));
        Assert.Equal(4, log.Entries.Count(e => e is { Method: "POST", Status: 201 } && e.PathAndQuery.Contains("mount=") && e.PathAndQuery.Contains("from=team%2Fbase")));
        Assert.Equal(0, log.Count("PATCH", "/blobs/uploads/"));
        var pulled = await new ImagePuller(client, _target).PullAsync(Ref(registry, "team/app:1"));
        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
    }

    [Fact]
    public async Task Manifest_list_resolves_to_the_requested_platform_and_its_variant()
    {
        await using var registry = await StartRegistryAsync();
        var amd64 = await TestImages.WriteAsync(_source, seed: 7, layers: 2, platform: TestImages.LinuxAmd64, docker: true);
        var arm64 = await TestImages.WriteAsync(_source, seed: 8, layers: 2, platform: TestImages.LinuxArm64, docker: true);
        var list = await TestImages.WriteIndexAsync(_source, [amd64, arm64]);
        using var client = new RegistryClient(registry.Address);

        var pushed = await new ImagePusher(client, _source).PushAsync(list.Digest, Ref(registry, "multi:1"));
        var byDefault = await new ImagePuller(client, _target).PullAsync(Ref(registry, "multi:1"));
        var armStore = new ContentStore(_dir["arm"]);
        var arm = await new ImagePuller(client, armStore, new PullOptions { Platform = PlatformMatcher.Parse("linux/arm64") })
            .PullAsync(Ref(registry, "multi:1"));
        var missing = await Assert.ThrowsAsync<RegistryClientException>(() =>
            new ImagePuller(client, new ContentStore(_dir["s390x"]), new PullOptions { Platform = PlatformMatcher.Parse("linux/s390x") })
                .PullAsync(Ref(registry, "multi:1")));

        Assert.Equal((list.Digest, 6), (pushed.Digest, pushed.BlobsUploaded));
        Assert.Equal((amd64.Manifest.Digest, list.Digest), (byDefault.ManifestDigest, byDefault.IndexDigest));
        Assert.Equal(MediaTypes.DockerManifest, byDefault.Manifest.MediaType);
        Assert.True(_target.Exists(list.Digest));
        Assert.All(arm64.Blobs, blob => Assert.False(_target.Exists(blob.Digest)));
        Assert.Equal(arm64.Manifest.Digest, arm.ManifestDigest);
        Assert.All(arm64.Blobs, blob => Assert.True(armStore.Exists(blob.Digest)));
        Assert.Equal($"image \"{registry.Address}/multi:1\" has no manifest for linux/s390x (it has: linux/amd64, linux/arm64/v8); "
            + "pull one of those with --platform", missing.Message);
    }

    [Fact]
    public async Task Index_push_needs_each_platform_locally_or_already_in_the_registry()
    {
        await using var registry = await StartRegistryAsync();
        var elsewhere = new ContentStore(_dir["elsewhere"]);
        var amd64 = await TestImages.WriteAsync(_source, seed: 12, layers: 1, platform: TestImages.LinuxAmd64);
        var arm64 = await TestImages.WriteAsync(elsewhere, seed: 13, layers: 1, platform: TestImages.LinuxArm64);
        var index = await TestImages.WriteIndexAsync(_source, [amd64, arm64], MediaTypes.OciIndex);
        using var client = new RegistryClient(registry.Address);

        var incomplete = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ImagePusher(client, _source).PushAsync(index.Digest, Ref(registry, "multi:1")));
        await new ImagePusher(client, elsewhere).PushAsync(arm64.Manifest.Digest, Ref(registry, $"multi@{arm64.Manifest.Digest}"));
        var pushed = await new ImagePusher(client, _source).PushAsync(index.Digest, Ref(registry, "multi:1"));
        var pulled = await new ImagePuller(client, _target, new PullOptions { Platform = TestImages.LinuxArm64 }).PullAsync(Ref(registry, "multi:1"));

        Assert.Equal($"index {index.Digest} lists manifest {arm64.Manifest.Digest} (linux/arm64/v8), which is neither in the local store "
            + $"nor in {registry.Address}/multi; pull the image for every platform first, or push one platform's manifest", incomplete.Message);
        Assert.Equal(index.Digest, pushed.Digest);
        Assert.Equal((arm64.Manifest.Digest, index.Digest), (pulled.ManifestDigest, pulled.IndexDigest));
    }

    [Fact]
    public async Task Pull_of_a_missing_tag_names_the_tags_the_repository_has()
    {
        await using var registry = await StartRegistryAsync();
        var image = await TestImages.WriteAsync(_source, seed: 9, layers: 1);
        using var client = new RegistryClient(registry.Address);
        foreach (var tag in new[] { "0.9.1", "0.9" })
            await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, $"app:{tag}"));

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => new ImagePuller(client, _target).PullAsync(Ref(registry, "app:1.0")));

        Assert.Equal($"image \"{registry.Address}/app:1.0\" not found (tags in {registry.Address}/app: 0.9, 0.9.1)", error.Message);
        Assert.Equal(RegistryErrorCodes.ManifestUnknown, error.Code);
        Assert.True(error.IsNotFound);
        Assert.Empty(_target.List());
    }

    [Fact]
    public async Task Pull_of_an_unknown_repository_says_the_repository_does_not_exist()
    {
        await using var registry = await StartRegistryAsync();
        using var client = new RegistryClient(registry.Address);

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => new ImagePuller(client, _target).PullAsync(Ref(registry, "nobody/here:1")));

        Assert.Equal($"image \"{registry.Address}/nobody/here:1\" not found: repository {registry.Address}/nobody/here does not exist "
            + "(check the name, or push it first)", error.Message);
        Assert.Equal(RegistryErrorCodes.NameUnknown, error.Code);
    }

    [Fact]
    public async Task Basic_auth_with_the_right_credentials_pushes_and_pulls()
    {
        var htpasswd = await Tool.HtpasswdFileAsync(_dir["htpasswd"], "alice", "s3cret");
        await using var registry = await StartRegistryAsync(htpasswd);
        var image = await TestImages.WriteAsync(_source, seed: 10, layers: 2);
        var options = new RegistryClientOptions { Credentials = host => host == registry.Address ? new RegistryCredentials("alice", "s3cret") : null };
        using var client = new RegistryClient(registry.Address, options);

        await new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "private/app:1"));
        var pulled = await new ImagePuller(client, _target).PullAsync(Ref(registry, "private/app:1"));

        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
    }

    [Fact]
    public async Task Basic_auth_without_credentials_fails_with_how_to_log_in()
    {
        var htpasswd = await Tool.HtpasswdFileAsync(_dir["htpasswd"], "alice", "s3cret");
        await using var registry = await StartRegistryAsync(htpasswd);
        using var client = new RegistryClient(registry.Address);

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => new ImagePuller(client, _target).PullAsync(Ref(registry, "private/app:1")));

        Assert.StartsWith($"pull {registry.Address}/private/app:1: registry {registry.Address} requires authentication; "
            + $"log in with `podman login {registry.Address}`", error.Message);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Basic_auth_with_a_wrong_password_is_refused_naming_the_user()
    {
        var htpasswd = await Tool.HtpasswdFileAsync(_dir["htpasswd"], "alice", "s3cret");
        await using var registry = await StartRegistryAsync(htpasswd);
        var image = await TestImages.WriteAsync(_source, seed: 11, layers: 1);
        using var client = new RegistryClient(registry.Address, new RegistryClientOptions { Credentials = _ => new RegistryCredentials("alice", "wrong") });

        var error = await Assert.ThrowsAsync<RegistryClientException>(() =>
            new ImagePusher(client, _source).PushAsync(image.Manifest.Digest, Ref(registry, "private/app:1")));

        Assert.Contains($"registry {registry.Address} rejected the credentials of user \"alice\"; check the password", error.Message);
        Assert.Equal(RegistryErrorCodes.Unauthorized, error.Code);
    }
}

public sealed class BerthRegistryContractTests : RegistryContractTests
{
    private protected override async Task<ITestRegistry> StartRegistryAsync(string? htpasswd = null) => await BerthRegistry.StartAsync(htpasswd);
}

public sealed class DockerRegistryContractTests : RegistryContractTests
{
    private protected override async Task<ITestRegistry> StartRegistryAsync(string? htpasswd = null) =>
        await DockerRegistry.StartAsync(htpasswd is null ? "" : DockerRegistry.HtpasswdAuth(htpasswd));
}
