// A push whose upload fails in transport once is retried with a fresh upload, and the abandoned one is cancelled;
// the failure is injected under the client (FailingHandler) against Berth's real registry.
using Berth.Distribution.Tests.Support;
using Berth.Oci;

namespace Berth.Distribution.Tests;

public sealed class UploadRetryTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Upload_dropped_once_by_FailingHandler_is_retried_and_the_image_arrives_whole()
    {
        await using var registry = await BerthRegistry.StartAsync();
        var source = new ContentStore(_dir["source"]);
        var image = await TestImages.WriteAsync(source, seed: 40, layers: 2);
        var failing = new FailingHandler(request => request.Method == HttpMethod.Patch);
        var log = new RequestLog(failing);
        using var client = new RegistryClient(registry.Address, handler: log);
        var progress = new ProgressLog();
        var reference = ImageReference.Parse($"{registry.Address}/app:1");

        var pushed = await new ImagePusher(client, source, new PushOptions { RetryDelay = TimeSpan.FromMilliseconds(20) })
            .PushAsync(image.Manifest.Digest, reference, progress: progress);
        var pulled = await new ImagePuller(client, new ContentStore(_dir["target"])).PullAsync(reference);

        Assert.Equal(1, failing.Failures);
        Assert.Equal(3, pushed.BlobsUploaded);
        Assert.Equal(4, log.Count("POST", "/blobs/uploads/"));
        Assert.Equal(1, log.Count("DELETE", "/blobs/uploads/"));
        Assert.Single(image.Blobs, blob => progress.StatesOf(blob.Digest).Contains(TransferState.Retrying));
        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
    }
}
