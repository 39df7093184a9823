// Source-generated JSON for the registry's own response bodies.
using System.Text.Json.Serialization;

namespace Berth.Registry;

public sealed record TagList([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

public sealed record RepositoryList([property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories);

public sealed record ErrorList([property: JsonPropertyName("errors")] IReadOnlyList<ErrorEntry> Errors);

public sealed record ErrorEntry(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] string? Detail);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(RepositoryList))]
[JsonSerializable(typeof(ErrorList))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
