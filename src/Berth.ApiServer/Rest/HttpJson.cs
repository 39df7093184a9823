// Reading request bodies (JSON only, at most 3 MiB, like kube-apiserver's limit) and writing JSON replies.
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

public static class HttpJson
{
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public static async Task<JsonNode> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                throw new ApiException(413, "RequestEntityTooLarge", $"the request body is larger than {MaxBodyBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw ApiException.BadRequest("the request body is empty: send the object as JSON");
        try { return JsonNode.Parse(buffer.ToArray()) ?? throw ApiException.BadRequest("the request body is null: send the object as JSON"); }
        catch (JsonException e) { throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}"); }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct) =>
        await ReadBodyAsync(request, ct) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");

    public static async Task WriteAsync(HttpResponse response, int code, JsonNode body, CancellationToken ct, string contentType = "application/json")
    {
        response.StatusCode = code;
        response.ContentType = contentType;
        await response.WriteAsync(body.ToJsonString(), ct);
    }
}
