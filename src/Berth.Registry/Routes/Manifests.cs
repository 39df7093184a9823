// GET, HEAD, PUT and DELETE /v2/<name>/manifests/<tag or digest>, with content negotiation on Accept.
using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

static class Manifests
{
    public static async Task GetAsync(RegistryRequest r, bool head)
    {
        CheckReference(r);
        var manifests = r.Storage.Manifests;
        var descriptor = await manifests.ResolveAsync(r.Name, r.Argument, r.Aborted) ?? throw Unknown(r);
        if (!Acceptable(r.Request.Headers.Accept, descriptor.MediaType))
            throw RegistryError.ManifestUnknown.With(
                $"manifest {r.Argument} is a {descriptor.MediaType}, which the request's Accept header does not allow");
        r.Response.ContentType = descriptor.MediaType;
        r.Response.ContentLength = descriptor.Size;
        r.Response.Headers["Docker-Content-Digest"] = descriptor.Digest.ToString();
        r.Response.Headers.ETag = $"\"{descriptor.Digest}\"";
        if (head) return;
        var bytes = await manifests.ReadAsync(descriptor, r.Aborted) ?? throw Unknown(r);
        await r.Response.Body.WriteAsync(bytes, r.Aborted);
    }

    public static async Task PutAsync(RegistryRequest r)
    {
        CheckReference(r);
        var body = await ReadBodyAsync(r.Request, ManifestStore.MaxManifestBytes, r.Aborted);
        var manifest = await r.Storage.Manifests.PutAsync(r.Name, r.Argument, body, r.Request.ContentType, r.Aborted);
        r.Response.Headers.Location = $"/v2/{r.Name}/manifests/{manifest.Digest}";
        r.Response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        if (manifest.Subject is { } subject) r.Response.Headers["OCI-Subject"] = subject.Digest.ToString();
        r.Response.ContentLength = 0;
        r.Response.StatusCode = StatusCodes.Status201Created;
    }

    public static async Task DeleteAsync(RegistryRequest r)
    {
        r.RequireDeletes("GET", "HEAD", "PUT");
        CheckReference(r);
        if (!await r.Storage.Manifests.DeleteAsync(r.Name, r.Argument, r.Aborted)) throw Unknown(r);
        r.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    static void CheckReference(RegistryRequest r)
    {
        if (r.Argument.Contains(':'))
        {
            if (!Digest.TryParse(r.Argument, out _, out var error)) throw RegistryError.DigestInvalid.With(error);
        }
        else if (!ImageReference.IsValidTag(r.Argument))
            throw RegistryError.ManifestInvalid.With($"\"{r.Argument}\" is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)");
    }

    /// <summary>No Accept header, a wildcard, or the exact media type lets the stored manifest through.</summary>
    static bool Acceptable(Microsoft.Extensions.Primitives.StringValues accept, string mediaType)
    {
        if (accept.Count == 0) return true;
        foreach (var value in accept)
            foreach (var part in (value ?? "").Split(','))
            {
                var type = part.Split(';')[0].Trim();
                if (type is "" or "*/*" or "application/*" || type.Equals(mediaType, StringComparison.OrdinalIgnoreCase)) return true;
            }
        return false;
    }

    static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw TooLarge(request.ContentLength.Value, limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(buffer.Length + read, limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static RegistryException TooLarge(long size, int limit) =>
        RegistryError.ManifestTooLarge.With($"manifest of {size} bytes is over this registry's limit of {limit} bytes");

    static RegistryException Unknown(RegistryRequest r) => r.Storage.Manifests.RepositoryExists(r.Name)
        ? RegistryError.ManifestUnknown.With($"manifest {r.Argument} is not in repository {r.Name}")
        : RegistryError.NameUnknown.With($"repository {r.Name} is not known to this registry");
}
