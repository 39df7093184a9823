// Pod sandboxes with the real bridge, host-local, portmap and loopback plugins: what a sandbox gets (IP, eth0,
// lo, hostname), and that stop, remove, a crash and a broken plugin config all end with nothing left behind.
using System.Net;
using System.Text.Json.Nodes;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Tests.Network;

[Collection(PodNetworkCollection.Name)]
public sealed class SandboxTests : IAsyncLifetime
{
    PodNetworkHost _host = null!;

    public async Task InitializeAsync() => _host = await PodNetworkHost.StartAsync();

    [Fact]
    public async Task A_sandbox_gets_an_ip_in_the_pod_subnet_its_hostname_and_a_namespace_with_eth0_and_lo_up()
    {
        var sandbox = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "web", Namespace = "shop", Uid = "u-1" }, CancellationToken.None);

        Assert.Equal(SandboxState.Ready, sandbox.State);
        Assert.True(IPNetwork.Parse(PodNetworkHost.Subnet).Contains(IPAddress.Parse(sandbox.Ip!)), $"{sandbox.Ip} is not in {PodNetworkHost.Subnet}");
        Assert.Equal([sandbox.Ip!], _host.Leases());
        Assert.Equal(Path.Combine(_host.RunDirectory, "netns", sandbox.Id), sandbox.NetworkNamespace);
        Assert.True(File.Exists(Path.Combine(_host.DataDirectory, "sandboxes", sandbox.Id, "state.json")));
        var links = await HostTool.InNetnsAsync(sandbox.NetworkNamespace, "ip", "-o", "link", "show");
        Assert.Matches(@"\d+: lo: <[A-Z_,]*\bUP\b", links);
        Assert.Matches(@"\d+: eth0@\w+: <[A-Z_,]*\bUP\b", links);
        var addresses = await HostTool.InNetnsAsync(sandbox.NetworkNamespace, "ip", "-o", "addr", "show");
        Assert.Contains("lo    inet 127.0.0.1/8", addresses);
        Assert.Contains($"eth0    inet {sandbox.Ip}/24", addresses);
        Assert.Equal("web\n", await HostTool.RunAsync("nsenter", $"--uts={sandbox.UtsNamespace}", "hostname"));
        var status = await _host.Sandboxes.StatusAsync(sandbox.Id, CancellationToken.None);
        Assert.Equal((sandbox.Id, SandboxState.Ready, sandbox.Ip, "shop", "u-1"), (status.Id, status.State, status.Ip, status.Config.Namespace, status.Config.Uid));
        Assert.Equal([sandbox.Id], (await _host.Sandboxes.ListAsync(CancellationToken.None)).Select(s => s.Id));
    }

    [Fact]
    public async Task A_sandbox_without_the_pod_network_has_only_loopback_up_and_no_ip()
    {
        var sandbox = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "offline", Network = false }, CancellationToken.None);

        Assert.Null(sandbox.Ip);
        Assert.Empty(_host.Leases());
        var links = (await HostTool.InNetnsAsync(sandbox.NetworkNamespace, "ip", "-o", "link", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"\d+: lo: <[A-Z_,]*\bUP\b", Assert.Single(links));
    }

    [Fact]
    public async Task Stopping_releases_the_ip_and_keeps_the_namespaces_until_the_sandbox_is_removed()
    {
        var sandbox = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "stopping" }, CancellationToken.None);

        var stopped = await _host.Sandboxes.StopAsync(sandbox.Id, CancellationToken.None);
        Assert.Equal((SandboxState.NotReady, null), (stopped.State, stopped.Ip));
        Assert.Empty(_host.Leases());
        Assert.True(new NetworkNamespace(sandbox.NetworkNamespace).Exists);
        Assert.DoesNotContain("eth0", await HostTool.InNetnsAsync(sandbox.NetworkNamespace, "ip", "-o", "link", "show"));
        Assert.Equal(SandboxState.NotReady, (await _host.Sandboxes.StopAsync(sandbox.Id, CancellationToken.None)).State);

        await _host.Sandboxes.RemoveAsync(sandbox.Id, CancellationToken.None);
        Assert.False(File.Exists(sandbox.NetworkNamespace));
    }

    [Fact]
    public async Task Removing_a_sandbox_releases_its_ip_namespaces_shm_cni_cache_and_iptables_rules_and_is_idempotent()
    {
        var sandbox = await _host.Sandboxes.CreateAsync(
            new SandboxConfig { Name = "ported", PortMappings = [new PortMapping(PodContainers.FreeHostPort(), 8080, "tcp", "127.0.0.1")] }, CancellationToken.None);
        var (rules, chains) = await Iptables.OfAsync(sandbox.Id);
        Assert.Contains(rules, r => r.Contains("-j DNAT --to-destination " + sandbox.Ip + ":8080"));
        Assert.Contains(rules, r => r.Contains("MASQUERADE"));

        await _host.Sandboxes.RemoveAsync(sandbox.Id, CancellationToken.None);

        await AssertReleasedAsync(sandbox, chains);
        await _host.Sandboxes.RemoveAsync(sandbox.Id, CancellationToken.None);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fresh_manager_removes_what_a_crash_left_behind(bool crashedDuringCniAdd)
    {
        var sandbox = await _host.Sandboxes.CreateAsync(
            new SandboxConfig { Name = "crashed", PortMappings = [new PortMapping(PodContainers.FreeHostPort(), 8080, "tcp", "127.0.0.1")] }, CancellationToken.None);
        var (_, chains) = await Iptables.OfAsync(sandbox.Id);
        if (crashedDuringCniAdd)
        {
            // As if Berth died inside ADD: the plugins did their work, but no result was cached and no IP recorded.
            foreach (var cached in Directory.GetFiles(Path.Combine(_host.CacheDirectory, "results"))) File.Delete(cached);
            var state = Path.Combine(_host.DataDirectory, "sandboxes", sandbox.Id, "state.json");
            var json = JsonNode.Parse(File.ReadAllText(state))!.AsObject();
            json.Remove("Ip");
            json["State"] = "NotReady";
            File.WriteAllText(state, json.ToJsonString());
        }

        _host.UseSandboxManager(_host.NewSandboxManager());
        var found = Assert.Single(await _host.Sandboxes.ListAsync(CancellationToken.None));
        Assert.Equal(sandbox.Id, found.Id);
        await _host.Sandboxes.RemoveAsync(found.Id, CancellationToken.None);

        await AssertReleasedAsync(sandbox, chains);
    }

    [Fact]
    public async Task A_plugin_with_a_bad_config_fails_naming_it_and_leaves_nothing_behind()
    {
        // portmap runs after bridge has made the veth, leased an IP and added masquerade rules: all must be undone.
        await using var bad = await PodNetworkHost.StartAsync("berthbad", json => json.Replace("\"type\": \"portmap\"", "\"type\": \"portmap\", \"snat\": \"yes\""));

        var error = await Assert.ThrowsAsync<CniPluginException>(() => bad.Sandboxes.CreateAsync(
            new SandboxConfig { Name = "broken", PortMappings = [new PortMapping(PodContainers.FreeHostPort(), 8080)] }, CancellationToken.None));

        Assert.Equal(("portmap", "ADD", "berthbad"), (error.Plugin, error.Command, error.Network));
        Assert.StartsWith("CNI plugin \"portmap\" failed ADD on network \"berthbad\"", error.Message);
        Assert.Contains("snat", error.Message);
        Assert.Empty(await bad.Sandboxes.ListAsync(CancellationToken.None));
        Assert.Equal(["lock"], Directory.GetFileSystemEntries(Path.Combine(bad.DataDirectory, "sandboxes")).Select(Path.GetFileName));
        Assert.Empty(PodNetworkHost.MountsUnder(bad.Directory));
        Assert.Empty(bad.Leases());
        Assert.DoesNotContain(await Iptables.NatAsync(), l => l.Contains("berthbad"));
        Assert.Empty((await HostTool.RunAsync("ip", "-o", "link", "show", "master", PodNetworkHost.Bridge)).Trim());
    }

    [Fact]
    public async Task A_second_sandbox_for_the_same_pod_is_refused_naming_the_first()
    {
        var first = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "twice", Network = false }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<NameInUseException>(() => _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "twice", Network = false }, CancellationToken.None));

        Assert.Contains($"already has sandbox {first.Id[..12]}", error.Message);
    }

    [Fact]
    public async Task Bad_port_mappings_and_hostnames_are_refused_before_anything_is_made()
    {
        var port = await Assert.ThrowsAsync<ArgumentException>(() => _host.Sandboxes.CreateAsync(
            new SandboxConfig { Name = "p", PortMappings = [new PortMapping(70000, 80)] }, CancellationToken.None));
        Assert.Contains("host port 70000 is out of range", port.Message);
        var hostname = await Assert.ThrowsAsync<ArgumentException>(() => _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "Web_1" }, CancellationToken.None));
        Assert.Contains("set SandboxConfig.Hostname", hostname.Message);
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "sandboxes")));
    }

    async Task AssertReleasedAsync(Sandbox sandbox, IReadOnlySet<string> chains)
    {
        Assert.Empty(_host.Leases());
        foreach (var pin in new[] { sandbox.NetworkNamespace, sandbox.IpcNamespace, sandbox.UtsNamespace }) Assert.False(File.Exists(pin), $"{pin} is left");
        Assert.Empty(PodNetworkHost.MountsUnder(_host.Directory));
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "sandboxes", sandbox.Id)));
        Assert.False(Directory.Exists(Path.GetDirectoryName(sandbox.Shm)));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_host.CacheDirectory, "results")), f => f.Contains(sandbox.Id));
        Assert.Empty(await Iptables.LeftAsync(sandbox.Id, chains));
        Assert.Empty((await HostTool.RunAsync("ip", "-o", "link", "show", "master", PodNetworkHost.Bridge)).Trim());
        Assert.Empty(await _host.Sandboxes.ListAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
