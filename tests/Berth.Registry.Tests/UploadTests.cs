// Upload sessions (/v2/<name>/blobs/uploads/<id>): status, chunk ordering, cancel, the errors of the final
// PUT, and resuming an upload after the registry restarts.
using System.Net;
using Berth.Oci;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class UploadTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Status_of_an_upload_answers_204_with_range_and_location()
    {
        var location = await Client.StartUploadAsync("uploads/status");
        using (var patch = await Client.PatchAsync(location, TestContent.Random(700), "0-699"))
            await RegistryAssert.StatusAsync(patch, HttpStatusCode.Accepted);

        using var status = await Client.GetAsync(location);

        await RegistryAssert.StatusAsync(status, HttpStatusCode.NoContent);
        Assert.Equal("0-699", RegistryAssert.Header(status, "Range"));
        Assert.Equal(location, RegistryAssert.Location(status));
        Assert.Equal(location[(location.LastIndexOf('/') + 1)..], RegistryAssert.Header(status, "Docker-Upload-UUID"));
    }

    [Theory]
    [InlineData(600, 699)]  // out of order: leaves a gap
    [InlineData(300, 399)]  // overlapping what was received
    [InlineData(0, 99)]     // the first chunk again
    public async Task Chunk_not_starting_at_the_current_size_is_416_with_the_current_range_and_nothing_appended(int start, int end)
    {
        var content = TestContent.Random(1000);
        var location = await Client.StartUploadAsync("uploads/order");
        using (var first = await Client.PatchAsync(location, content[..500], "0-499"))
            await RegistryAssert.StatusAsync(first, HttpStatusCode.Accepted);

        using var wrong = await Client.PatchAsync(location, TestContent.Random(end - start + 1), $"{start}-{end}");

        await RegistryAssert.ErrorAsync(wrong, HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID");
        Assert.Equal("0-499", RegistryAssert.Header(wrong, "Range"));
        Assert.Equal(location, RegistryAssert.Location(wrong));
        using (var status = await Client.GetAsync(location))
            Assert.Equal("0-499", RegistryAssert.Header(status, "Range"));
        // The upload goes on from where it was, and the blob is exactly the in-order chunks.
        using (var rest = await Client.PatchAsync(location, content[500..], "500-999"))
            await RegistryAssert.StatusAsync(rest, HttpStatusCode.Accepted);
        using var put = await Client.FinishUploadAsync(location, Digest.Compute(content));
        await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(content, await Client.GetBlobAsync("uploads/order", Digest.Compute(content)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5-1")]
    [InlineData("-5")]
    public async Task Malformed_content_range_is_416_with_the_current_range(string contentRange)
    {
        var location = await Client.StartUploadAsync("uploads/malformed-range");

        using var response = await Client.PatchAsync(location, TestContent.Random(5), contentRange);

        await RegistryAssert.ErrorAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID");
        Assert.Equal("0-0", RegistryAssert.Header(response, "Range"));
    }

    [Theory]
    [InlineData(5, false)]   // Content-Length 5 against a 20-byte Content-Range
    [InlineData(5, true)]    // a streamed body shorter than its Content-Range
    [InlineData(30, true)]   // a streamed body longer than its Content-Range
    public async Task Chunk_whose_length_disagrees_with_its_content_range_is_SIZE_INVALID_and_nothing_is_appended(int bodyLength, bool streamed)
    {
        var content = TestContent.Random(30);
        var location = await Client.StartUploadAsync("uploads/size");
        using (var first = await Client.PatchAsync(location, content[..10], "0-9"))
            await RegistryAssert.StatusAsync(first, HttpStatusCode.Accepted);
        var body = TestContent.Random(bodyLength);
        HttpContent chunk = streamed ? new ChunkedContent(body) : new ByteArrayContent(body);
        chunk.Headers.TryAddWithoutValidation("Content-Range", "10-29");

        using var response = await Client.SendAsync(HttpMethod.Patch, location, chunk);

        await RegistryAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "SIZE_INVALID");
        using (var status = await Client.GetAsync(location))
            Assert.Equal("0-9", RegistryAssert.Header(status, "Range"));
        using (var rest = await Client.PatchAsync(location, content[10..], "10-29"))
            await RegistryAssert.StatusAsync(rest, HttpStatusCode.Accepted);
        using (var put = await Client.FinishUploadAsync(location, Digest.Compute(content)))
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(content, await Client.GetBlobAsync("uploads/size", Digest.Compute(content)));
    }

    [Fact]
    public async Task Cancelled_upload_answers_204_then_404_BLOB_UPLOAD_UNKNOWN()
    {
        var location = await Client.StartUploadAsync("uploads/cancel");
        using (var patch = await Client.PatchAsync(location, TestContent.Random(100), "0-99"))
            await RegistryAssert.StatusAsync(patch, HttpStatusCode.Accepted);

        using var cancel = await Client.DeleteAsync(location);
        await RegistryAssert.StatusAsync(cancel, HttpStatusCode.NoContent);

        using var status = await Client.GetAsync(location);
        await RegistryAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var patchAfter = await Client.PatchAsync(location, TestContent.Random(1), "100-100");
        await RegistryAssert.ErrorAsync(patchAfter, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var cancelAgain = await Client.DeleteAsync(location);
        await RegistryAssert.ErrorAsync(cancelAgain, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Assert.Empty(fixture.Registry.Files(Storage.RegistryLayout.Uploads("uploads/cancel")));
    }

    [Theory]
    [InlineData("GET", "not-an-upload-id")]
    [InlineData("PATCH", "0123456789abcdef0123456789abcdef")]
    [InlineData("PUT", "0123456789abcdef0123456789abcdef?digest=sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("DELETE", "0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("GET", "g123456789abcdef0123456789abcdef")]
    public async Task Unknown_or_garbage_upload_id_is_404_BLOB_UPLOAD_UNKNOWN(string method, string id)
    {
        using var response = await Client.SendAsync(new HttpMethod(method), $"/v2/uploads/unknown/blobs/uploads/{id}", new ByteArrayContent([1]));
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Upload_of_one_repository_is_unknown_in_another()
    {
        var location = await Client.StartUploadAsync("uploads/mine");
        var id = location[(location.LastIndexOf('/') + 1)..];

        using var response = await Client.GetAsync($"/v2/uploads/theirs/blobs/uploads/{id}");

        await RegistryAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Final_put_without_digest_is_DIGEST_INVALID_and_the_upload_stays_open()
    {
        var content = TestContent.Random(64);
        var location = await Client.StartUploadAsync("uploads/no-digest");
        using (var patch = await Client.PatchAsync(location, content, "0-63"))
            await RegistryAssert.StatusAsync(patch, HttpStatusCode.Accepted);

        using var put = await Client.FinishUploadAsync(location, digest: null);

        await RegistryAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var retry = await Client.FinishUploadAsync(location, Digest.Compute(content));
        await RegistryAssert.StatusAsync(retry, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Finished_upload_id_is_no_longer_known()
    {
        var content = TestContent.Random(64);
        var location = await Client.StartUploadAsync("uploads/finished");
        using (var put = await Client.FinishUploadAsync(location, Digest.Compute(content), new ByteArrayContent(content)))
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);

        using var status = await Client.GetAsync(location);

        await RegistryAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Assert.Empty(fixture.Registry.Files(Storage.RegistryLayout.Uploads("uploads/finished")));
    }

    [Fact]
    public async Task Post_on_the_upload_collection_is_the_only_method_allowed()
    {
        using var response = await Client.GetAsync("/v2/uploads/collection/blobs/uploads/");
        await RegistryAssert.MethodNotAllowedAsync(response, "POST");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("HEAD")]
    public async Task Other_methods_on_an_upload_are_405_UNSUPPORTED_with_allow(string method)
    {
        var location = await Client.StartUploadAsync("uploads/methods");
        using var response = await Client.SendAsync(new HttpMethod(method), location);
        await RegistryAssert.MethodNotAllowedAsync(response, "GET, PATCH, PUT, DELETE");
    }

    [Fact]
    public async Task Upload_survives_a_registry_restart_on_the_same_root()
    {
        await using var registry = await TestRegistry.StartAsync();
        var content = TestContent.Random(300_000);
        var location = await registry.Client.StartUploadAsync("uploads/restart");
        using (var first = await registry.Client.PatchAsync(location, content[..100_000], "0-99999"))
            await RegistryAssert.StatusAsync(first, HttpStatusCode.Accepted);

        await registry.RestartAsync();

        using (var status = await registry.Client.GetAsync(location))
        {
            await RegistryAssert.StatusAsync(status, HttpStatusCode.NoContent);
            Assert.Equal("0-99999", RegistryAssert.Header(status, "Range"));
        }
        using (var rest = await registry.Client.PatchAsync(location, content[100_000..], "100000-299999"))
            await RegistryAssert.StatusAsync(rest, HttpStatusCode.Accepted);
        using (var put = await registry.Client.FinishUploadAsync(location, Digest.Compute(content)))
            await RegistryAssert.StatusAsync(put, HttpStatusCode.Created);
        Assert.Equal(content, await registry.Client.GetBlobAsync("uploads/restart", Digest.Compute(content)));
    }
}
