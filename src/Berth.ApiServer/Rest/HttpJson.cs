// Reading request bodies (JSON only, at most 3 MiB, like kube-apiserver's limit) and writing JSON replies.
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

public static class HttpJson
{
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken ct)
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
        return buffer.ToArray();
    }

    public static async Task<JsonNode> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadBytesAsync(request, ct);
        try { return JsonNode.Parse(body) ?? throw ApiException.BadRequest("the request body is null: send the object as JSON"); }
        catch (JsonException e) { throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}"); }
    }

    /// <summary>An object sent to create or update: JSON, or the Kubernetes protobuf encoding kubectl 1.32's typed commands use.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        if (type == Protobuf)
        {
            try { return ProtobufDecoder.Decode(await ReadBytesAsync(request, ct)); }
            catch (FormatException e) { throw new ApiException(415, "UnsupportedMediaType", e.Message); }
        }
        if (type is not (null or "" or "application/json")) throw ApiException.UnsupportedMediaType(request.ContentType!);
        return await ReadBodyAsync(request, ct) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    public static async Task WriteAsync(HttpResponse response, int code, JsonNode body, CancellationToken ct, string contentType = "application/json")
    {
        response.StatusCode = code;
        response.ContentType = contentType;
        await response.WriteAsync(body.ToJsonString(), ct);
    }
}
