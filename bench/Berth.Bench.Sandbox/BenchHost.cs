// The benchmark's own pod network and stores: bridge berthbench0 on 10.42.251.0/24, the real CNI plugins, a
// busybox image imported offline, everything in a temp dir; disposing removes what is left and the bridge.
using System.Diagnostics;
using Berth.Oci;
using Berth.Runtime.Containers;
using Berth.Runtime.Images;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;

namespace Berth.Bench.Sandbox;

sealed class BenchHost : IAsyncDisposable
{
    public const string Bridge = "berthbench0";
    public const string Subnet = "10.42.251.0/24";
    public static readonly ImageReference Busybox = ImageReference.Parse("localhost/berth-bench/busybox:1");

    readonly string _directory;
    readonly string _ipForwardBefore = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
    public required SandboxManager Sandboxes { get; init; }
    public required ContainerManager Containers { get; init; }

    BenchHost(string directory) => _directory = directory;

    public static async Task<BenchHost> StartAsync(CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("berth-bench-sandbox-").FullName;
        string Dir(string name) => Path.Combine(directory, name);
        await RunAsync("ip", "link", "del", Bridge);
        var network = await DefaultNetwork.LoadOrWriteAsync(Dir("net.d"),
            new BridgeNetworkOptions { Name = "berthbench", Bridge = Bridge, Subnet = Subnet, IpamDataDirectory = Dir("ipam") }, ct);
        var images = new ImageStore(Dir("data"));
        await RootfsImporter.ImportAsync(images, BusyboxRootfs(Dir("busybox")), Busybox, ct);
        return new BenchHost(directory)
        {
            Sandboxes = new SandboxManager(Dir("data"), Dir("run"), new CniPodNetwork(new Cni(Dir("cni-cache")), network)),
            Containers = new ContainerManager(Dir("data"), Dir("run"), images),
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in await Containers.ListAsync(CancellationToken.None)) await Containers.RemoveAsync(container.Id, force: true, CancellationToken.None);
        foreach (var sandbox in await Sandboxes.ListAsync(CancellationToken.None)) await Sandboxes.RemoveAsync(sandbox.Id, CancellationToken.None);
        await RunAsync("ip", "link", "del", Bridge);
        // The bridge plugin turns forwarding on for its gateway; nothing here routes off the host.
        if (_ipForwardBefore == "0") await File.WriteAllTextAsync("/proc/sys/net/ipv4/ip_forward", "0");
        Directory.Delete(_directory, recursive: true);
    }

    static string BusyboxRootfs(string directory)
    {
        if (!File.Exists("/bin/busybox")) throw new InvalidOperationException("/bin/busybox is missing: install the Debian package busybox-static");
        var bin = Directory.CreateDirectory(Path.Combine(directory, "bin")).FullName;
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in new[] { "sh", "sleep", "true" }) File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        foreach (var dir in new[] { "etc", "tmp", "proc", "sys", "dev" }) Directory.CreateDirectory(Path.Combine(directory, dir));
        File.WriteAllText(Path.Combine(directory, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        return directory;
    }

    static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }
}
