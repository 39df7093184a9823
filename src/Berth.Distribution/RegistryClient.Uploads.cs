// Blob uploads: POST to open one (or to mount the blob from another repository), one streamed PATCH with the
// content, PUT ?digest= to commit it, DELETE to give it up.
using System.Net;
using System.Net.Http.Headers;
using Berth.Oci;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Opens an upload in <paramref name="repository"/>. With <paramref name="mount"/>, asks the registry to mount that
    /// blob from <paramref name="mountFrom"/> instead (or from anywhere, if null); a registry that cannot opens an upload.
    /// </summary>
    public async Task<UploadStart> StartUploadAsync(string repository, Digest? mount = null, string? mountFrom = null, CancellationToken ct = default)
    {
        var query = mount is { } d ? $"?mount={d}" + (mountFrom is null ? "" : $"&from={Uri.EscapeDataString(mountFrom)}") : "";
        var scopes = mountFrom is null ? Scopes.Push(repository) : Scopes.Mount(repository, mountFrom);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api($"v2/{repository}/blobs/uploads/{query}"))
        {
            Content = new ByteArrayContent([]),
        }, scopes, ct);
        if (mount is not null && response.StatusCode == HttpStatusCode.Created) return new UploadStart(Mounted: true, Location: null);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw await ErrorAsync(response, $"start an upload to {Registry}/{repository}", ct);
        return new UploadStart(Mounted: false, Location(response, $"start an upload to {Registry}/{repository}"));
    }

    /// <summary>Sends a blob's content to an upload in one streamed request; returns where the upload continues.</summary>
    /// <param name="open">Opens the content; called again if the request has to be sent again after an auth challenge.</param>
    public async Task<Uri> PatchUploadAsync(string repository, Uri location, Func<Stream> open, long length, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Patch, location)
        {
            Content = new StreamContent(open(), 1 << 16)
            {
                Headers = { ContentLength = length, ContentType = new MediaTypeHeaderValue("application/octet-stream") },
            },
        }, Scopes.Push(repository), ct);
        var what = $"upload to {Registry}/{repository}";
        if (response.StatusCode != HttpStatusCode.Accepted) throw await ErrorAsync(response, what, ct);
        return Location(response, what);
    }

    /// <summary>Commits an upload as <paramref name="digest"/>; the registry verifies the content before it is visible.</summary>
    public async Task CompleteUploadAsync(string repository, Uri location, Digest digest, CancellationToken ct = default)
    {
        var separator = location.Query.Length > 0 ? "&" : "?";
        var uri = new Uri($"{location.AbsoluteUri}{separator}digest={Uri.EscapeDataString(digest.ToString())}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent([]) },
            Scopes.Push(repository), ct);
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.OK) return;
        var error = await ErrorAsync(response, $"commit blob {digest} to {Registry}/{repository}", ct);
        throw error.Code == RegistryErrorCodes.DigestInvalid
            ? new RegistryClientException($"{error.Message}; the bytes changed on the way (or the local copy is damaged), so push again",
                error.StatusCode, error.Code)
            : error;
    }

    /// <summary>Gives up an upload so the registry can free it; a registry that already forgot it is fine.</summary>
    public async Task CancelUploadAsync(string repository, Uri location, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, location), Scopes.Push(repository), ct);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
            throw await ErrorAsync(response, $"cancel an upload to {Registry}/{repository}", ct);
    }

    Uri Location(HttpResponseMessage response, string what) =>
        response.Headers.TryGetValues("Location", out var values) && values.FirstOrDefault() is { Length: > 0 } location
            ? Resolve(location)
            : throw new RegistryClientException($"{what}: the registry answered {(int)response.StatusCode} without a Location for the upload",
                response.StatusCode, RegistryErrorCodes.BlobUploadInvalid);
}
