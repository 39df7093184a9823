// Pulls an image into the content store: reference → manifest (through an index, for the wanted platform), then the
// blobs the store lacks, in parallel and verified as they stream; the manifest is stored last, so its blobs are there.
using Berth.Oci;

namespace Berth.Distribution;

public sealed class ImagePuller(RegistryClient client, ContentStore store, PullOptions? options = null)
{
    readonly PullOptions _options = options ?? new PullOptions();

    /// <exception cref="RegistryClientException">Not found, not for this platform, unreachable, or content that does not match its digest.</exception>
    public async Task<PullResult> PullAsync(ImageReference reference, IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        if (reference.Registry != client.Registry)
            throw new ArgumentException($"{reference} is in registry {reference.Registry}, but this client talks to {client.Registry}", nameof(reference));
        var repository = reference.Repository;
        var root = await client.GetManifestAsync(repository, reference.Digest?.ToString() ?? reference.Tag!, ct);
        var (document, descriptor) = root.IsIndex ? await ResolvePlatformAsync(reference, root, ct) : (root, Describe(root));
        var manifest = document.Image
            ?? throw new RegistryClientException($"{reference}: the index entry for {_options.Platform} is itself an index, which Berth does not follow",
                code: RegistryErrorCodes.ManifestInvalid);

        var blobs = manifest.Layers.Prepend(manifest.Config).DistinctBy(blob => blob.Digest).ToList();
        await DownloadAsync(repository, blobs, progress, ct);
        await StoreAsync(document, ct);
        if (root.IsIndex) await StoreAsync(root, ct);
        return new PullResult(reference, descriptor, manifest.Config, manifest.Layers, root.IsIndex ? root.Digest : null);
    }

    async Task<(ManifestDocument, Descriptor)> ResolvePlatformAsync(ImageReference reference, ManifestDocument index, CancellationToken ct)
    {
        var entries = index.Index!.Manifests;
        var chosen = PlatformMatcher.Select(entries, _options.Platform);
        if (chosen is null)
        {
            var offered = entries.Where(e => e.Platform is not null && e.Platform.Os != "unknown").Select(e => e.Platform!.ToString()).Distinct();
            throw new RegistryClientException(
                $"image \"{reference}\" has no manifest for {_options.Platform} (it has: {string.Join(", ", offered)}); pull one of those with --platform",
                System.Net.HttpStatusCode.NotFound, RegistryErrorCodes.ManifestUnknown);
        }
        var manifest = await client.GetManifestAsync(reference.Repository, chosen.Digest.ToString(), ct);
        if (manifest.Bytes.Length != chosen.Size)
            throw new RegistryClientException($"manifest {chosen.Digest} of {reference} is {manifest.Bytes.Length} bytes, but its index says {chosen.Size}",
                code: RegistryErrorCodes.SizeInvalid);
        return (manifest, chosen);
    }

    async Task DownloadAsync(string repository, IReadOnlyList<Descriptor> blobs, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var missing = new List<BlobReporter>();
        foreach (var blob in blobs)
        {
            var reporter = new BlobReporter(progress, blob);
            if (store.Exists(blob.Digest)) reporter.State(TransferState.Skipped, blob.Size);
            else
            {
                reporter.State(TransferState.Waiting, 0);
                missing.Add(reporter);
            }
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentDownloads, CancellationToken = ct };
        await Parallel.ForEachAsync(missing, parallel, async (reporter, token) => await FetchAsync(repository, reporter, token));
    }

    async Task FetchAsync(string repository, BlobReporter reporter, CancellationToken ct)
    {
        var blob = reporter.Blob;
        try
        {
            await using (var download = new BlobDownloadStream(client, repository, reporter, _options))
                await store.IngestAsync(download, blob.Digest, blob.Size, ct);
            reporter.State(TransferState.Done, blob.Size);
        }
        catch (ContentMismatchException e)
        {
            var error = new RegistryClientException(
                $"blob {blob.Digest} from {client.Registry}/{repository} does not match its digest: {e.Message}; the registry's copy is damaged, push the image again",
                code: RegistryErrorCodes.DigestInvalid, inner: e);
            reporter.State(TransferState.Failed, 0, error.Message);
            throw error;
        }
        catch (Exception e)
        {
            reporter.State(TransferState.Failed, 0, e.Message);
            throw;
        }
    }

    async Task StoreAsync(ManifestDocument document, CancellationToken ct)
    {
        if (store.Exists(document.Digest)) return;
        using var bytes = new MemoryStream(document.Bytes.ToArray(), writable: false);
        await store.IngestAsync(bytes, document.Digest, document.Bytes.Length, ct);
    }

    static Descriptor Describe(ManifestDocument document) =>
        new() { MediaType = document.MediaType, Digest = document.Digest, Size = document.Bytes.Length };
}
