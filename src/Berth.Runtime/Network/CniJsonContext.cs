// Source-generated JSON for CNI results, plugin errors and the result cache.
using System.Text.Json.Serialization;

namespace Berth.Runtime.Network;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CniResult))]
[JsonSerializable(typeof(CniError))]
[JsonSerializable(typeof(CniCacheEntry))]
sealed partial class CniJsonContext : JsonSerializerContext;
