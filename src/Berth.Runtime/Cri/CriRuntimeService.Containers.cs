// CreateContainer, StartContainer, StopContainer, RemoveContainer, ListContainers, ContainerStatus and
// ReopenContainerLog, translated to ContainerManager; the CRI fields come back from the container's own state.
using Berth.Cri;
using Berth.Cri.V1;
using Berth.Runtime.Containers;
using ContainerState = Berth.Runtime.Containers.ContainerState;
using ContainerStatus = Berth.Runtime.Containers.ContainerStatus;

namespace Berth.Runtime.Cri;

public sealed partial class CriRuntimeService
{
    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var sandbox = await FindSandboxAsync(request.PodSandboxId, ct)
            ?? throw CriErrors.NotFound($"pod sandbox \"{request.PodSandboxId}\" not found: run the pod sandbox before creating its containers");
        var config = request.Config ?? throw CriErrors.InvalidArgument("CreateContainer has no config");
        var image = await ImageResolver.FindAsync(_images, config.Image?.Image ?? "", ct)
            ?? throw CriErrors.NotFound($"image \"{config.Image?.Image}\" is not present on this node: pull it with PullImage first");
        var container = await _containers.CreateAsync(ContainerTranslation.Options(config, sandbox, image), ct);
        return new CreateContainerResponse { ContainerId = container.Id };
    });

    public Task<StartContainerResponse> StartContainerAsync(StartContainerRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var container = await GetContainerAsync(request.ContainerId, ct);
        if (container.Status != ContainerStatus.Created)
            throw new CriException(CriStatusCode.FailedPrecondition,
                $"container {container.Id} is {container.Status.ToString().ToLowerInvariant()}, not created: a container starts once; create a new one");
        await _containers.StartAsync(container.Id, ct);
        return new StartContainerResponse();
    });

    public Task<StopContainerResponse> StopContainerAsync(StopContainerRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        if (await FindContainerAsync(request.ContainerId, ct) is { } container)
            await _containers.StopAsync(container.Id, TimeSpan.FromSeconds(Math.Max(0, request.Timeout)), ct);
        return new StopContainerResponse();
    });

    public Task<RemoveContainerResponse> RemoveContainerAsync(RemoveContainerRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        if (await FindContainerAsync(request.ContainerId, ct) is { } container)
            await _containers.RemoveAsync(container.Id, force: true, ct);
        return new RemoveContainerResponse();
    });

    public Task<ListContainersResponse> ListContainersAsync(ListContainersRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var filter = request.Filter;
        var response = new ListContainersResponse();
        foreach (var container in await _containers.ListAsync(ct))
        {
            // Containers berth run made outside any pod are not the kubelet's to see.
            if (container.SandboxId is null) continue;
            var item = ContainerTranslation.Item(container);
            if (filter is not null && (
                    (filter.Id.Length > 0 && !container.Id.StartsWith(filter.Id, StringComparison.Ordinal)) ||
                    (filter.State is { } state && state.State != item.State) ||
                    (filter.PodSandboxId.Length > 0 && !container.SandboxId.StartsWith(filter.PodSandboxId, StringComparison.Ordinal)) ||
                    !LabelSelector.Matches(container.Labels, filter.LabelSelector)))
                continue;
            response.Containers.Add(item);
        }
        return response;
    });

    public Task<ContainerStatusResponse> ContainerStatusAsync(ContainerStatusRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var container = await GetContainerAsync(request.ContainerId, ct);
        var response = new ContainerStatusResponse { Status = ContainerTranslation.Status(container) };
        if (request.Verbose)
            response.Info.Add("info", System.Text.Json.JsonSerializer.Serialize(container, RuntimeJsonContext.Default.ContainerState));
        return response;
    });

    public Task<ReopenContainerLogResponse> ReopenContainerLogAsync(ReopenContainerLogRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var container = await GetContainerAsync(request.ContainerId, ct);
        if (container.Status != ContainerStatus.Running)
            throw new CriException(CriStatusCode.FailedPrecondition, $"container {container.Id} is not running: only a running container's log can be reopened");
        // conmon reads "<type> <height> <width>\n" lines from the ctl FIFO in the bundle; type 2 is REOPEN_LOGS_EVENT.
        await using (var control = new FileStream(_containers.ControlFifo(container.Id), FileMode.Open, FileAccess.Write))
            await control.WriteAsync("2 0 0\n"u8.ToArray(), ct);
        // conmon reopens on its own loop: wait (bounded) for the new file, so the kubelet finds it when this returns.
        for (var waited = 0; !File.Exists(container.LogPath) && waited < 50; waited++) await Task.Delay(20, ct);
        return new ReopenContainerLogResponse();
    });

    public Task<UpdateContainerResourcesResponse> UpdateContainerResourcesAsync(UpdateContainerResourcesRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var resources = request.Linux ?? throw CriErrors.InvalidArgument("UpdateContainerResources has no linux resources: berth runs Linux containers only");
        var container = await GetContainerAsync(request.ContainerId, ct);
        // 0 means unset throughout LinuxContainerResources.
        await _containers.UpdateResourcesAsync(container.Id,
            resources.MemoryLimitInBytes > 0 ? resources.MemoryLimitInBytes : null,
            resources.CpuQuota > 0 ? resources.CpuQuota : null,
            resources.CpuPeriod > 0 ? resources.CpuPeriod : null,
            resources.CpuShares > 0 ? (ulong)resources.CpuShares : null, ct);
        return new UpdateContainerResourcesResponse();
    });

    /// <summary>The container, or null when there is none with that ID (which stop and remove treat as done).</summary>
    async Task<ContainerState?> FindContainerAsync(string id, CancellationToken ct)
    {
        RequireId(id, "container_id");
        try { return await _containers.InspectAsync(id, ct); }
        catch (KeyNotFoundException) { return null; }
    }

    async Task<ContainerState> GetContainerAsync(string id, CancellationToken ct) =>
        await FindContainerAsync(id, ct)
        ?? throw CriErrors.NotFound($"container \"{id}\" not found: list the node's containers with ListContainers");
}
