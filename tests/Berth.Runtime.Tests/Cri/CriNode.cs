// A node as the kubelet sees it through CRI, for these tests: the RuntimeService and ImageService over a test pod
// network (PodNetworkHost, which also cleans up) with the offline busybox image, and the calls a kubelet makes.
using Berth.Cri;
using Berth.Cri.V1;
using Berth.Runtime.Cri;
using Berth.Runtime.Images;
using Berth.Runtime.Tests.Network;

namespace Berth.Runtime.Tests.Cri;

sealed class CriNode : IAsyncDisposable
{
    public static readonly string Busybox = PodNetworkHost.Busybox.ToString();

    CriNode(PodNetworkHost host, IRuntimeService runtime, IImageService images) => (Host, Runtime, Images) = (host, runtime, images);

    public PodNetworkHost Host { get; }
    public IRuntimeService Runtime { get; }
    public IImageService Images { get; }
    public string LogDirectory => Path.Combine(Host.Directory, "pod-logs");

    public static async Task<CriNode> StartAsync()
    {
        var host = await PodNetworkHost.StartAsync();
        var containers = await host.ContainersAsync();
        var images = new ImageStore(host.DataDirectory);
        return new CriNode(host, new CriRuntimeService(host.Sandboxes, containers, images, host.Network), new CriImageService(host.DataDirectory, images));
    }

    public static PodSandboxConfig PodConfig(string name, IDictionary<string, string>? labels = null, string? logDirectory = null)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "default", Uid = $"uid-{name}", Attempt = 0 },
            Hostname = name,
            LogDirectory = logDirectory ?? "",
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod } },
            },
        };
        if (labels is not null) config.Labels.Add(labels);
        return config;
    }

    public async Task<string> RunPodAsync(PodSandboxConfig config) =>
        (await Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, CancellationToken.None)).PodSandboxId;

    public async Task<string> CreateAsync(string podId, PodSandboxConfig pod, string name, string script, string logPath = "", IDictionary<string, string>? labels = null)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = Busybox },
            Command = { "sh", "-c" },
            Args = { script },
            LogPath = logPath,
        };
        if (labels is not null) config.Labels.Add(labels);
        var request = new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod };
        return (await Runtime.CreateContainerAsync(request, CancellationToken.None)).ContainerId;
    }

    public async Task<string> RunAsync(string podId, PodSandboxConfig pod, string name, string script, string logPath = "")
    {
        var id = await CreateAsync(podId, pod, name, script, logPath);
        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, CancellationToken.None);
        return id;
    }

    public async Task<ContainerStatus> StatusAsync(string id) =>
        (await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, CancellationToken.None)).Status;

    /// <summary>Polls ContainerStatus as the kubelet's PLEG does, for at most 30 s.</summary>
    public async Task<ContainerStatus> WaitForStateAsync(string id, ContainerState state)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var status = await StatusAsync(id);
            if (status.State == state) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"container {id} did not reach {state} in 30 s");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
