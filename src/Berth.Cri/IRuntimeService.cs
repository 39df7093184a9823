// The CRI RuntimeService as the kubelet sees it: pod sandboxes, containers, streaming endpoints, stats, runtime status.
// One method per rpc with the rpc's own messages; implemented in-process by Berth.Runtime and by a gRPC client.
using Berth.Cri.V1;

namespace Berth.Cri;

/// <summary>
/// Failures are <see cref="CriException"/>s with the status a CRI runtime would return: an unknown pod sandbox or
/// container ID is <see cref="CriStatusCode.NotFound"/>, a malformed request <see cref="CriStatusCode.InvalidArgument"/>,
/// an rpc the runtime does not offer <see cref="CriStatusCode.Unimplemented"/>.
/// </summary>
public interface IRuntimeService
{
    /// <summary>The runtime's name and version, and the CRI version it speaks ("v1").</summary>
    Task<VersionResponse> VersionAsync(VersionRequest request, CancellationToken ct);

    /// <summary>Creates and starts a pod sandbox (its namespaces and network); it is ready when this returns.</summary>
    Task<RunPodSandboxResponse> RunPodSandboxAsync(RunPodSandboxRequest request, CancellationToken ct);

    /// <summary>
    /// Kills the sandbox's containers and releases its network. Idempotent: the kubelet calls it more than once, and
    /// again before removing, so an already stopped or already removed sandbox is success.
    /// </summary>
    Task<StopPodSandboxResponse> StopPodSandboxAsync(StopPodSandboxRequest request, CancellationToken ct);

    /// <summary>Removes the sandbox and any containers still in it. Idempotent: an absent sandbox is success.</summary>
    Task<RemovePodSandboxResponse> RemovePodSandboxAsync(RemovePodSandboxRequest request, CancellationToken ct);

    /// <summary>The sandbox's status; verbose adds runtime-specific info. An unknown ID is NotFound.</summary>
    Task<PodSandboxStatusResponse> PodSandboxStatusAsync(PodSandboxStatusRequest request, CancellationToken ct);

    Task<ListPodSandboxResponse> ListPodSandboxAsync(ListPodSandboxRequest request, CancellationToken ct);

    /// <summary>Creates a container in a ready sandbox, from an image already pulled; it is not started.</summary>
    Task<CreateContainerResponse> CreateContainerAsync(CreateContainerRequest request, CancellationToken ct);

    Task<StartContainerResponse> StartContainerAsync(StartContainerRequest request, CancellationToken ct);

    /// <summary>
    /// Signals the container to stop and kills it when the request's timeout (seconds) runs out.
    /// Idempotent: a container that already exited is success.
    /// </summary>
    Task<StopContainerResponse> StopContainerAsync(StopContainerRequest request, CancellationToken ct);

    /// <summary>Removes the container, killing it first if it runs. Idempotent: an absent container is success.</summary>
    Task<RemoveContainerResponse> RemoveContainerAsync(RemoveContainerRequest request, CancellationToken ct);

    Task<ListContainersResponse> ListContainersAsync(ListContainersRequest request, CancellationToken ct);

    /// <summary>The container's state, times, exit code and reason ("OOMKilled"). An unknown ID is NotFound.</summary>
    Task<ContainerStatusResponse> ContainerStatusAsync(ContainerStatusRequest request, CancellationToken ct);

    /// <summary>Applies new resource limits to a container's cgroup, all or nothing.</summary>
    Task<UpdateContainerResourcesResponse> UpdateContainerResourcesAsync(UpdateContainerResourcesRequest request, CancellationToken ct);

    /// <summary>Reopens the container's log file after the kubelet rotated it.</summary>
    Task<ReopenContainerLogResponse> ReopenContainerLogAsync(ReopenContainerLogRequest request, CancellationToken ct);

    /// <summary>Runs a command in the container to completion and returns its output and exit code.</summary>
    Task<ExecSyncResponse> ExecSyncAsync(ExecSyncRequest request, CancellationToken ct);

    /// <summary>The URL of the streaming server where the client then runs the command.</summary>
    Task<ExecResponse> ExecAsync(ExecRequest request, CancellationToken ct);

    /// <summary>The URL of the streaming server where the client then attaches to the container's stdio.</summary>
    Task<AttachResponse> AttachAsync(AttachRequest request, CancellationToken ct);

    /// <summary>The URL of the streaming server where the client then forwards the sandbox's ports.</summary>
    Task<PortForwardResponse> PortForwardAsync(PortForwardRequest request, CancellationToken ct);

    Task<ContainerStatsResponse> ContainerStatsAsync(ContainerStatsRequest request, CancellationToken ct);

    Task<ListContainerStatsResponse> ListContainerStatsAsync(ListContainerStatsRequest request, CancellationToken ct);

    Task<PodSandboxStatsResponse> PodSandboxStatsAsync(PodSandboxStatsRequest request, CancellationToken ct);

    Task<ListPodSandboxStatsResponse> ListPodSandboxStatsAsync(ListPodSandboxStatsRequest request, CancellationToken ct);

    /// <summary>Settings the kubelet hands the runtime; today the node's pod CIDR.</summary>
    Task<UpdateRuntimeConfigResponse> UpdateRuntimeConfigAsync(UpdateRuntimeConfigRequest request, CancellationToken ct);

    /// <summary>The RuntimeReady and NetworkReady conditions the node's readiness follows, handlers and features.</summary>
    Task<StatusResponse> StatusAsync(StatusRequest request, CancellationToken ct);

    Task<CheckpointContainerResponse> CheckpointContainerAsync(CheckpointContainerRequest request, CancellationToken ct);

    /// <summary>Container lifecycle events as they happen, until cancelled (the kubelet's evented PLEG).</summary>
    IAsyncEnumerable<ContainerEventResponse> GetContainerEventsAsync(GetEventsRequest request, CancellationToken ct);

    Task<ListMetricDescriptorsResponse> ListMetricDescriptorsAsync(ListMetricDescriptorsRequest request, CancellationToken ct);

    Task<ListPodSandboxMetricsResponse> ListPodSandboxMetricsAsync(ListPodSandboxMetricsRequest request, CancellationToken ct);

    /// <summary>Settings the kubelet must share with the runtime, read once at kubelet start: the cgroup driver.</summary>
    Task<RuntimeConfigResponse> RuntimeConfigAsync(RuntimeConfigRequest request, CancellationToken ct);
}
