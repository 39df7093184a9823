// Pulls from LyingRegistry, a fake that misbehaves in ways a real registry cannot be made to on demand: wrong
// bytes, a connection dropped mid-blob, a manifest that is not the digest asked for, and slow blobs.
using Berth.Distribution.Tests.Support;
using Berth.Oci;

namespace Berth.Distribution.Tests;

public sealed class LyingRegistryTests : IAsyncLifetime
{
    readonly TempDir _dir = new();
    readonly ContentStore _source;
    readonly ContentStore _target;
    LyingRegistry _registry = null!;

    public LyingRegistryTests()
    {
        _source = new ContentStore(_dir["source"]);
        _target = new ContentStore(_dir["target"]);
    }

    public async Task InitializeAsync() => _registry = await LyingRegistry.StartAsync(_source);

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _dir.Dispose();
    }

    ImageReference Ref(string name) => ImageReference.Parse($"{_registry.Address}/{name}");

    ImagePuller Puller(RegistryClient client) =>
        new(client, _target, new PullOptions { RetryDelay = TimeSpan.FromMilliseconds(20) });

    string[] IngestFiles() => Directory.Exists(_dir["target/ingest"]) ? Directory.GetFiles(_dir["target/ingest"]) : [];

    [Fact]
    public async Task Blob_with_wrong_content_from_LyingRegistry_is_rejected_and_nothing_of_it_is_stored()
    {
        var image = await TestImages.WriteAsync(_source, seed: 30, layers: 3);
        _registry.Tag("1", image.Manifest.Digest);
        var corrupt = image.Layers[1];
        _registry.Corrupt.Add(corrupt.Digest);
        using var client = new RegistryClient(_registry.Address);
        var progress = new ProgressLog();

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => Puller(client).PullAsync(Ref("app:1"), progress));

        Assert.Equal(RegistryErrorCodes.DigestInvalid, error.Code);
        Assert.StartsWith($"blob {corrupt.Digest} from {_registry.Address}/app does not match its digest: content digest is sha256:", error.Message);
        Assert.EndsWith("nothing was stored; the registry's copy is damaged, push the image again", error.Message);
        Assert.False(_target.Exists(corrupt.Digest));
        Assert.False(_target.Exists(image.Manifest.Digest));
        Assert.Empty(IngestFiles());
        Assert.Equal(TransferState.Failed, progress.StatesOf(corrupt.Digest)[^1]);
        // A wrong digest is not a network accident: it is not downloaded again.
        Assert.Single(_registry.Requests, r => r.Contains(corrupt.Digest.Hex));
    }

    [Fact]
    public async Task Download_dropped_by_LyingRegistry_is_retried_from_the_byte_it_reached()
    {
        var image = await TestImages.WriteAsync(_source, seed: 31, layers: 2, layerBytes: 256 << 10);
        _registry.Tag("1", image.Manifest.Digest);
        var dropped = image.Layers[0];
        _registry.DropFirstDownload.Add(dropped.Digest);
        using var client = new RegistryClient(_registry.Address);
        var progress = new ProgressLog();

        var pulled = await Puller(client).PullAsync(Ref("app:1"), progress);

        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
        Assert.Equal(dropped.Size, new FileInfo(_target.PathFor(dropped.Digest)).Length);
        var retry = Assert.Single(progress.For(dropped.Digest), e => e.State == TransferState.Retrying);
        Assert.InRange(retry.Done, 1, dropped.Size / 2);
        var requests = _registry.Requests.Where(r => r.Contains(dropped.Digest.Hex)).ToList();
        Assert.Equal([$"GET /v2/app/blobs/{dropped.Digest}", $"GET /v2/app/blobs/{dropped.Digest} Range: bytes={retry.Done}-"], requests);
        Assert.Equal(TransferState.Done, progress.StatesOf(dropped.Digest)[^1]);
        Assert.Empty(IngestFiles());
    }

    [Fact]
    public async Task Download_that_stalls_on_LyingRegistry_is_given_up_after_the_stall_timeout_and_resumed()
    {
        var image = await TestImages.WriteAsync(_source, seed: 35, layers: 1, layerBytes: 256 << 10);
        _registry.Tag("1", image.Manifest.Digest);
        var stalled = image.Layers[0];
        _registry.StallFirstDownload.Add(stalled.Digest);
        using var client = new RegistryClient(_registry.Address);
        var progress = new ProgressLog();
        var options = new PullOptions { RetryDelay = TimeSpan.FromMilliseconds(20), StallTimeout = TimeSpan.FromSeconds(1) };

        var pulled = await new ImagePuller(client, _target, options).PullAsync(Ref("app:1"), progress);

        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
        var retry = progress.For(stalled.Digest).First(e => e.State == TransferState.Retrying);
        Assert.Equal($"registry {_registry.Address} sent nothing for blob {stalled.Digest} in 1 s", retry.Error);
        Assert.InRange(retry.Done, 1, stalled.Size / 2);
        Assert.Contains($"GET /v2/app/blobs/{stalled.Digest} Range: bytes={retry.Done}-", _registry.Requests);
    }

    [Fact]
    public async Task Manifest_from_LyingRegistry_that_is_not_the_digest_pulled_is_refused()
    {
        var wanted = await TestImages.WriteAsync(_source, seed: 32, layers: 1);
        var other = await TestImages.WriteAsync(_source, seed: 33, layers: 1);
        _registry.SwappedManifests[wanted.Manifest.Digest] = other.Manifest.Digest;
        using var client = new RegistryClient(_registry.Address);

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => Puller(client).PullAsync(Ref($"app@{wanted.Manifest.Digest}")));

        Assert.Equal(RegistryErrorCodes.DigestInvalid, error.Code);
        Assert.Equal($"registry {_registry.Address} sent a manifest whose digest is {other.Manifest.Digest} for {_registry.Address}/app@{wanted.Manifest.Digest}; "
            + "refusing it (the registry's copy is damaged or was tampered with)", error.Message);
        Assert.Empty(_target.List());
    }

    [Fact]
    public async Task Downloads_run_in_parallel_up_to_the_limit()
    {
        var image = await TestImages.WriteAsync(_source, seed: 34, layers: 6, layerBytes: 1 << 10);
        _registry.Tag("1", image.Manifest.Digest);
        _registry.BlobDelay = TimeSpan.FromMilliseconds(300);
        using var client = new RegistryClient(_registry.Address);

        await new ImagePuller(client, _target, new PullOptions { MaxConcurrentDownloads = 3 }).PullAsync(Ref("app:1"));

        Assert.Equal(3, _registry.MaxConcurrentBlobDownloads);
        Assert.All(image.Blobs, blob => Assert.True(_target.Exists(blob.Digest)));
    }
}
