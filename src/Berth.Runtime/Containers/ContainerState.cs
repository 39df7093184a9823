// What Berth remembers about a container, on disk beside it, so any berth process (or the agent after a
// restart) finds it again.
using System.Text.Json.Serialization;

namespace Berth.Runtime.Containers;

public enum ContainerStatus { Created, Running, Exited }

public sealed record ContainerState
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Image { get; init; }
    public required string ImageId { get; init; }
    public required IReadOnlyList<string> Command { get; init; }
    public required DateTimeOffset Created { get; init; }
    public DateTimeOffset? Started { get; init; }
    public int? Pid { get; init; }
    public string? StopSignal { get; init; }
    public bool AutoRemove { get; init; }
    public IReadOnlyList<string> Mounts { get; init; } = [];
    /// <summary>The pod sandbox the container runs in, if any.</summary>
    public string? SandboxId { get; init; }
    /// <summary>The bind mounts asked for at create (not the /etc files Berth adds).</summary>
    public IReadOnlyList<Oci.SpecMount> BindMounts { get; init; } = [];
    /// <summary>conmon's CRI-format log; null in state written before it was recorded (then it is beside the container).</summary>
    public string? LogPath { get; init; }
    public string? MetadataName { get; init; }
    public uint Attempt { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    // Filled from the exit file and the runtime, not stored.
    [JsonIgnore] public ContainerStatus Status { get; init; }
    [JsonIgnore] public int? ExitCode { get; init; }
    [JsonIgnore] public DateTimeOffset? Finished { get; init; }
    [JsonIgnore] public bool OomKilled { get; init; }
}
