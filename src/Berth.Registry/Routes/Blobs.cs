// GET, HEAD and DELETE /v2/<name>/blobs/<digest>: blob content with Range support, and unlinking.
using System.IO.Pipelines;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

static class Blobs
{
    public static async Task GetAsync(RegistryRequest r, bool head)
    {
        var digest = r.ArgumentDigest(RegistryError.DigestInvalid);
        var size = r.Storage.Blobs.LinkedSize(r.Name, digest)
            ?? throw RegistryError.BlobUnknown.With($"blob {digest} is not in repository {r.Name}");
        r.Storage.Blobs.Touch(digest);
        var (offset, length) = (0L, size);
        if (r.Request.Headers.Range.ToString() is { Length: > 0 } range)
        {
            (offset, length) = ParseRange(range, size)
                ?? throw RegistryError.RangeInvalid.With($"range \"{range}\" is not satisfiable for a blob of {size} bytes",
                    new Dictionary<string, string> { ["Content-Range"] = $"bytes */{size}" });
            r.Response.StatusCode = StatusCodes.Status206PartialContent;
            r.Response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{size}";
        }
        r.Response.ContentType = "application/octet-stream";
        r.Response.ContentLength = length;
        r.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        r.Response.Headers.ETag = $"\"{digest}\"";
        r.Response.Headers.AcceptRanges = "bytes";
        if (head) return;
        await using var stream = r.Storage.Blobs.OpenRead(digest)
            ?? throw RegistryError.BlobUnknown.With($"blob {digest} was deleted while it was requested");
        stream.Seek(offset, SeekOrigin.Begin);
        await CopyAsync(stream, r.Response.BodyWriter, length, r.Aborted);
    }

    public static Task DeleteAsync(RegistryRequest r)
    {
        r.RequireDeletes("GET", "HEAD");
        var digest = r.ArgumentDigest(RegistryError.DigestInvalid);
        if (!r.Storage.Blobs.Unlink(r.Name, digest))
            throw RegistryError.BlobUnknown.With($"blob {digest} is not in repository {r.Name}");
        r.Response.StatusCode = StatusCodes.Status202Accepted;
        r.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        return Task.CompletedTask;
    }

    /// <summary>A single byte range (bytes=a-b, bytes=a-, bytes=-n) as offset and length; null when unsatisfiable.</summary>
    static (long Offset, long Length)? ParseRange(string header, long size)
    {
        if (!RangeHeaderValue.TryParse(header, out var parsed) || parsed.Unit != "bytes" || parsed.Ranges.Count != 1) return null;
        var range = parsed.Ranges.First();
        long from, to;
        if (range.From is { } f) (from, to) = (f, Math.Min(range.To ?? size - 1, size - 1));
        else if (range.To is { } suffix && suffix > 0) (from, to) = (Math.Max(size - suffix, 0), size - 1);
        else return null;
        return from < size && from <= to ? (from, to - from + 1) : null;
    }

    /// <summary>Reads the blob straight into the response's buffers (one copy fewer than Stream.CopyTo).</summary>
    static async Task CopyAsync(Stream source, PipeWriter destination, long length, CancellationToken ct)
    {
        while (length > 0)
        {
            var memory = destination.GetMemory((int)Math.Min(length, 256 << 10));
            var read = await source.ReadAsync(memory[..(int)Math.Min(memory.Length, length)], ct);
            if (read == 0) throw new IOException("blob ended before its size");
            destination.Advance(read);
            length -= read;
            var flushed = await destination.FlushAsync(ct);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }
}
