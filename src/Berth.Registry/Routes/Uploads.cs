// /v2/<name>/blobs/uploads/[<id>]: start (with monolithic and cross-repository mount forms), chunked PATCH,
// status, final PUT and cancel, as the distribution spec describes them.
using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

static class Uploads
{
    public static async Task StartAsync(RegistryRequest r)
    {
        var blobs = r.Storage.Blobs;
        if (r.Query("mount") is { } mountText)
        {
            var mount = ParseDigest(mountText);
            var from = r.Query("from");
            if (from is not null && !Oci.ImageReference.IsValidRepositoryName(from))
                throw RegistryError.NameInvalid.With($"from=\"{from}\" is not a valid repository name");
            // Without "from" the spec lets the registry mount any blob it already has.
            if (from is null ? blobs.Exists(mount) : blobs.IsLinked(from, mount))
            {
                blobs.Touch(mount);
                await blobs.LinkAsync(r.Name, mount, r.Aborted);
                Created(r, mount);
                return;
            }
        }
        if (r.Query("digest") is { } digestText)
        {
            var digest = ParseDigest(digestText);
            var uploads = r.Storage.Uploads;
            var monolithic = uploads.Start(r.Name);
            try
            {
                await uploads.AppendAsync(r.Name, monolithic, r.Request.Body, null, r.Request.ContentLength, r.Aborted);
                await uploads.FinishAsync(r.Name, monolithic, digest, r.Aborted);
            }
            catch
            {
                uploads.Cancel(r.Name, monolithic);
                throw;
            }
            Created(r, digest);
            return;
        }
        var id = r.Storage.Uploads.Start(r.Name);
        Accepted(r, id, 0);
    }

    public static async Task PatchAsync(RegistryRequest r)
    {
        var id = RequireUpload(r);
        var (start, length) = ParseContentRange(r);
        var size = await r.Storage.Uploads.AppendAsync(r.Name, id, r.Request.Body, start, length, r.Aborted);
        Accepted(r, id, size);
    }

    public static async Task PutAsync(RegistryRequest r)
    {
        var id = RequireUpload(r);
        var digest = ParseDigest(r.Query("digest")
            ?? throw RegistryError.DigestInvalid.With("the final PUT of an upload needs ?digest=<digest of the whole blob>"));
        if (r.Request.ContentLength is not 0)
        {
            var (start, length) = ParseContentRange(r);
            await r.Storage.Uploads.AppendAsync(r.Name, id, r.Request.Body, start, length, r.Aborted);
        }
        await r.Storage.Uploads.FinishAsync(r.Name, id, digest, r.Aborted);
        Created(r, digest);
    }

    public static Task StatusAsync(RegistryRequest r)
    {
        var id = RequireUpload(r);
        var size = r.Storage.Uploads.Size(r.Name, id)!.Value;
        foreach (var (key, value) in UploadStore.RangeHeaders(r.Name, id, size)) r.Response.Headers[key] = value;
        r.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static Task CancelAsync(RegistryRequest r)
    {
        var id = RequireUpload(r);
        r.Storage.Uploads.Cancel(r.Name, id);
        r.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    static string RequireUpload(RegistryRequest r)
    {
        if (r.Storage.Uploads.Size(r.Name, r.Argument) is null)
            throw RegistryError.BlobUploadUnknown.With($"no upload \"{r.Argument}\" in repository {r.Name}; start one with POST /v2/{r.Name}/blobs/uploads/");
        return r.Argument;
    }

    /// <summary>Content-Range "start-end" (the spec's form; "bytes " prefixes are tolerated) and Content-Length.</summary>
    static (long? Start, long? Length) ParseContentRange(RegistryRequest r)
    {
        var length = r.Request.ContentLength;
        var header = r.Request.Headers.ContentRange.ToString();
        if (header.Length == 0) return (null, length);
        var text = header.StartsWith("bytes", StringComparison.OrdinalIgnoreCase) ? header[5..].TrimStart(' ', '=') : header;
        var dash = text.IndexOf('-');
        var slash = text.IndexOf('/');
        if (slash >= 0) text = text[..slash];
        if (dash <= 0 || !long.TryParse(text[..dash], out var start) || !long.TryParse(text[(dash + 1)..], out var end) || end < start || start < 0)
        {
            var size = r.Storage.Uploads.Size(r.Name, r.Argument) ?? 0;
            throw RegistryError.RangeInvalid.With($"Content-Range \"{header}\" is not of the form <start>-<end>", UploadStore.RangeHeaders(r.Name, r.Argument, size));
        }
        if (length is { } l && l != end - start + 1)
            throw RegistryError.SizeInvalid.With($"Content-Range {start}-{end} is {end - start + 1} bytes but Content-Length is {l}");
        return (start, end - start + 1);
    }

    static Digest ParseDigest(string text) =>
        Digest.TryParse(text, out var digest, out var error) ? digest : throw RegistryError.DigestInvalid.With(error);

    static void Accepted(RegistryRequest r, string id, long size)
    {
        foreach (var (key, value) in UploadStore.RangeHeaders(r.Name, id, size)) r.Response.Headers[key] = value;
        r.Response.ContentLength = 0;
        r.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    static void Created(RegistryRequest r, Digest digest)
    {
        r.Response.Headers.Location = $"/v2/{r.Name}/blobs/{digest}";
        r.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        r.Response.ContentLength = 0;
        r.Response.StatusCode = StatusCodes.Status201Created;
    }
}
