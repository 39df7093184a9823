// A pod sandbox as Berth records it: the pinned network, IPC and UTS namespaces its containers join, its shared
// /dev/shm, its pod IP and whether it is ready. Stored in <data-dir>/sandboxes/<id>/state.json.
using System.Text.Json.Serialization;

namespace Berth.Runtime.Sandboxes;

[JsonConverter(typeof(JsonStringEnumConverter<SandboxState>))]
public enum SandboxState { NotReady, Ready }

public sealed record Sandbox
{
    public required string Id { get; init; }
    public required SandboxConfig Config { get; init; }
    public required string NetworkNamespace { get; init; }
    public required string IpcNamespace { get; init; }
    public required string UtsNamespace { get; init; }
    /// <summary>The tmpfs every container of the pod mounts at /dev/shm, so POSIX shared memory is shared like SysV IPC.</summary>
    public required string Shm { get; init; }
    public string? Ip { get; init; }
    public SandboxState State { get; init; }
    /// <summary>
    /// Set before CNI ADD runs and cleared by a successful DEL: while set, removal runs DEL first, also when a crash
    /// cut ADD short.
    /// </summary>
    public bool NetworkAttached { get; init; }
    public required DateTimeOffset Created { get; init; }

    [JsonIgnore] public string Hostname => Config.Hostname ?? Config.Name;
}
