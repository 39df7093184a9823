// A test's own pod network on this host: bridge berthtest0 on 10.42.250.0/24, the real CNI plugins, and every
// state dir (host-local leases, CNI cache, sandboxes, containers) in a temp dir. Dispose takes it all down again:
// containers, sandboxes, leftover mounts, the bridge, portmap's chains and ip_forward, also after a failure.
using Berth.Oci;
using Berth.Runtime.Containers;
using Berth.Runtime.Images;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Tests.Network;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PodNetworkCollection
{
    // One bridge and subnet for all these tests: they run one at a time, after the other collections.
    public const string Name = "pod network (berthtest0)";
}

public sealed class PodNetworkHost : IAsyncDisposable
{
    public const string Bridge = "berthtest0";
    public const string Subnet = "10.42.250.0/24";
    public static readonly ImageReference Busybox = ImageReference.Parse("localhost/berth-test/busybox:1");

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("berth-cni-").FullName;
    public string DataDirectory => Path.Combine(Directory, "data");
    public string RunDirectory => Path.Combine(Directory, "run");
    public string CacheDirectory => Path.Combine(Directory, "cni-cache");
    public string IpamDirectory => Path.Combine(Directory, "ipam");
    public string NetworkName { get; }
    public CniNetworkList Network { get; }
    public Cni Cni { get; }
    public SandboxManager Sandboxes { get; private set; }

    readonly string _ipForwardBefore = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
    readonly bool _hostportChainsBefore;
    ContainerManager? _containers;

    PodNetworkHost(string networkName, Func<string, string>? editConfig, bool hostportChainsBefore)
    {
        NetworkName = networkName;
        _hostportChainsBefore = hostportChainsBefore;
        var json = DefaultNetwork.ConfigList(new BridgeNetworkOptions { Name = networkName, Bridge = Bridge, Subnet = Subnet, IpamDataDirectory = IpamDirectory });
        var path = Path.Combine(Directory, "net.d", $"{networkName}.conflist");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, editConfig?.Invoke(json) ?? json);
        Network = CniNetworkList.Parse(File.ReadAllText(path), path);
        Cni = new Cni(CacheDirectory);
        Sandboxes = NewSandboxManager();
    }

    /// <param name="editConfig">Changes the network list's JSON before use (to break a plugin's config, say).</param>
    public static async Task<PodNetworkHost> StartAsync(string networkName = "berthtest", Func<string, string>? editConfig = null)
    {
        // A bridge left by an earlier run that was killed would carry its routes and leases: start from none.
        await HostTool.TryRunAsync("ip", "link", "del", Bridge);
        return new PodNetworkHost(networkName, editConfig, await Iptables.HostportChainsExistAsync());
    }

    /// <summary>A manager over the same dirs with nothing shared in memory, as a restarted Berth would have.</summary>
    public SandboxManager NewSandboxManager() => new(DataDirectory, RunDirectory, new CniPodNetwork(new Cni(CacheDirectory), Network));

    public void UseSandboxManager(SandboxManager manager) => Sandboxes = manager;

    public string LeaseDirectory => Path.Combine(IpamDirectory, NetworkName);

    /// <summary>host-local's lease files: one per leased IP, named by the IP.</summary>
    public IReadOnlyList<string> Leases() =>
        System.IO.Directory.Exists(LeaseDirectory)
            ? System.IO.Directory.GetFiles(LeaseDirectory).Select(f => Path.GetFileName(f)).Where(f => System.Net.IPAddress.TryParse(f, out _)).ToList()
            : [];

    /// <summary>Containers from a busybox image imported offline, created on first use.</summary>
    public async Task<ContainerManager> ContainersAsync()
    {
        if (_containers is not null) return _containers;
        var images = new ImageStore(DataDirectory);
        var rootfs = BusyboxRootfs.Create(System.IO.Directory.CreateDirectory(Path.Combine(Directory, "busybox")).FullName);
        await RootfsImporter.ImportAsync(images, rootfs, Busybox, CancellationToken.None);
        return _containers = new ContainerManager(DataDirectory, RunDirectory, images);
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<string>();
        async Task Try(string what, Func<Task> step)
        {
            try { await step(); }
            catch (Exception e) { failures.Add($"{what}: {e.Message}"); }
        }
        if (_containers is { } containers)
            foreach (var container in await containers.ListAsync(CancellationToken.None))
                await Try($"removing container {container.Id}", () => containers.RemoveAsync(container.Id, force: true, CancellationToken.None));
        foreach (var sandbox in await Sandboxes.ListAsync(CancellationToken.None))
            await Try($"removing sandbox {sandbox.Id}", () => Sandboxes.RemoveAsync(sandbox.Id, CancellationToken.None));
        await Try("checking for leaked iptables rules", async () =>
        {
            var leaked = await Iptables.RemoveRulesOfNetworkAsync(NetworkName);
            if (leaked.Count > 0) throw new InvalidOperationException($"{leaked.Count} rules were left (now removed): {string.Join(" | ", leaked)}");
        });
        await Try("unmounting leftovers", () => { UnmountUnder(Directory); return Task.CompletedTask; });
        await Try("deleting the bridge", async () =>
        {
            if ((await HostTool.TryRunAsync("ip", "link", "show", Bridge)).Code == 0) await HostTool.RunAsync("ip", "link", "del", Bridge);
        });
        if (!_hostportChainsBefore) await Try("removing portmap's chains", Iptables.RemoveUnusedHostportChainsAsync);
        // The bridge plugin turns forwarding on for its gateway; none of these tests route off the host, so put it back.
        if (_ipForwardBefore == "0") await Try("restoring ip_forward", () => File.WriteAllTextAsync("/proc/sys/net/ipv4/ip_forward", "0"));
        await Try("deleting the temp dir", () => { System.IO.Directory.Delete(Directory, recursive: true); return Task.CompletedTask; });
        Assert.True(failures.Count == 0, "cleanup failed: " + string.Join("; ", failures));
    }

    /// <summary>Mount points under a directory, from /proc/self/mountinfo (field 5), deepest first.</summary>
    public static IReadOnlyList<string> MountsUnder(string directory) =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4].Replace("\\040", " "))
            .Where(m => m.StartsWith(directory + "/")).OrderByDescending(m => m.Length).ToList();

    static void UnmountUnder(string directory)
    {
        foreach (var mount in MountsUnder(directory)) Native.Posix.Unmount(mount);
    }
}
