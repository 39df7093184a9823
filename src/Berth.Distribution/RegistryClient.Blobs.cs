// Blobs by digest: HEAD to see whether the registry has one, GET (from an offset, to resume) to download it.
// Verifying the content is the caller's job, as it streams into the content store.
using System.Net;
using System.Net.Http.Headers;
using Berth.Oci;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    public async Task<bool> BlobExistsAsync(string repository, Digest digest, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, BlobUri(repository, digest)), Scopes.Pull(repository), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, $"look up blob {digest} in {Registry}/{repository}", ct);
        return true;
    }

    /// <summary>Opens a blob for reading from <paramref name="offset"/> (a Range request); the content is not verified here.</summary>
    public async Task<BlobContent> OpenBlobAsync(string repository, Digest digest, long offset = 0, CancellationToken ct = default)
    {
        var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, BlobUri(repository, digest));
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, Scopes.Pull(repository), ct);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await ErrorAsync(response, $"download blob {digest} from {Registry}/{repository}", ct);
                throw error.Code == RegistryErrorCodes.BlobUnknown || (error.Code is null && error.StatusCode == HttpStatusCode.NotFound)
                    ? new RegistryClientException(
                        $"blob {digest} not found in {Registry}/{repository}: the image refers to content the registry does not have; push the image again",
                        HttpStatusCode.NotFound, RegistryErrorCodes.BlobUnknown)
                    : error;
            }
            var start = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.From ?? 0 : 0;
            return new BlobContent(response, await response.Content.ReadAsStreamAsync(ct), start);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    Uri BlobUri(string repository, Digest digest) => Api($"v2/{repository}/blobs/{digest}");
}
