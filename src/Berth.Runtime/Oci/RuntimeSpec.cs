// The OCI runtime spec's config.json, as far as Berth writes it: what runc (or crun) needs to start one process
// in its namespaces, mounts and cgroup.
using System.Text.Json.Serialization;

namespace Berth.Runtime.Oci;

public sealed record RuntimeSpec
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; init; } = "1.0.2";
    [JsonPropertyName("process")] public required SpecProcess Process { get; init; }
    [JsonPropertyName("root")] public required SpecRoot Root { get; init; }
    [JsonPropertyName("hostname")] public string? Hostname { get; init; }
    [JsonPropertyName("mounts")] public IReadOnlyList<SpecMount> Mounts { get; init; } = [];
    [JsonPropertyName("linux")] public required SpecLinux Linux { get; init; }
}

public sealed record SpecProcess
{
    [JsonPropertyName("terminal")] public bool Terminal { get; init; }
    [JsonPropertyName("user")] public SpecUser User { get; init; } = new();
    [JsonPropertyName("args")] public required IReadOnlyList<string> Args { get; init; }
    [JsonPropertyName("env")] public IReadOnlyList<string> Env { get; init; } = [];
    [JsonPropertyName("cwd")] public string Cwd { get; init; } = "/";
    [JsonPropertyName("capabilities")] public SpecCapabilities? Capabilities { get; init; }
    [JsonPropertyName("noNewPrivileges")] public bool NoNewPrivileges { get; init; } = true;
}

public sealed record SpecUser
{
    [JsonPropertyName("uid")] public uint Uid { get; init; }
    [JsonPropertyName("gid")] public uint Gid { get; init; }
    [JsonPropertyName("additionalGids")] public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

public sealed record SpecCapabilities
{
    [JsonPropertyName("bounding")] public IReadOnlyList<string> Bounding { get; init; } = [];
    [JsonPropertyName("effective")] public IReadOnlyList<string> Effective { get; init; } = [];
    [JsonPropertyName("permitted")] public IReadOnlyList<string> Permitted { get; init; } = [];
}

public sealed record SpecRoot
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("readonly")] public bool Readonly { get; init; }
}

public sealed record SpecMount
{
    [JsonPropertyName("destination")] public required string Destination { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("options")] public IReadOnlyList<string>? Options { get; init; }
}

public sealed record SpecLinux
{
    [JsonPropertyName("namespaces")] public IReadOnlyList<SpecNamespace> Namespaces { get; init; } = [];
    [JsonPropertyName("resources")] public SpecResources? Resources { get; init; }
    [JsonPropertyName("cgroupsPath")] public string? CgroupsPath { get; init; }
    [JsonPropertyName("maskedPaths")] public IReadOnlyList<string>? MaskedPaths { get; init; }
    [JsonPropertyName("readonlyPaths")] public IReadOnlyList<string>? ReadonlyPaths { get; init; }
}

public sealed record SpecNamespace(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("path")] string? Path = null);

public sealed record SpecResources
{
    [JsonPropertyName("devices")] public IReadOnlyList<SpecDeviceRule>? Devices { get; init; }
    [JsonPropertyName("memory")] public SpecMemory? Memory { get; init; }
    [JsonPropertyName("cpu")] public SpecCpu? Cpu { get; init; }
    [JsonPropertyName("pids")] public SpecPids? Pids { get; init; }
}

public sealed record SpecDeviceRule(
    [property: JsonPropertyName("allow")] bool Allow,
    [property: JsonPropertyName("access")] string Access);

public sealed record SpecMemory([property: JsonPropertyName("limit")] long? Limit = null, [property: JsonPropertyName("swap")] long? Swap = null);

public sealed record SpecCpu(
    [property: JsonPropertyName("shares")] ulong? Shares = null,
    [property: JsonPropertyName("quota")] long? Quota = null,
    [property: JsonPropertyName("period")] ulong? Period = null);

public sealed record SpecPids([property: JsonPropertyName("limit")] long Limit);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(RuntimeSpec))]
public sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
