// Source-generated JSON for the runtime's own state files.
using System.Text.Json.Serialization;

namespace Berth.Runtime;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Containers.ContainerState))]
[JsonSerializable(typeof(Sandboxes.Sandbox))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
