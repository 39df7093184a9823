// Pull into and push from the local image store through Berth.Distribution: what `berth pull`, `berth push`
// and `berth run` (pulling a missing image) share.
using Berth.Distribution;
using Berth.Oci;

namespace Berth.Runtime.Images;

public sealed class ImageTransfer(ImageStore store, RegistryClientOptions? clientOptions = null)
{
    readonly RegistryClientOptions _options = clientOptions ?? new RegistryClientOptions { Credentials = AuthFile.FromEnvironment() };

    public async Task<ImageRecord> PullAsync(ImageReference reference, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        using var client = new RegistryClient(reference.Registry, _options);
        var result = await new ImagePuller(client, store.Content).PullAsync(reference, progress, ct);
        await store.TagAsync(reference, result.ManifestDigest, ct);
        return await store.GetAsync(reference, ct);
    }

    public async Task<PushResult> PushAsync(ImageReference source, ImageReference destination, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var image = await store.GetAsync(source, ct);
        using var client = new RegistryClient(destination.Registry, _options);
        return await new ImagePusher(client, store.Content).PushAsync(image.ManifestDigest, destination, null, progress, ct);
    }
}
