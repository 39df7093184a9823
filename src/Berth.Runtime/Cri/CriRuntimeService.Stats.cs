// ContainerStats and ListContainerStats from each container's cgroup (CPU time, memory usage and working set);
// PodSandboxStats and ListPodSandboxStats sum a pod's containers (without network counters, not read yet).
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

    public Task<PodSandboxStatsResponse> PodSandboxStatsAsync(PodSandboxStatsRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var sandbox = await FindSandboxAsync(request.PodSandboxId, ct)
            ?? throw CriErrors.NotFound($"pod sandbox \"{request.PodSandboxId}\" not found: list the node's sandboxes with ListPodSandbox");
        return new PodSandboxStatsResponse { Stats = PodStats(sandbox, await ContainersOfAsync(sandbox.Id, ct)) };
    });

    public Task<ListPodSandboxStatsResponse> ListPodSandboxStatsAsync(ListPodSandboxStatsRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var filter = request.Filter;
        var containers = await _containers.ListAsync(ct);
        var response = new ListPodSandboxStatsResponse();
        foreach (var sandbox in await _sandboxes.ListAsync(ct))
        {
            if (filter is not null && (
                    (filter.Id.Length > 0 && !sandbox.Id.StartsWith(filter.Id, StringComparison.Ordinal)) ||
                    !LabelSelector.Matches(sandbox.Config.Labels, filter.LabelSelector)))
                continue;
            response.Stats.Add(PodStats(sandbox, containers.Where(c => c.SandboxId == sandbox.Id).ToList()));
        }
        return response;
    });

    /// <summary>
    /// The pod's CPU and memory are its containers' sums (berth has no pause process to add); network usage is left
    /// out, as reading the pod namespace's counters needs a setns this process does not do yet.
    /// </summary>
    static PodSandboxStats PodStats(Sandboxes.Sandbox sandbox, IReadOnlyList<ContainerState> containers)
    {
        var attributes = new PodSandboxAttributes
        {
            Id = sandbox.Id,
            Metadata = new PodSandboxMetadata { Name = sandbox.Config.Name, Namespace = sandbox.Config.Namespace, Uid = sandbox.Config.Uid, Attempt = sandbox.Config.Attempt },
        };
        attributes.Labels.Add(new Dictionary<string, string>(sandbox.Config.Labels));
        attributes.Annotations.Add(new Dictionary<string, string>(sandbox.Config.Annotations));
        var stats = containers.Select(Stats).ToList();
        var now = CriTime.Now();
        var linux = new LinuxPodSandboxStats
        {
            Cpu = new CpuUsage { Timestamp = now, UsageCoreNanoSeconds = Sum(stats.Select(s => s.Cpu?.UsageCoreNanoSeconds)) },
            Memory = new MemoryUsage
            {
                Timestamp = now,
                UsageBytes = Sum(stats.Select(s => s.Memory?.UsageBytes)),
                WorkingSetBytes = Sum(stats.Select(s => s.Memory?.WorkingSetBytes)),
            },
        };
        linux.Containers.AddRange(stats);
        return new PodSandboxStats { Attributes = attributes, Linux = linux };
    }

    static UInt64Value Sum(IEnumerable<UInt64Value?> values) => new() { Value = values.Aggregate(0UL, (sum, v) => sum + (v?.Value ?? 0)) };

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
