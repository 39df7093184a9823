// Pod networking through CNI, as CRI-O does it: the loopback plugin brings lo up in every pod, and the default
// network list (bridge + host-local + portmap) gives it eth0, an IP and its host ports.
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;

namespace Berth.Runtime.Network;

public sealed class CniPodNetwork(Cni cni, CniNetworkList network) : IPodNetwork
{
    static readonly CniNetworkList Loopback = CniNetworkList.Parse(
        """{"cniVersion": "1.0.0", "name": "cni-loopback", "plugins": [{"type": "loopback"}]}""", "Berth's built-in loopback network");

    public CniNetworkList Network => network;

    public async Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest pod, CancellationToken ct)
    {
        // lo and eth0 do not depend on each other: set them up side by side to start the pod sooner.
        var loopback = cni.AddAsync(Loopback, Runtime(pod, "lo"), ct);
        var attach = pod.DefaultNetwork ? cni.AddAsync(network, Runtime(pod, "eth0"), ct) : null;
        await Task.WhenAll(attach is null ? [loopback] : [loopback, attach]);
        return new PodNetworkStatus(attach is null ? [] : (await attach).Ips.Select(ip => ip.Ip).ToList());
    }

    public async Task TearDownAsync(PodNetworkRequest pod, CancellationToken ct)
    {
        var failures = new List<Exception>();
        foreach (var (list, ifName) in pod.DefaultNetwork ? [(network, "eth0"), (Loopback, "lo")] : new[] { (Loopback, "lo") })
        {
            try { await cni.DelAsync(list, Runtime(pod, ifName), ct); }
            catch (Exception e) when (e is not OperationCanceledException) { failures.Add(e); }
        }
        if (failures.Count == 1) ExceptionDispatchInfo.Throw(failures[0]);
        if (failures.Count > 1) throw new AggregateException($"tearing down the network of sandbox {pod.SandboxId} failed", failures);
    }

    /// <summary>The CNI arguments kubelet-driven runtimes pass, so plugins can tell which pod an attachment is for.</summary>
    static CniRuntimeConfig Runtime(PodNetworkRequest pod, string ifName) => new()
    {
        ContainerId = pod.SandboxId,
        NetworkNamespace = pod.NetworkNamespace,
        IfName = ifName,
        Args =
        [
            new("IgnoreUnknown", "1"),
            new("K8S_POD_NAMESPACE", pod.PodNamespace),
            new("K8S_POD_NAME", pod.PodName),
            new("K8S_POD_INFRA_CONTAINER_ID", pod.SandboxId),
            new("K8S_POD_UID", pod.PodUid),
        ],
        CapabilityArgs = pod.PortMappings.Count == 0 ? new Dictionary<string, JsonNode>() : new Dictionary<string, JsonNode>
        {
            ["portMappings"] = new JsonArray([.. pod.PortMappings.Select(p => (JsonNode)new JsonObject
            {
                ["hostPort"] = p.HostPort,
                ["containerPort"] = p.ContainerPort,
                ["protocol"] = p.Protocol,
                ["hostIP"] = p.HostIp,
            })]),
        },
    };
}
