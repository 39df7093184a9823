// Reads a registry's error answer ({"errors":[{"code","message","detail"}]}) into a RegistryClientException whose
// message says what failed and how to fix it; callers that know more (a missing tag) say more.
using System.Net;
using System.Text;
using System.Text.Json;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    const int MaxErrorBodyBytes = 64 << 10;

    /// <param name="what">The operation, for the message: "pull localhost:5000/app:1.0".</param>
    internal async Task<RegistryClientException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var (code, text) = await ReadErrorAsync(response, ct);
        var status = response.StatusCode;
        var user = _auth.Credentials is { } c ? $"user \"{c.User}\"" : "anonymous access";
        var message = status switch
        {
            HttpStatusCode.Unauthorized when AuthChallenge.Select(response)?.Error == "insufficient_scope" =>
                $"{what}: registry {Registry} does not allow this for {user} (insufficient_scope); ask for access, or {Authenticator.LoginHint(Registry)}",
            HttpStatusCode.Unauthorized when _auth.Credentials is null =>
                $"{what}: registry {Registry} requires authentication; {Authenticator.LoginHint(Registry)}",
            HttpStatusCode.Unauthorized =>
                $"{what}: registry {Registry} rejected the credentials of {user}; check the password, or {Authenticator.LoginHint(Registry)}",
            HttpStatusCode.Forbidden => $"{what}: registry {Registry} denied this to {user}{(text is null ? "" : $" ({text})")}",
            HttpStatusCode.TooManyRequests => $"{what}: registry {Registry} is limiting the request rate; wait and retry, or log in for a higher limit",
            _ => $"{what}: {text ?? response.ReasonPhrase ?? "failed"} ({(code is null ? "" : code + ", ")}HTTP {(int)status})",
        };
        code ??= status switch
        {
            HttpStatusCode.Unauthorized => RegistryErrorCodes.Unauthorized,
            HttpStatusCode.Forbidden => RegistryErrorCodes.Denied,
            HttpStatusCode.TooManyRequests => RegistryErrorCodes.TooManyRequests,
            _ => null,
        };
        return new RegistryClientException(message, status, code);
    }

    /// <summary>The first error's code, and its message with the detail; or the body as text when it is not an error list.</summary>
    static async Task<(string? Code, string? Text)> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await ReadBoundedAsync(response.Content, MaxErrorBodyBytes, "error body", ct, truncate: true);
        if (body.Length == 0) return (null, null);
        try
        {
            var errors = JsonSerializer.Deserialize(body.Span, DistributionJsonContext.Default.ErrorBody)?.Errors;
            if (errors is [var first, ..])
            {
                var detail = first.Detail is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } d
                    ? d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()
                    : null;
                var text = string.Join(": ", new[] { first.Message, detail }.Where(s => !string.IsNullOrEmpty(s)));
                return (first.Code, text.Length == 0 ? null : text);
            }
        }
        catch (JsonException) { }
        var plain = Encoding.UTF8.GetString(body.Span).Trim();
        return (null, plain.Length == 0 ? null : plain.Length > 200 ? plain[..200] + "…" : plain);
    }

    /// <summary>Reads a body that is small by nature (manifest, error, tag list) without letting a hostile server fill memory.</summary>
    static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, int limit, string what, CancellationToken ct, bool truncate = false)
    {
        if (!truncate && content.Headers.ContentLength > limit) throw TooLarge(what, content.Headers.ContentLength.Value, limit);
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16 << 10];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            var room = limit - (int)buffer.Length;
            if (read > room)
            {
                if (!truncate) throw TooLarge(what, buffer.Length + read, limit);
                buffer.Write(chunk, 0, room);
                break;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    static RegistryClientException TooLarge(string what, long size, int limit) =>
        new($"{what} is {size} bytes or more, over the limit of {limit}; refusing to read it", code: RegistryErrorCodes.SizeInvalid);
}
