// Pushes an image from the content store: each blob the registry lacks is mounted from another repository or
// uploaded straight from the store, then the manifest; for an index, each platform's manifest before the index.
using Berth.Oci;

namespace Berth.Distribution;

public sealed class ImagePusher(RegistryClient client, ContentStore store, PushOptions? options = null)
{
    const int MaxManifestBytes = 4 << 20;

    readonly PushOptions _options = options ?? new PushOptions();

    /// <param name="manifest">An image manifest or an index in the store.</param>
    /// <param name="mountFrom">A repository of the same registry that may hold some of the blobs (the image's source).</param>
    public async Task<PushResult> PushAsync(Digest manifest, ImageReference destination, string? mountFrom = null,
        IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        if (destination.Registry != client.Registry)
            throw new ArgumentException($"{destination} is in registry {destination.Registry}, but this client talks to {client.Registry}", nameof(destination));
        if (destination.Digest is { } pinned && pinned != manifest)
            throw new ArgumentException($"{destination} names digest {pinned}, but the manifest to push is {manifest}", nameof(destination));

        var repository = destination.Repository;
        var tally = new Tally();
        var document = await ReadManifestAsync(manifest, ct);
        if (document.Index is { } index)
            foreach (var child in index.Manifests) await PushIndexEntryAsync(repository, document, child, mountFrom, progress, tally, ct);
        else await PushBlobsAsync(repository, document.Image!, mountFrom, progress, tally, ct);

        await client.PutManifestAsync(repository, destination.Tag ?? manifest.ToString(), document.Bytes, document.MediaType, ct);
        var descriptor = new Descriptor { MediaType = document.MediaType, Digest = manifest, Size = document.Bytes.Length };
        return new PushResult(destination, descriptor, tally.Uploaded, tally.Mounted, tally.Skipped);
    }

    async Task PushIndexEntryAsync(string repository, ManifestDocument index, Descriptor entry, string? mountFrom,
        IProgress<TransferProgress>? progress, Tally tally, CancellationToken ct)
    {
        if (store.Exists(entry.Digest))
        {
            var child = await ReadManifestAsync(entry.Digest, ct);
            if (child.Image is null)
                throw new InvalidOperationException($"index {index.Digest} lists {entry.Digest}, another index; Berth pushes one level of index only");
            await PushBlobsAsync(repository, child.Image, mountFrom, progress, tally, ct);
            await client.PutManifestAsync(repository, entry.Digest.ToString(), child.Bytes, child.MediaType, ct);
        }
        else if (!await client.ManifestExistsAsync(repository, entry.Digest, ct))
            throw new InvalidOperationException(
                $"index {index.Digest} lists manifest {entry.Digest} ({entry.Platform?.ToString() ?? "no platform"}), which is neither in the local store "
                + $"nor in {client.Registry}/{repository}; pull the image for every platform first, or push one platform's manifest");
    }

    async Task PushBlobsAsync(string repository, ImageManifest manifest, string? mountFrom, IProgress<TransferProgress>? progress,
        Tally tally, CancellationToken ct)
    {
        var reporters = manifest.Layers.Prepend(manifest.Config).DistinctBy(blob => blob.Digest).Select(blob => new BlobReporter(progress, blob)).ToList();
        foreach (var reporter in reporters) reporter.State(TransferState.Waiting, 0);
        var from = mountFrom == repository ? null : mountFrom;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentUploads, CancellationToken = ct };
        await Parallel.ForEachAsync(reporters, parallel, async (reporter, token) => await PushBlobAsync(repository, reporter, from, tally, token));
    }

    async Task PushBlobAsync(string repository, BlobReporter reporter, string? mountFrom, Tally tally, CancellationToken ct)
    {
        var blob = reporter.Blob;
        try
        {
            for (var failures = 0; ; )
            {
                Uri? upload = null;
                try
                {
                    if (await client.BlobExistsAsync(repository, blob.Digest, ct))
                    {
                        reporter.State(TransferState.Skipped, blob.Size);
                        Interlocked.Increment(ref tally.Skipped);
                        return;
                    }
                    // Checked only now: a blob the registry already has need not be in the local store.
                    if (!store.TryGetSize(blob.Digest, out var size) || size != blob.Size)
                        throw new InvalidOperationException($"blob {blob.Digest} ({blob.MediaType}) is not in the content store at {store.Root} with "
                            + $"{blob.Size} bytes, so the image is incomplete there; pull or build it again");
                    var start = await client.StartUploadAsync(repository, mountFrom is null ? null : blob.Digest, mountFrom, ct);
                    if (start.Mounted)
                    {
                        reporter.State(TransferState.Mounted, blob.Size);
                        Interlocked.Increment(ref tally.Mounted);
                        return;
                    }
                    upload = start.Location!;
                    reporter.State(TransferState.Uploading, 0);
                    if (size > 0)
                        upload = await client.PatchUploadAsync(repository, upload,
                            () => new ProgressStream(store.OpenRead(blob.Digest), sent => reporter.Bytes(TransferState.Uploading, sent)), size, ct);
                    reporter.State(TransferState.Verifying, size);
                    await client.CompleteUploadAsync(repository, upload, blob.Digest, ct);
                    reporter.State(TransferState.Done, size);
                    Interlocked.Increment(ref tally.Uploaded);
                    return;
                }
                catch (Exception e) when (!ct.IsCancellationRequested && Retry.IsTransient(e) && ++failures < _options.Attempts)
                {
                    if (upload is not null) await AbandonAsync(repository, upload, ct);
                    reporter.State(TransferState.Retrying, 0, e.Message);
                    await Task.Delay(Retry.Delay(_options.RetryDelay, failures), ct);
                }
            }
        }
        catch (Exception e)
        {
            reporter.State(TransferState.Failed, 0, e.Message);
            throw;
        }
    }

    // The retry opens a new upload; telling the registry to drop the old one is a courtesy it may not need.
    async Task AbandonAsync(string repository, Uri upload, CancellationToken ct)
    {
        try { await client.CancelUploadAsync(repository, upload, ct); }
        catch (RegistryClientException) { }
    }

    async Task<ManifestDocument> ReadManifestAsync(Digest digest, CancellationToken ct)
    {
        if (!store.TryGetSize(digest, out var size))
            throw new InvalidOperationException($"manifest {digest} is not in the content store at {store.Root}; build or pull the image first");
        if (size > MaxManifestBytes)
            throw new InvalidOperationException($"blob {digest} is {size} bytes, too large to be a manifest (at most {MaxManifestBytes})");
        var bytes = new byte[size];
        await using (var stream = store.OpenRead(digest)) await stream.ReadExactlyAsync(bytes, ct);
        var document = ManifestDocument.Parse(bytes, contentType: null, digest.Algorithm);
        return document.Digest == digest ? document
            : throw new InvalidOperationException($"blob {digest} in the content store at {store.Root} has digest {document.Digest}; the store is damaged");
    }

    sealed class Tally
    {
        public int Uploaded;
        public int Mounted;
        public int Skipped;
    }
}
