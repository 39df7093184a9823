// Blob uploads (monolithic, chunked, streamed, resumable). Data is appended under the repository's _uploads;
// the digest is computed as bytes arrive, and recomputed from disk when that state was lost (a restart).
using System.Buffers;
using System.Collections.Concurrent;
using Berth.Oci;
using Berth.Registry.Storage;

namespace Berth.Registry;

public sealed class UploadStore(IStorageDriver driver, BlobStore blobs)
{
    sealed class Session
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public Digester? Hash = new("sha256");
    }

    readonly ConcurrentDictionary<string, Session> _sessions = new();

    public static bool IsValidId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    public string Start(string name)
    {
        var id = Guid.NewGuid().ToString("N");
        driver.OpenAppend(RegistryLayout.UploadData(name, id)).Dispose();
        _sessions[Key(name, id)] = new Session();
        return id;
    }

    /// <summary>Bytes received so far, or null when there is no such upload.</summary>
    public long? Size(string name, string id) =>
        IsValidId(id) ? driver.Stat(RegistryLayout.UploadData(name, id))?.Size : null;

    /// <summary>Appends a chunk. <paramref name="start"/>, when given, must equal the current size (in-order chunks).</summary>
    public async Task<long> AppendAsync(string name, string id, Stream body, long? start, long? length, CancellationToken ct)
    {
        var session = _sessions.GetOrAdd(Key(name, id), _ => new Session { Hash = null });
        await session.Lock.WaitAsync(ct);
        try
        {
            var size = Size(name, id) ?? throw Unknown(name, id);
            if (start is { } s && s != size)
                throw RegistryError.RangeInvalid.With($"chunk starts at {s} but the upload has {size} bytes; send the chunk that starts at {size}",
                    RangeHeaders(name, id, size));
            if (session.Hash?.Length != size) session.Hash = null;
            await using (var file = driver.OpenAppend(RegistryLayout.UploadData(name, id)))
            {
                Stream sink = session.Hash is { } hash ? new DigestingStream(file, hash, leaveOpen: true) : file;
                await CopyInLargeWritesAsync(body, sink, ct);
                // A streamed chunk (no Content-Length) can disagree with its Content-Range only once it has
                // arrived: take it back, so the client's view of the upload (its Range) stays true.
                if (length is { } expected && file.Length - size != expected)
                {
                    var arrived = file.Length - size;
                    file.SetLength(size);
                    session.Hash = null;
                    throw RegistryError.SizeInvalid.With($"the chunk was declared as {expected} bytes but {arrived} arrived; it was not appended");
                }
            }
            var newSize = Size(name, id)!.Value;
            if (session.Hash?.Length != newSize) session.Hash = null;
            return newSize;
        }
        finally { session.Lock.Release(); }
    }

    /// <summary>Verifies the upload against <paramref name="expected"/>, commits it as a blob and links it.</summary>
    public async Task FinishAsync(string name, string id, Digest expected, CancellationToken ct)
    {
        var session = _sessions.GetOrAdd(Key(name, id), _ => new Session { Hash = null });
        await session.Lock.WaitAsync(ct);
        try
        {
            var size = Size(name, id) ?? throw Unknown(name, id);
            var actual = session.Hash is { } hash && hash.Length == size && expected.Algorithm == "sha256"
                ? hash.Current()
                : await DigestOnDiskAsync(name, id, expected.Algorithm, ct);
            if (actual != expected)
            {
                Cancel(name, id);
                throw RegistryError.DigestInvalid.With($"upload of {size} bytes has digest {actual}, not {expected}; the upload was discarded");
            }
            blobs.Commit(RegistryLayout.UploadData(name, id), expected);
            await blobs.LinkAsync(name, expected, ct);
            driver.Delete(RegistryLayout.Upload(name, id));
            _sessions.TryRemove(Key(name, id), out _);
        }
        finally { session.Lock.Release(); }
    }

    public bool Cancel(string name, string id)
    {
        _sessions.TryRemove(Key(name, id), out _);
        if (Size(name, id) is null) return false;
        driver.Delete(RegistryLayout.Upload(name, id));
        return true;
    }

    public static Dictionary<string, string> RangeHeaders(string name, string id, long size) => new()
    {
        ["Location"] = $"/v2/{name}/blobs/uploads/{id}",
        ["Range"] = $"0-{Math.Max(size - 1, 0)}",
        ["Docker-Upload-UUID"] = id,
    };

    /// <summary>Fills a pooled 1 MiB buffer before each write, so hashing and writing work on large spans.</summary>
    static async Task CopyInLargeWritesAsync(Stream body, Stream sink, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (true)
            {
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), ct)) > 0) filled += read;
                if (filled == 0) return;
                await sink.WriteAsync(buffer.AsMemory(0, filled), ct);
                if (filled < buffer.Length) return;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    async Task<Digest> DigestOnDiskAsync(string name, string id, string algorithm, CancellationToken ct)
    {
        await using var data = driver.OpenRead(RegistryLayout.UploadData(name, id)) ?? throw Unknown(name, id);
        return await Digest.ComputeAsync(data, algorithm, ct);
    }

    static RegistryException Unknown(string name, string id) =>
        RegistryError.BlobUploadUnknown.With($"no upload {id} in repository {name}; start a new one with POST /v2/{name}/blobs/uploads/");

    static string Key(string name, string id) => $"{name}\n{id}";
}
