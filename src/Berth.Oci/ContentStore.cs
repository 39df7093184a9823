// Content-addressed blobs on disk (<root>/blobs/<alg>/<hex>): the one place pulled, pushed and built content lands.
// A blob is streamed to <root>/ingest/, verified, fsynced and renamed into place, so a stored blob always matches its digest.
using System.Buffers;

namespace Berth.Oci;

public sealed class ContentStore
{
    /// <summary>Ingest files untouched for this long belong to a crashed or abandoned writer.</summary>
    public static readonly TimeSpan StaleIngestAge = TimeSpan.FromHours(1);

    readonly string _blobs;
    readonly string _ingest;

    public ContentStore(string root)
    {
        Root = Path.GetFullPath(root);
        _blobs = Path.Combine(Root, "blobs");
        _ingest = Path.Combine(Root, "ingest");
    }

    public string Root { get; }

    public string PathFor(Digest digest)
    {
        if (digest.Algorithm is null) throw new ArgumentException("digest is empty", nameof(digest));
        return Path.Combine(_blobs, digest.Algorithm, digest.Hex);
    }

    public bool Exists(Digest digest) => File.Exists(PathFor(digest));

    public bool TryGetSize(Digest digest, out long size)
    {
        var file = new FileInfo(PathFor(digest));
        size = file.Exists ? file.Length : 0;
        return file.Exists;
    }

    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathFor(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(digest, Root);
        }
    }

    /// <summary>
    /// Streams <paramref name="content"/> into the store, hashing it on the way, and commits it only if it matches
    /// <paramref name="expected"/> and <paramref name="expectedSize"/> (when given). Ingesting content that is
    /// already stored, even concurrently, succeeds and keeps one copy.
    /// </summary>
    /// <exception cref="ContentMismatchException">The content's digest or size is not the expected one; nothing is stored.</exception>
    public async Task<BlobInfo> IngestAsync(Stream content, Digest? expected = null, long? expectedSize = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(_ingest);
        var algorithm = expected?.Algorithm ?? "sha256";
        var temp = Path.Combine(_ingest, $"{algorithm}-{expected?.Hex ?? "unknown"}-{Guid.NewGuid():N}");
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var digester = new Digester(algorithm);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    // Stop at the first byte past the announced size rather than storing an oversized upload.
                    if (digester.Length + read > expectedSize)
                        throw new ContentMismatchException(expected, null, expectedSize, digester.Length + read);
                    digester.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                file.Flush(flushToDisk: true);
            }
            var actual = digester.Finish();
            var size = digester.Length;
            if ((expected is { } d && d != actual) || (expectedSize is { } s && s != size))
                throw new ContentMismatchException(expected, actual, expectedSize, size);

            // A concurrent ingest of the same content may have committed first; the blob is identical, so keep theirs.
            if (File.Exists(PathFor(actual))) File.Delete(temp);
            else AtomicFile.Commit(temp, PathFor(actual));
            return new BlobInfo(actual, size);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Removes a blob; false if it was not there.</summary>
    public bool Delete(Digest digest)
    {
        var path = PathFor(digest);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    public IEnumerable<BlobInfo> List()
    {
        if (!Directory.Exists(_blobs)) yield break;
        foreach (var algorithm in new DirectoryInfo(_blobs).EnumerateDirectories())
            foreach (var file in algorithm.EnumerateFiles())
                if (Digest.TryParse($"{algorithm.Name}:{file.Name}", out var digest))
                    yield return new BlobInfo(digest, file.Length);
    }

    /// <summary>Deletes ingest files not written to for <paramref name="olderThan"/> (default an hour); returns how many.</summary>
    public int CleanIngest(TimeSpan? olderThan = null)
    {
        if (!Directory.Exists(_ingest)) return 0;
        var cutoff = DateTime.UtcNow - (olderThan ?? StaleIngestAge);
        var removed = 0;
        foreach (var file in new DirectoryInfo(_ingest).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff) continue;
            file.Delete();
            removed++;
        }
        return removed;
    }
}

/// <summary>A stored blob: what a descriptor needs besides the media type.</summary>
public sealed record BlobInfo(Digest Digest, long Size);

public sealed class ContentMismatchException(Digest? expected, Digest? actual, long? expectedSize, long actualSize)
    : Exception(Describe(expected, actual, expectedSize, actualSize))
{
    public Digest? Expected => expected;
    /// <summary>Null when ingest stopped early because the content ran past <see cref="ExpectedSize"/>.</summary>
    public Digest? Actual => actual;
    public long? ExpectedSize => expectedSize;
    /// <summary>The bytes received, or (when <see cref="Actual"/> is null) how far they got before ingest stopped.</summary>
    public long ActualSize => actualSize;

    static string Describe(Digest? expected, Digest? actual, long? expectedSize, long actualSize)
    {
        if (actual is null) return $"content is larger than the expected {expectedSize} bytes (got at least {actualSize}); nothing was stored";
        if (expectedSize is { } size && size != actualSize)
            return $"content {actual} has {actualSize} bytes but {size} were expected{(expected is { } e ? $" for {e}" : "")}; nothing was stored";
        return $"content digest is {actual} ({actualSize} bytes) but {expected} was expected; nothing was stored";
    }
}

public sealed class BlobNotFoundException(Digest digest, string root)
    : Exception($"blob {digest} not found in the content store at {root}")
{
    public Digest Digest => digest;
}
