// Blobs: every way the spec pushes one (monolithic, POST+PUT, chunked, streamed, cross-repository mount),
// then reading it back (GET, HEAD, Range), deleting it, and the errors on the way.
using System.Net;
using System.Net.Http.Headers;
using Berth.Oci;
using Berth.Registry.Storage;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class BlobTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Monolithic_post_with_digest_stores_the_blob_and_answers_201_with_location_and_digest()
    {
        var content = TestContent.Random(3000);
        var digest = Digest.Compute(content);
        using var response = await Client.SendAsync(HttpMethod.Post, $"/v2/blobs/monolithic/blobs/uploads/?digest={digest}", new ByteArrayContent(content));

        await RegistryAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/v2/blobs/monolithic/blobs/{digest}", RegistryAssert.Location(response));
        Assert.Equal(digest.ToString(), RegistryAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(content, await Client.GetBlobAsync("blobs/monolithic", digest));
    }

    [Fact]
    public async Task Post_then_put_with_the_whole_body_stores_the_blob()
    {
        var content = TestContent.Random(5000);
        var digest = Digest.Compute(content);
        var location = await Client.StartUploadAsync("blobs/post-put");

        using var response = await Client.FinishUploadAsync(location, digest, new ByteArrayContent(content));

        await RegistryAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/v2/blobs/post-put/blobs/{digest}", RegistryAssert.Location(response));
        Assert.Equal(digest.ToString(), RegistryAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(content, await Client.GetBlobAsync("blobs/post-put", digest));
    }

    [Fact]
    public async Task Chunked_patches_in_order_then_put_store_the_concatenation()
    {
        var content = TestContent.Random(10_000);
        var location = await Client.StartUploadAsync("blobs/chunked");
        foreach (var (start, end) in new[] { (0, 3999), (4000, 7999) })
        {
            using var patch = await Client.PatchAsync(location, content[start..(end + 1)], $"{start}-{end}");
            await RegistryAssert.StatusAsync(patch, HttpStatusCode.Accepted);
            Assert.Equal($"0-{end}", RegistryAssert.Header(patch, "Range"));
            location = RegistryAssert.Location(patch);
        }
        var last = new ByteArrayContent(content[8000..]);
        last.Headers.TryAddWithoutValidation("Content-Range", "8000-9999");

        using var put = await Client.FinishUploadAsync(location, Digest.Compute(content), last);

        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(content, await Client.GetBlobAsync("blobs/chunked", Digest.Compute(content)));
    }

    [Fact]
    public async Task Streamed_patch_without_content_range_or_length_stores_the_blob()
    {
        var content = TestContent.Random(100_000);
        var location = await Client.StartUploadAsync("blobs/streamed");

        using var patch = await Client.SendAsync(HttpMethod.Patch, location, new ChunkedContent(content));
        await RegistryAssert.StatusAsync(patch, HttpStatusCode.Accepted);
        Assert.Null(patch.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal($"0-{content.Length - 1}", RegistryAssert.Header(patch, "Range"));
        using var put = await Client.FinishUploadAsync(RegistryAssert.Location(patch), Digest.Compute(content));

        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(content, await Client.GetBlobAsync("blobs/streamed", Digest.Compute(content)));
    }

    [Fact]
    public async Task Get_and_head_answer_with_digest_length_and_content()
    {
        var content = TestContent.Random(1234);
        var blob = await Client.PushBlobAsync("blobs/read", content);

        using var get = await Client.GetAsync($"/v2/blobs/read/blobs/{blob.Digest}");
        await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(blob.Digest.ToString(), RegistryAssert.Header(get, "Docker-Content-Digest"));
        Assert.Equal(1234, get.Content.Headers.ContentLength);
        Assert.Equal(content, await get.Content.ReadAsByteArrayAsync());

        using var head = await Client.HeadAsync($"/v2/blobs/read/blobs/{blob.Digest}");
        await RegistryAssert.StatusAsync(head, HttpStatusCode.OK);
        Assert.Equal(blob.Digest.ToString(), RegistryAssert.Header(head, "Docker-Content-Digest"));
        Assert.Equal(1234, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Empty_blob_is_stored_and_read_back()
    {
        var blob = await Client.PushBlobAsync("blobs/empty", []);
        using var get = await Client.GetAsync($"/v2/blobs/empty/blobs/{blob.Digest}");
        await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(0, get.Content.Headers.ContentLength);
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", blob.Digest.ToString());
    }

    [Theory]
    [InlineData(0L, 9L, 0, 10)]         // bytes=0-9
    [InlineData(90L, null, 90, 10)]     // bytes=90- (to the end)
    [InlineData(null, 25L, 75, 25)]     // bytes=-25 (the last 25)
    [InlineData(95L, 500L, 95, 5)]      // an end past the blob is clipped to it
    [InlineData(null, 500L, 0, 100)]    // a suffix longer than the blob is the whole blob
    public async Task Range_request_answers_206_with_the_slice_and_content_range(long? from, long? to, int offset, int length)
    {
        var content = TestContent.Random(100);
        var blob = await Client.PushBlobAsync("blobs/range", content);

        using var response = await Client.GetAsync($"/v2/blobs/range/blobs/{blob.Digest}",
            r => r.Headers.Range = new RangeHeaderValue(from, to));

        await RegistryAssert.StatusAsync(response, HttpStatusCode.PartialContent);
        Assert.Equal($"bytes {offset}-{offset + length - 1}/100", RegistryAssert.Header(response, "Content-Range"));
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(content[offset..(offset + length)], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=200-300")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    public async Task Unsatisfiable_range_answers_416_with_the_blob_size(string range)
    {
        var blob = await Client.PushBlobAsync("blobs/range416", TestContent.Random(100));

        using var response = await Client.GetAsync($"/v2/blobs/range416/blobs/{blob.Digest}",
            r => r.Headers.TryAddWithoutValidation("Range", range));

        await RegistryAssert.StatusAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.Equal("bytes */100", RegistryAssert.Header(response, "Content-Range"));
    }

    [Fact]
    public async Task Deleted_blob_answers_202_then_404_BLOB_UNKNOWN()
    {
        var blob = await Client.PushBlobAsync("blobs/delete", TestContent.Random(64));

        using var delete = await Client.DeleteAsync($"/v2/blobs/delete/blobs/{blob.Digest}");
        await RegistryAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        Assert.Equal(blob.Digest.ToString(), RegistryAssert.Header(delete, "Docker-Content-Digest"));

        using var get = await Client.GetAsync($"/v2/blobs/delete/blobs/{blob.Digest}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var again = await Client.DeleteAsync($"/v2/blobs/delete/blobs/{blob.Digest}");
        await RegistryAssert.ErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Blob_of_another_repository_is_not_visible_without_a_mount()
    {
        var blob = await Client.PushBlobAsync("blobs/owner", TestContent.Random(64));

        using var get = await Client.GetAsync($"/v2/blobs/stranger/blobs/{blob.Digest}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var head = await Client.HeadAsync($"/v2/blobs/stranger/blobs/{blob.Digest}");
        await RegistryAssert.ErrorAsync(head, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Mount_from_a_repository_that_has_the_blob_answers_201_and_links_it()
    {
        var content = TestContent.Random(256);
        var blob = await Client.PushBlobAsync("blobs/mount-source", content);

        using var mount = await Client.SendAsync(HttpMethod.Post, $"/v2/blobs/mount-target/blobs/uploads/?mount={blob.Digest}&from=blobs/mount-source");

        await RegistryAssert.StatusAsync(mount, HttpStatusCode.Created);
        Assert.Equal($"/v2/blobs/mount-target/blobs/{blob.Digest}", RegistryAssert.Location(mount));
        Assert.Equal(blob.Digest.ToString(), RegistryAssert.Header(mount, "Docker-Content-Digest"));
        Assert.Equal(content, await Client.GetBlobAsync("blobs/mount-target", blob.Digest));
    }

    [Fact]
    public async Task Mount_without_from_of_a_blob_the_registry_has_answers_201()
    {
        var content = TestContent.Random(256);
        var blob = await Client.PushBlobAsync("blobs/mount-anywhere-source", content);

        using var mount = await Client.SendAsync(HttpMethod.Post, $"/v2/blobs/mount-anywhere/blobs/uploads/?mount={blob.Digest}");

        await RegistryAssert.StatusAsync(mount, HttpStatusCode.Created);
        Assert.Equal(content, await Client.GetBlobAsync("blobs/mount-anywhere", blob.Digest));
    }

    [Fact]
    public async Task Mount_of_an_unknown_blob_falls_back_to_a_202_upload_session()
    {
        var content = TestContent.Random(256);
        var digest = Digest.Compute(content);

        using var mount = await Client.SendAsync(HttpMethod.Post, $"/v2/blobs/mount-fallback/blobs/uploads/?mount={digest}&from=blobs/nowhere");

        await RegistryAssert.StatusAsync(mount, HttpStatusCode.Accepted);
        var location = RegistryAssert.Location(mount);
        Assert.StartsWith("/v2/blobs/mount-fallback/blobs/uploads/", location);
        using var put = await Client.FinishUploadAsync(location, digest, new ByteArrayContent(content));
        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Mount_from_a_repository_without_the_blob_falls_back_to_an_upload_and_does_not_link_it()
    {
        var blob = await Client.PushBlobAsync("blobs/mount-has", TestContent.Random(256));

        using var mount = await Client.SendAsync(HttpMethod.Post, $"/v2/blobs/mount-thief/blobs/uploads/?mount={blob.Digest}&from=blobs/mount-hasnt");

        await RegistryAssert.StatusAsync(mount, HttpStatusCode.Accepted);
        using var get = await Client.GetAsync($"/v2/blobs/mount-thief/blobs/{blob.Digest}");
        await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Blob_with_wrong_digest_is_rejected_and_nothing_is_stored()
    {
        var blobsBefore = fixture.Registry.Files(RegistryLayout.Blobs);
        var content = TestContent.Random(500);
        var claimed = Digest.Compute(TestContent.Random(500));

        using var monolithic = await Client.SendAsync(HttpMethod.Post, $"/v2/blobs/wrong/blobs/uploads/?digest={claimed}", new ByteArrayContent(content));
        await RegistryAssert.ErrorAsync(monolithic, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        var location = await Client.StartUploadAsync("blobs/wrong");
        using var put = await Client.FinishUploadAsync(location, claimed, new ByteArrayContent(content));
        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        Assert.Equal(blobsBefore, fixture.Registry.Files(RegistryLayout.Blobs));
        Assert.Empty(fixture.Registry.Files(RegistryLayout.Uploads("blobs/wrong")));
        using var status = await Client.GetAsync(location);
        await RegistryAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        foreach (var digest in new[] { claimed, Digest.Compute(content) })
        {
            using var get = await Client.GetAsync($"/v2/blobs/wrong/blobs/{digest}");
            await RegistryAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        }
    }

    [Theory]
    [InlineData("GET", "/v2/blobs/malformed/blobs/sha256:abc")]
    [InlineData("HEAD", "/v2/blobs/malformed/blobs/sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("DELETE", "/v2/blobs/malformed/blobs/md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("POST", "/v2/blobs/malformed/blobs/uploads/?digest=sha256:nothex")]
    [InlineData("POST", "/v2/blobs/malformed/blobs/uploads/?mount=not-a-digest&from=blobs/owner")]
    public async Task Malformed_digest_is_rejected_with_DIGEST_INVALID(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), path);
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("DELETE")]
    public async Task Unknown_blob_is_404_BLOB_UNKNOWN(string method)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), $"/v2/blobs/unknown/blobs/{Digest.Compute(TestContent.Random(8))}");
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task Writing_methods_on_a_blob_url_are_405_UNSUPPORTED_with_allow(string method)
    {
        var blob = await Client.PushBlobAsync("blobs/methods", TestContent.Random(8));
        using var response = await Client.SendAsync(new HttpMethod(method), $"/v2/blobs/methods/blobs/{blob.Digest}", new ByteArrayContent([1]));
        await RegistryAssert.MethodNotAllowedAsync(response, "GET, HEAD, DELETE");
    }
}
