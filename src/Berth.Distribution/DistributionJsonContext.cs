// Source-generated JSON for what registries and token services send back: error bodies, tag lists, tokens.
// Only the fields the client reads are declared; the rest of each body is ignored.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Distribution;

sealed record ErrorBody([property: JsonPropertyName("errors")] IReadOnlyList<ErrorBodyEntry>? Errors);

// "detail" is free-form: distribution sends objects ({"Tag":"1.0"}), Berth sends strings.
sealed record ErrorBodyEntry(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("detail")] JsonElement? Detail);

sealed record TagListBody(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

// Docker's token spec names the field "token"; OAuth2-shaped services send "access_token" instead.
sealed record TokenBody(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);

[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(TagListBody))]
[JsonSerializable(typeof(TokenBody))]
sealed partial class DistributionJsonContext : JsonSerializerContext;
