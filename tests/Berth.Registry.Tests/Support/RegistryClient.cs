// The client side of the distribution API as a test drives it: raw requests for the error cases, and the
// push steps a real client takes (monolithic and chunked blob uploads, images, indexes) for the rest.
using System.Net;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Tests.Support;

/// <summary>A manifest in the registry: its descriptor, exact bytes, and what it references (blobs or child manifests).</summary>
public sealed record PushedManifest(string Repository, Descriptor Descriptor, byte[] Bytes, IReadOnlyList<Descriptor> References)
{
    public Digest Digest => Descriptor.Digest;
}

public sealed class RegistryClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        configure?.Invoke(request);
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, path, configure: configure);

    public Task<HttpResponseMessage> HeadAsync(string path) => SendAsync(HttpMethod.Head, path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<byte[]> GetBlobAsync(string repository, Digest digest)
    {
        using var response = await GetAsync($"/v2/{repository}/blobs/{digest}");
        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Pushes a blob in one POST (?digest=), the spec's monolithic upload.</summary>
    public async Task<Descriptor> PushBlobAsync(string repository, byte[] content, string mediaType = MediaTypes.OciLayerGzip)
    {
        var digest = Digest.Compute(content);
        using var response = await SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        await RegistryAssert.StatusAsync(response, HttpStatusCode.Created);
        return new Descriptor { MediaType = mediaType, Digest = digest, Size = content.Length };
    }

    /// <summary>Starts an upload session; returns its Location (a path).</summary>
    public async Task<string> StartUploadAsync(string repository)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/");
        await RegistryAssert.StatusAsync(response, HttpStatusCode.Accepted);
        return RegistryAssert.Location(response);
    }

    /// <summary>PATCHes a chunk; <paramref name="contentRange"/> is sent verbatim ("start-end", as the spec writes it).</summary>
    public Task<HttpResponseMessage> PatchAsync(string location, byte[] chunk, string? contentRange)
    {
        var content = new ByteArrayContent(chunk);
        if (contentRange is not null) content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return SendAsync(HttpMethod.Patch, location, content);
    }

    /// <summary>The final PUT of an upload, with an optional last chunk.</summary>
    public Task<HttpResponseMessage> FinishUploadAsync(string location, Digest? digest, HttpContent? content = null) =>
        SendAsync(HttpMethod.Put, digest is { } d ? WithQuery(location, $"digest={d}") : location, content ?? new ByteArrayContent([]));

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, byte[] manifest, string? contentType)
    {
        var content = new ByteArrayContent(manifest);
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return SendAsync(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}", content);
    }

    /// <summary>Pushes a manifest under <paramref name="tag"/>, or by its digest when the tag is null; expects 201.</summary>
    public async Task<PushedManifest> PushManifestAsync(string repository, string? tag, byte[] manifest, string mediaType,
        IReadOnlyList<Descriptor> references)
    {
        var digest = Digest.Compute(manifest);
        using var response = await PutManifestAsync(repository, tag ?? digest.ToString(), manifest, mediaType);
        await RegistryAssert.StatusAsync(response, HttpStatusCode.Created);
        var descriptor = new Descriptor { MediaType = mediaType, Digest = digest, Size = manifest.Length };
        return new PushedManifest(repository, descriptor, manifest, references);
    }

    /// <summary>
    /// Pushes an image's blobs, a unique config and the given layers (one random layer by default), with the
    /// media types of <paramref name="mediaType"/>'s family; returns the manifest to push and the blobs it references.
    /// </summary>
    public async Task<(byte[] Manifest, IReadOnlyList<Descriptor> Blobs)> PushImageBlobsAsync(string repository,
        string mediaType = MediaTypes.OciManifest, IReadOnlyList<byte[]>? layers = null, Descriptor? subject = null,
        string? artifactType = null, string? configMediaType = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var docker = mediaType == MediaTypes.DockerManifest;
        var config = await PushBlobAsync(repository, TestContent.Config(), configMediaType ?? (docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig));
        var pushed = new List<Descriptor>();
        foreach (var layer in layers ?? [TestContent.Random(1024)])
            pushed.Add(await PushBlobAsync(repository, layer, docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip));
        return (TestManifests.Image(config, pushed, mediaType, subject, artifactType, annotations), [config, .. pushed]);
    }

    /// <summary>Pushes an image (see <see cref="PushImageBlobsAsync"/>) and its manifest, under a tag or by digest.</summary>
    public async Task<PushedManifest> PushImageAsync(string repository, string? tag, string mediaType = MediaTypes.OciManifest,
        IReadOnlyList<byte[]>? layers = null, Descriptor? subject = null, string? artifactType = null, string? configMediaType = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var (manifest, blobs) = await PushImageBlobsAsync(repository, mediaType, layers, subject, artifactType, configMediaType, annotations);
        return await PushManifestAsync(repository, tag, manifest, mediaType, blobs);
    }

    public Task<PushedManifest> PushIndexAsync(string repository, string? tag, IReadOnlyList<PushedManifest> children,
        string mediaType = MediaTypes.OciIndex)
    {
        var descriptors = children.Select(c => c.Descriptor).ToList();
        return PushManifestAsync(repository, tag, TestManifests.Index(descriptors, mediaType), mediaType, descriptors);
    }

    /// <summary>Follows the Link headers of a tags or catalog list from <paramref name="firstPage"/>; returns every page.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ReadPagesAsync(string firstPage, string property)
    {
        var pages = new List<IReadOnlyList<string>>();
        for (string? next = firstPage; next is not null && pages.Count < 100;)
        {
            using var response = await GetAsync(next);
            await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            pages.Add(json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList());
            next = RegistryAssert.Header(response, "Link") is { } link ? NextPage(link) : null;
        }
        return pages;
    }

    /// <summary>The target of a Link header of the form <c>&lt;/v2/...&gt;; rel="next"</c>.</summary>
    public static string NextPage(string link)
    {
        Assert.EndsWith("; rel=\"next\"", link);
        Assert.StartsWith("<", link);
        return link[1..link.IndexOf('>')];
    }

    public static string WithQuery(string path, string query) => path + (path.Contains('?') ? "&" : "?") + query;
}
