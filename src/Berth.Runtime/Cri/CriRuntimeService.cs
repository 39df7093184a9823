// The CRI RuntimeService over Berth's runtime, as containerd's CRI plugin is over containerd: it translates each
// rpc to SandboxManager and ContainerManager calls and owns no state; this part holds version, status and config.
using Berth.Cri;
using Berth.Cri.V1;
using Berth.Runtime.Containers;
using Berth.Runtime.Images;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Cri;

public sealed partial class CriRuntimeService : IRuntimeService
{
    /// <summary>The CRI version this service speaks, and the kubelet-facing API version containerd and CRI-O report.</summary>
    public const string RuntimeApiVersion = "v1";
    const string KubeApiVersion = "0.1.0";

    readonly SandboxManager _sandboxes;
    readonly ContainerManager _containers;
    readonly ImageStore _images;
    readonly CniNetworkList? _network;
    readonly IReadOnlyList<string> _cniPluginDirectories;

    /// <param name="network">The pod network list; null leaves the node NetworkReady=false, as a kubelet expects.</param>
    public CriRuntimeService(SandboxManager sandboxes, ContainerManager containers, ImageStore images, CniNetworkList? network,
        IReadOnlyList<string>? cniPluginDirectories = null)
    {
        _sandboxes = sandboxes;
        _containers = containers;
        _images = images;
        _network = network;
        _cniPluginDirectories = cniPluginDirectories ?? Cni.DefaultPluginDirectories;
    }

    public Task<VersionResponse> VersionAsync(VersionRequest request, CancellationToken ct) =>
        Task.FromResult(new VersionResponse
        {
            Version = KubeApiVersion,
            RuntimeName = "berth",
            RuntimeVersion = typeof(CriRuntimeService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            RuntimeApiVersion = RuntimeApiVersion,
        });

    public Task<StatusResponse> StatusAsync(StatusRequest request, CancellationToken ct)
    {
        var response = new StatusResponse
        {
            Status = new RuntimeStatus { Conditions = { RuntimeCondition(), NetworkCondition() } },
            RuntimeHandlers = { new RuntimeHandler { Name = "", Features = new RuntimeHandlerFeatures() } },
            Features = new RuntimeFeatures(),
        };
        return Task.FromResult(response);
    }

    static RuntimeCondition RuntimeCondition()
    {
        var missing = new[] { "runc", "conmon" }.Where(tool => OciRuntime.Which(tool) is null).ToList();
        return missing.Count == 0
            ? new RuntimeCondition { Type = "RuntimeReady", Status = true }
            : new RuntimeCondition
            {
                Type = "RuntimeReady", Status = false, Reason = "RuntimeBinariesMissing",
                Message = $"{string.Join(" and ", missing)} not found in PATH: install the Debian packages {string.Join(" ", missing)}",
            };
    }

    RuntimeCondition NetworkCondition()
    {
        if (_network is null)
            return new RuntimeCondition
            {
                Type = "NetworkReady", Status = false, Reason = "NetworkPluginNotReady",
                Message = "no CNI network config is loaded: write a conflist (berth writes 10-berth.conflist at agent start)",
            };
        var missing = _network.Plugins.Select(p => (string?)p["type"]?.ToString()).Append("loopback").OfType<string>().Distinct()
            .Where(type => !_cniPluginDirectories.Any(dir => File.Exists(Path.Combine(dir, type)))).ToList();
        return missing.Count == 0
            ? new RuntimeCondition { Type = "NetworkReady", Status = true }
            : new RuntimeCondition
            {
                Type = "NetworkReady", Status = false, Reason = "NetworkPluginNotReady",
                Message = $"CNI plugins {string.Join(", ", missing)} of network \"{_network.Name}\" are not in {string.Join(':', _cniPluginDirectories)}: install containernetworking-plugins",
            };
    }

    public Task<UpdateRuntimeConfigResponse> UpdateRuntimeConfigAsync(UpdateRuntimeConfigRequest request, CancellationToken ct) =>
        // The pod CIDR is in the CNI config berth writes itself; the kubelet's copy changes nothing here, as with CRI-O.
        Task.FromResult(new UpdateRuntimeConfigResponse());

    public Task<RuntimeConfigResponse> RuntimeConfigAsync(RuntimeConfigRequest request, CancellationToken ct) =>
        Task.FromResult(new RuntimeConfigResponse { Linux = new LinuxRuntimeConfiguration { CgroupDriver = CgroupDriver.Cgroupfs } });

    public Task<CheckpointContainerResponse> CheckpointContainerAsync(CheckpointContainerRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("CheckpointContainer", "checkpointing needs CRIU, which berth does not drive");

    public IAsyncEnumerable<ContainerEventResponse> GetContainerEventsAsync(GetEventsRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("GetContainerEvents", "there is no evented PLEG yet: the kubelet keeps polling with ListContainers/ListPodSandbox (the default)");

    public Task<ListMetricDescriptorsResponse> ListMetricDescriptorsAsync(ListMetricDescriptorsRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("ListMetricDescriptors", "CRI-served metrics are not offered; the kubelet uses ContainerStats and cAdvisor");

    public Task<ListPodSandboxMetricsResponse> ListPodSandboxMetricsAsync(ListPodSandboxMetricsRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("ListPodSandboxMetrics", "CRI-served metrics are not offered; the kubelet uses ContainerStats and cAdvisor");
}
