// Manifests by tag or digest: GET with every manifest type in Accept (verified against the digest when pulled by
// digest), HEAD to see whether one exists, PUT with its media type. A missing tag is reported with the tags there are.
using System.Net;
using System.Net.Http.Headers;
using Berth.Oci;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>Distribution's own limit; a manifest is metadata, and a larger one is an attack or a mistake.</summary>
    const int MaxManifestBytes = 4 << 20;
    const int TagsShownWhenNotFound = 10;

    /// <param name="reference">A tag ("1.0") or a digest ("sha256:…").</param>
    /// <exception cref="RegistryClientException">Not found (with the tags there are), invalid, or not the digest asked for.</exception>
    public async Task<ManifestDocument> GetManifestAsync(string repository, string reference, CancellationToken ct = default)
    {
        var byDigest = Digest.TryParse(reference, out var digest);
        var image = $"{Registry}/{repository}{(byDigest ? "@" : ":")}{reference}";
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, repository, reference), Scopes.Pull(repository), ct);
        if (!response.IsSuccessStatusCode) throw await ManifestErrorAsync(response, repository, image, byDigest, ct);

        var bytes = await ReadBoundedAsync(response.Content, MaxManifestBytes, $"the manifest of {image}", ct);
        ManifestDocument document;
        try { document = ManifestDocument.Parse(bytes, response.Content.Headers.ContentType?.MediaType, byDigest ? digest.Algorithm : "sha256"); }
        catch (ManifestInvalidException e)
        {
            throw new RegistryClientException($"registry {Registry} sent an invalid manifest for {image}: {e.Message}",
                response.StatusCode, RegistryErrorCodes.ManifestInvalid, e);
        }
        if (byDigest && document.Digest != digest)
            throw new RegistryClientException(
                $"registry {Registry} sent a manifest whose digest is {document.Digest} for {image}; refusing it (the registry's copy is damaged or was tampered with)",
                response.StatusCode, RegistryErrorCodes.DigestInvalid);
        return document;
    }

    public async Task<bool> ManifestExistsAsync(string repository, Digest digest, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Head, repository, digest.ToString()), Scopes.Pull(repository), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, $"look up manifest {digest} in {Registry}/{repository}", ct);
        return true;
    }

    /// <summary>Stores <paramref name="manifest"/> under <paramref name="reference"/> (a tag or its digest); returns its digest.</summary>
    public async Task<Digest> PutManifestAsync(string repository, string reference, ReadOnlyMemory<byte> manifest, string mediaType,
        CancellationToken ct = default)
    {
        var digest = Digest.Compute(manifest.Span);
        var what = $"push manifest {digest} to {Registry}/{repository}:{reference}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, Api($"v2/{repository}/manifests/{reference}"))
        {
            Content = new ReadOnlyMemoryContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }, Scopes.Push(repository), ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ErrorAsync(response, what, ct);
            throw error.Code == RegistryErrorCodes.ManifestBlobUnknown
                ? new RegistryClientException($"{error.Message}; the registry lacks a blob or manifest it references, so push those first",
                    error.StatusCode, error.Code)
                : error;
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.First(), out var stored)
            && stored.Algorithm == digest.Algorithm && stored != digest)
            throw new RegistryClientException($"{what}: the registry stored it as {stored}, not as the digest of the bytes sent", code: RegistryErrorCodes.DigestInvalid);
        return digest;
    }

    HttpRequestMessage ManifestRequest(HttpMethod method, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, Api($"v2/{repository}/manifests/{reference}"));
        foreach (var type in MediaTypes.AllManifests) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    async Task<RegistryClientException> ManifestErrorAsync(HttpResponseMessage response, string repository, string image, bool byDigest,
        CancellationToken ct)
    {
        var error = await ErrorAsync(response, $"pull {image}", ct);
        if (error.Code == RegistryErrorCodes.NameUnknown) return RepositoryNotFound(repository, image);
        if (error.Code != RegistryErrorCodes.ManifestUnknown && error.StatusCode != HttpStatusCode.NotFound) return error;
        if (byDigest)
            return new RegistryClientException($"image \"{image}\" not found: {Registry}/{repository} has no manifest with that digest",
                HttpStatusCode.NotFound, RegistryErrorCodes.ManifestUnknown);

        IReadOnlyList<string> tags;
        try { tags = await ListTagsAsync(repository, ct); }
        catch (RegistryClientException e) when (e.Code == RegistryErrorCodes.NameUnknown) { return RepositoryNotFound(repository, image); }
        catch (RegistryClientException) { return new RegistryClientException($"image \"{image}\" not found", HttpStatusCode.NotFound, RegistryErrorCodes.ManifestUnknown); }

        var sorted = tags.Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", sorted.Take(TagsShownWhenNotFound))
            + (sorted.Count > TagsShownWhenNotFound ? $", … ({sorted.Count - TagsShownWhenNotFound} more)" : "");
        var message = sorted.Count == 0
            ? $"image \"{image}\" not found ({Registry}/{repository} has no tags)"
            : $"image \"{image}\" not found (tags in {Registry}/{repository}: {shown})";
        return new RegistryClientException(message, HttpStatusCode.NotFound, RegistryErrorCodes.ManifestUnknown);
    }

    RegistryClientException RepositoryNotFound(string repository, string image) =>
        new($"image \"{image}\" not found: repository {Registry}/{repository} does not exist (check the name, or push it first)",
            HttpStatusCode.NotFound, RegistryErrorCodes.NameUnknown);
}
