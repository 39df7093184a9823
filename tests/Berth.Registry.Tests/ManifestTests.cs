// /v2/<name>/manifests/<reference>: push and pull of the four manifest kinds, content negotiation, the
// validation errors, deletes by tag and by digest, and repository-name checks (shared by every route).
using System.Net;
using System.Text;
using Berth.Oci;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class ManifestTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    RegistryClient Client => fixture.Client;

    [Theory]
    [InlineData(MediaTypes.OciManifest)]
    [InlineData(MediaTypes.OciIndex)]
    [InlineData(MediaTypes.DockerManifest)]
    [InlineData(MediaTypes.DockerManifestList)]
    public async Task Manifest_put_by_tag_is_201_and_readable_by_tag_and_digest_with_its_media_type(string mediaType)
    {
        var repository = $"manifests/kind-{mediaType.Split('.')[^1].Replace('+', '-')}";
        var body = await DocumentAsync(repository, mediaType);
        var digest = Digest.Compute(body);

        using var put = await Client.PutManifestAsync(repository, "v1", body, mediaType);

        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal($"/v2/{repository}/manifests/{digest}", RegistryAssert.Location(put));
        Assert.Equal(digest.ToString(), RegistryAssert.Header(put, "Docker-Content-Digest"));
        foreach (var reference in new[] { "v1", digest.ToString() })
        {
            using var get = await Client.GetAsync($"/v2/{repository}/manifests/{reference}");
            await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
            Assert.Equal(mediaType, get.Content.Headers.ContentType?.MediaType);
            Assert.Equal(digest.ToString(), RegistryAssert.Header(get, "Docker-Content-Digest"));
            Assert.Equal(body.Length, get.Content.Headers.ContentLength);
            Assert.Equal(body, await get.Content.ReadAsByteArrayAsync());

            using var head = await Client.HeadAsync($"/v2/{repository}/manifests/{reference}");
            await RegistryAssert.StatusAsync(head, HttpStatusCode.OK);
            Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(digest.ToString(), RegistryAssert.Header(head, "Docker-Content-Digest"));
            Assert.Equal(body.Length, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Manifest_without_content_type_is_stored_as_its_media_type_field()
    {
        var (body, _) = await Client.PushImageBlobsAsync("manifests/no-content-type", MediaTypes.DockerManifest);

        using (var put = await Client.PutManifestAsync("manifests/no-content-type", "v1", body, contentType: null))
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);

        using var get = await Client.GetAsync("/v2/manifests/no-content-type/manifests/v1");
        Assert.Equal(MediaTypes.DockerManifest, get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Put_by_digest_stores_the_manifest_without_tagging_it()
    {
        var (body, _) = await Client.PushImageBlobsAsync("manifests/by-digest");
        var digest = Digest.Compute(body);

        using var put = await Client.PutManifestAsync("manifests/by-digest", digest.ToString(), body, MediaTypes.OciManifest);

        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(digest.ToString(), RegistryAssert.Header(put, "Docker-Content-Digest"));
        using var get = await Client.GetAsync($"/v2/manifests/by-digest/manifests/{digest}");
        await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        var pages = await Client.ReadPagesAsync("/v2/manifests/by-digest/tags/list", "tags");
        Assert.Empty(Assert.Single(pages));
    }

    [Fact]
    public async Task Put_by_digest_with_a_different_digest_is_DIGEST_INVALID()
    {
        var (body, _) = await Client.PushImageBlobsAsync("manifests/wrong-digest");
        var other = Digest.Compute(Encoding.UTF8.GetBytes("something else"));

        using var put = await Client.PutManifestAsync("manifests/wrong-digest", other.ToString(), body, MediaTypes.OciManifest);

        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var get = await Client.GetAsync($"/v2/manifests/wrong-digest/manifests/{Digest.Compute(body)}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Manifest_referencing_a_blob_the_repository_does_not_have_is_MANIFEST_BLOB_UNKNOWN()
    {
        var config = await Client.PushBlobAsync("manifests/missing-blob", TestContent.Config(), MediaTypes.OciConfig);
        var neverPushed = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute(TestContent.Random(16)), Size = 16 };
        var elsewhere = await Client.PushBlobAsync("manifests/other-repository", TestContent.Random(16));

        foreach (var layer in new[] { neverPushed, elsewhere })
        {
            using var put = await Client.PutManifestAsync("manifests/missing-blob", "v1", TestManifests.Image(config, [layer]), MediaTypes.OciManifest);
            await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        }
        using var get = await Client.GetAsync("/v2/manifests/missing-blob/manifests/v1");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Index_referencing_an_unknown_manifest_is_MANIFEST_BLOB_UNKNOWN()
    {
        var known = await Client.PushImageAsync("manifests/index-unknown", tag: null);
        var unknown = known.Descriptor with { Digest = Digest.Compute(TestContent.Random(32)) };

        using var put = await Client.PutManifestAsync("manifests/index-unknown", "v1",
            TestManifests.Index([known.Descriptor, unknown]), MediaTypes.OciIndex);

        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""")]
    [InlineData("""{"schemaVersion":3,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":{}}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2},"layers":[]}""")]
    public async Task Invalid_manifest_is_MANIFEST_INVALID(string body)
    {
        using var put = await Client.PutManifestAsync("manifests/invalid", "v1", Encoding.UTF8.GetBytes(body), MediaTypes.OciManifest);
        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task Content_type_disagreeing_with_the_media_type_field_is_MANIFEST_INVALID()
    {
        var (body, _) = await Client.PushImageBlobsAsync("manifests/mismatch", MediaTypes.OciManifest);

        using var put = await Client.PutManifestAsync("manifests/mismatch", "v1", body, MediaTypes.DockerManifest);

        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(MediaTypes.DockerSchema1Signed)]
    [InlineData(MediaTypes.DockerSchema1)]
    public async Task Schema_1_manifest_is_rejected_as_an_unsupported_media_type(string? contentType)
    {
        var body = """{"schemaVersion":1,"name":"manifests/schema1","tag":"v1","architecture":"amd64","fsLayers":[],"history":[]}""";

        using var put = await Client.PutManifestAsync("manifests/schema1", "v1", Encoding.UTF8.GetBytes(body), contentType);

        await RegistryAssert.ErrorAsync(put, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED");
        using var get = await Client.GetAsync("/v2/manifests/schema1/manifests/v1");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Manifest_over_4_MiB_is_413(bool streamed)
    {
        var body = new byte[(4 << 20) + 1];
        HttpContent content = streamed ? new ChunkedContent(body, 1 << 16) : new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", MediaTypes.OciManifest);

        using var put = await Client.SendAsync(HttpMethod.Put, "/v2/manifests/too-large/manifests/v1", content);

        await RegistryAssert.ErrorAsync(put, HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
    }

    [Fact]
    public async Task Manifest_of_exactly_4_MiB_is_accepted()
    {
        var (manifest, _) = await Client.PushImageBlobsAsync("manifests/four-mib");
        // JSON allows trailing whitespace, so padding keeps the manifest valid at any size.
        var body = new byte[4 << 20];
        Array.Fill(body, (byte)' ');
        manifest.CopyTo(body, 0);

        using var put = await Client.PutManifestAsync("manifests/four-mib", "v1", body, MediaTypes.OciManifest);

        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(Digest.Compute(body).ToString(), RegistryAssert.Header(put, "Docker-Content-Digest"));
    }

    [Theory]
    [InlineData(MediaTypes.DockerManifest, HttpStatusCode.NotFound)]
    [InlineData(MediaTypes.DockerManifest + ", " + MediaTypes.DockerManifestList, HttpStatusCode.NotFound)]
    [InlineData("text/html", HttpStatusCode.NotFound)]
    [InlineData("*/*", HttpStatusCode.OK)]
    [InlineData(MediaTypes.OciManifest, HttpStatusCode.OK)]
    [InlineData(MediaTypes.DockerManifest + ", " + MediaTypes.OciManifest, HttpStatusCode.OK)]
    [InlineData(MediaTypes.DockerManifest + ";q=1.0, " + MediaTypes.OciManifest + ";q=0.5", HttpStatusCode.OK)]
    public async Task Oci_manifest_is_served_only_when_the_accept_header_allows_it(string accept, HttpStatusCode expected)
    {
        var image = await Client.PushImageAsync("manifests/accept", "v1");

        using var get = await Client.GetAsync("/v2/manifests/accept/manifests/v1", r => r.Headers.TryAddWithoutValidation("Accept", accept));

        if (expected == HttpStatusCode.OK)
        {
            await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
            Assert.Equal(MediaTypes.OciManifest, get.Content.Headers.ContentType?.MediaType);
            Assert.Equal(image.Bytes, await get.Content.ReadAsByteArrayAsync());
        }
        else await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Theory]
    [InlineData("GET", "no-such-tag")]
    [InlineData("HEAD", "no-such-tag")]
    [InlineData("GET", "sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("DELETE", "sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("DELETE", "no-such-tag")]
    public async Task Unknown_manifest_is_MANIFEST_UNKNOWN_in_a_known_repository_and_NAME_UNKNOWN_in_an_unknown_one(string method, string reference)
    {
        await Client.PushImageAsync("manifests/known", "v1");

        using var known = await Client.SendAsync(new HttpMethod(method), $"/v2/manifests/known/manifests/{reference}");
        await RegistryAssert.ErrorAsync(known, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var unknown = await Client.SendAsync(new HttpMethod(method), $"/v2/manifests/never-pushed/manifests/{reference}");
        await RegistryAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task Malformed_digest_reference_is_DIGEST_INVALID(string reference)
    {
        using var get = await Client.GetAsync($"/v2/manifests/malformed/manifests/{reference}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("-starts-with-dash")]
    [InlineData(".starts-with-dot")]
    [InlineData("has%20space")]
    public async Task Invalid_tag_is_MANIFEST_INVALID(string tag)
    {
        var (body, _) = await Client.PushImageBlobsAsync("manifests/bad-tag");
        using var put = await Client.PutManifestAsync("manifests/bad-tag", tag, body, MediaTypes.OciManifest);
        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Theory]
    [InlineData("GET", "/v2/{0}/manifests/latest")]
    [InlineData("PUT", "/v2/{0}/manifests/latest")]
    [InlineData("GET", "/v2/{0}/blobs/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("POST", "/v2/{0}/blobs/uploads/")]
    [InlineData("GET", "/v2/{0}/tags/list")]
    [InlineData("GET", "/v2/{0}/referrers/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public async Task Invalid_repository_name_is_NAME_INVALID_on_every_route(string method, string pathFormat)
    {
        // "/../" itself never reaches the registry: clients and Kestrel resolve dot segments first.
        foreach (var name in new[] { "Uppercase/app", "team/App", "foo..bar", "a//b", "trailing-", "_leading", "a/b/" })
        {
            using var response = await Client.SendAsync(new HttpMethod(method), string.Format(pathFormat, name), new ByteArrayContent([]));
            await RegistryAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
        }
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("Upper")]
    public async Task Mount_from_an_invalid_repository_name_is_NAME_INVALID(string from)
    {
        using var mount = await Client.SendAsync(HttpMethod.Post,
            $"/v2/manifests/mount/blobs/uploads/?mount=sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855&from={Uri.EscapeDataString(from)}");
        await RegistryAssert.ErrorAsync(mount, HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task Delete_by_digest_removes_the_manifest_and_every_tag_pointing_at_it()
    {
        var image = await Client.PushImageAsync("manifests/delete-digest", "a");
        using (var second = await Client.PutManifestAsync("manifests/delete-digest", "b", image.Bytes, MediaTypes.OciManifest))
            await RegistryAssert.StatusAsync(second, HttpStatusCode.Created);
        await Client.PushImageAsync("manifests/delete-digest", "other");

        using var delete = await Client.DeleteAsync($"/v2/manifests/delete-digest/manifests/{image.Digest}");

        await RegistryAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        foreach (var reference in new[] { "a", "b", image.Digest.ToString() })
        {
            using var get = await Client.GetAsync($"/v2/manifests/delete-digest/manifests/{reference}");
            await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }
        var pages = await Client.ReadPagesAsync("/v2/manifests/delete-digest/tags/list", "tags");
        Assert.Equal(["other"], Assert.Single(pages));
    }

    [Fact]
    public async Task Delete_by_tag_removes_only_the_tag()
    {
        var image = await Client.PushImageAsync("manifests/delete-tag", "a");
        using (var second = await Client.PutManifestAsync("manifests/delete-tag", "b", image.Bytes, MediaTypes.OciManifest))
            await RegistryAssert.StatusAsync(second, HttpStatusCode.Created);

        using var delete = await Client.DeleteAsync("/v2/manifests/delete-tag/manifests/a");

        await RegistryAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        using (var gone = await Client.GetAsync("/v2/manifests/delete-tag/manifests/a"))
            await RegistryAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        foreach (var reference in new[] { "b", image.Digest.ToString() })
        {
            using var get = await Client.GetAsync($"/v2/manifests/delete-tag/manifests/{reference}");
            await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        }
        foreach (var blob in image.References)
            Assert.Equal(blob.Size, (await Client.GetBlobAsync("manifests/delete-tag", blob.Digest)).Length);
    }

    [Fact]
    public async Task Put_of_a_manifest_with_a_subject_answers_with_OCI_Subject_and_one_without_does_not()
    {
        var subject = await Client.PushImageAsync("manifests/subject", "v1");
        var (withSubject, _) = await Client.PushImageBlobsAsync("manifests/subject", subject: subject.Descriptor, artifactType: "application/vnd.example.sbom");
        var (withoutSubject, _) = await Client.PushImageBlobsAsync("manifests/subject");

        using var put = await Client.PutManifestAsync("manifests/subject", Digest.Compute(withSubject).ToString(), withSubject, MediaTypes.OciManifest);
        using var plain = await Client.PutManifestAsync("manifests/subject", "v2", withoutSubject, MediaTypes.OciManifest);

        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(subject.Digest.ToString(), RegistryAssert.Header(put, "OCI-Subject"));
        await RegistryAssert.StatusAsync(plain, HttpStatusCode.Created);
        Assert.Null(RegistryAssert.Header(plain, "OCI-Subject"));
    }

    [Fact]
    public async Task Deletes_are_405_UNSUPPORTED_when_disabled_and_nothing_is_removed()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with { DeleteEnabled = false });
        var image = await registry.Client.PushImageAsync("manifests/keep", "v1");

        foreach (var (path, allow) in new[]
        {
            ("/v2/manifests/keep/manifests/v1", "GET, HEAD, PUT"),
            ($"/v2/manifests/keep/manifests/{image.Digest}", "GET, HEAD, PUT"),
            ($"/v2/manifests/keep/blobs/{image.References[1].Digest}", "GET, HEAD"),
        })
        {
            using var delete = await registry.Client.DeleteAsync(path);
            await RegistryAssert.MethodNotAllowedAsync(delete, allow);
            using var get = await registry.Client.GetAsync(path);
            await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Other_methods_on_a_manifest_are_405_UNSUPPORTED_with_allow(string method)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), "/v2/manifests/methods/manifests/latest", new ByteArrayContent([]));
        await RegistryAssert.MethodNotAllowedAsync(response, "GET, HEAD, PUT, DELETE");
    }

    /// <summary>A manifest of <paramref name="mediaType"/> whose blobs (or child manifests) are already in the repository.</summary>
    async Task<byte[]> DocumentAsync(string repository, string mediaType)
    {
        if (!MediaTypes.IsIndex(mediaType)) return (await Client.PushImageBlobsAsync(repository, mediaType)).Manifest;
        var childType = mediaType == MediaTypes.OciIndex ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var children = new[] { await Client.PushImageAsync(repository, null, childType), await Client.PushImageAsync(repository, null, childType) };
        return TestManifests.Index(children.Select(c => c.Descriptor).ToList(), mediaType);
    }
}
