// ContainerStats and ListContainerStats from each container's cgroup (CPU time, memory usage and working set);
// pod-level stats need the network counters of the pod's namespace as well, and are not offered yet.
using Berth.Cri.V1;
using Berth.Runtime.Containers;
using Berth.Runtime.Oci;
using ContainerState = Berth.Runtime.Containers.ContainerState;

namespace Berth.Runtime.Cri;

public sealed partial class CriRuntimeService
{
    public Task<ContainerStatsResponse> ContainerStatsAsync(ContainerStatsRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
        new ContainerStatsResponse { Stats = Stats(await GetContainerAsync(request.ContainerId, ct)) });

    public Task<ListContainerStatsResponse> ListContainerStatsAsync(ListContainerStatsRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var filter = request.Filter;
        var response = new ListContainerStatsResponse();
        foreach (var container in await _containers.ListAsync(ct))
        {
            if (container.SandboxId is null) continue;
            if (filter is not null && (
                    (filter.Id.Length > 0 && !container.Id.StartsWith(filter.Id, StringComparison.Ordinal)) ||
                    (filter.PodSandboxId.Length > 0 && !container.SandboxId.StartsWith(filter.PodSandboxId, StringComparison.Ordinal)) ||
                    !LabelSelector.Matches(container.Labels, filter.LabelSelector)))
                continue;
            response.Stats.Add(Stats(container));
        }
        return response;
    });

    public Task<PodSandboxStatsResponse> PodSandboxStatsAsync(PodSandboxStatsRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("PodSandboxStats", "pod-level stats (network counters of the pod's namespace) are not collected yet; the kubelet sums ContainerStats");

    public Task<ListPodSandboxStatsResponse> ListPodSandboxStatsAsync(ListPodSandboxStatsRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("ListPodSandboxStats", "pod-level stats (network counters of the pod's namespace) are not collected yet; the kubelet sums ContainerStats");

    static ContainerStats Stats(ContainerState container)
    {
        var attributes = new ContainerAttributes
        {
            Id = container.Id, Metadata = new ContainerMetadata { Name = container.MetadataName ?? container.Name, Attempt = container.Attempt },
        };
        attributes.Labels.Add(new Dictionary<string, string>(container.Labels));
        attributes.Annotations.Add(new Dictionary<string, string>(container.Annotations));
        var stats = new ContainerStats { Attributes = attributes };
        // An exited container's cgroup is gone: it has attributes and no usage, as containerd reports it.
        if (CgroupUsage.Read($"{ContainerRequest.DefaultCgroupParent}/{container.Id}") is { } usage)
        {
            var now = CriTime.Now();
            stats.Cpu = new CpuUsage { Timestamp = now, UsageCoreNanoSeconds = new UInt64Value { Value = usage.CpuNanoseconds } };
            stats.Memory = new MemoryUsage
            {
                Timestamp = now,
                UsageBytes = new UInt64Value { Value = usage.MemoryUsageBytes },
                WorkingSetBytes = new UInt64Value { Value = usage.WorkingSetBytes },
            };
        }
        return stats;
    }
}
