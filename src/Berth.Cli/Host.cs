// The local stores a daemonless command works on, from --data-dir and --run-dir, and the pod network that
// `berth run` containers join (bridge and subnet from --bridge and --pod-cidr).
using System.CommandLine;
using Berth.Runtime.Containers;
using Berth.Runtime.Images;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;
using Berth.Runtime.Snapshots;

namespace Berth.Cli;

sealed record Host(ImageStore Images, ContainerManager Containers, string Data, string Run, BridgeNetworkOptions Network)
{
    /// <summary>The CRI namespace of the sandboxes `berth run` makes, one per container; `berth rm` removes them.</summary>
    public const string RunNamespace = "berth-run";

    public static readonly Option<string> Bridge = new("--bridge")
    {
        Description = "Linux bridge of the container network", DefaultValueFactory = _ => "berth0", Recursive = true,
    };

    public static readonly Option<string> PodCidr = new("--pod-cidr")
    {
        Description = "Subnet containers get their IP from", DefaultValueFactory = _ => "10.42.0.0/24", Recursive = true,
    };

    public static Host From(ParseResult parse)
    {
        var data = parse.GetValue(CommonOptions.DataDir)!;
        var run = parse.GetValue(CommonOptions.RunDir)!;
        var images = new ImageStore(data);
        var network = new BridgeNetworkOptions
        {
            Bridge = parse.GetValue(Bridge)!, Subnet = parse.GetValue(PodCidr)!, IpamDataDirectory = Path.Combine(run, "cni", "networks"),
        };
        return new Host(images, new ContainerManager(data, run, images), data, run, network);
    }

    public async Task<SandboxManager> SandboxesAsync(CancellationToken ct)
    {
        var list = await DefaultNetwork.LoadOrWriteAsync(Path.Combine(Data, "cni", "net.d"), Network, ct);
        return new SandboxManager(Data, Run, new CniPodNetwork(new Cni(Path.Combine(Run, "cni", "cache")), list));
    }

    /// <summary>
    /// Removes sandboxes `berth run` made for containers that no longer exist: what a `berth run` killed between
    /// creating its sandbox and its container left. Young ones may belong to a run still in progress.
    /// </summary>
    public async Task RemoveOrphanedRunSandboxesAsync(CancellationToken ct)
    {
        var sandboxes = await SandboxesAsync(ct);
        var used = (await Containers.ListAsync(ct)).Select(c => c.SandboxId).ToHashSet();
        foreach (var sandbox in await sandboxes.ListAsync(ct))
        {
            var directory = Path.Combine(Data, "sandboxes", sandbox.Id);
            if (sandbox.Config.Namespace != RunNamespace || used.Contains(sandbox.Id)) continue;
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > ContainerManager.AbandonedCreateAge) await sandboxes.RemoveAsync(sandbox.Id, ct);
        }
    }

    /// <summary>Releases the snapshots of layers no image in the store uses (and no container has mounted).</summary>
    public async Task PruneSnapshotsAsync(CancellationToken ct)
    {
        var remaining = (await Images.ListAsync(ct)).SelectMany(i => SnapshotStore.ChainIds(i.Config.RootFs.DiffIds));
        var released = new SnapshotStore(Data, Images.Content).Prune(remaining);
        if (released > 0) Console.WriteLine($"Released {released} snapshot(s) no image uses");
    }

    /// <summary>Removes a container and, when `berth run` made a sandbox for it, that sandbox (IP, namespaces, rules).</summary>
    public async Task RemoveContainerAsync(ContainerState container, bool force, CancellationToken ct)
    {
        await Containers.RemoveAsync(container.Id, force, ct);
        if (container.SandboxId is not { } sandboxId) return;
        var sandboxes = await SandboxesAsync(ct);
        if ((await sandboxes.ListAsync(ct)).Any(s => s.Id == sandboxId && s.Config.Namespace == RunNamespace))
            await sandboxes.RemoveAsync(sandboxId, ct);
    }
}
