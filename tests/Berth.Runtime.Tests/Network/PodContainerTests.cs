// Containers (real conmon + runc) in pod sandboxes on the real CNI bridge: localhost, hostname, IPC and /dev/shm
// shared within a pod, pod IPs across the bridge, and a host port on 127.0.0.1 forwarded by portmap.
using Berth.Runtime.Containers;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Tests.Network;

[Collection(PodNetworkCollection.Name)]
public sealed class PodContainerTests : IAsyncLifetime
{
    PodNetworkHost _host = null!;
    ContainerManager _containers = null!;

    public async Task InitializeAsync()
    {
        _host = await PodNetworkHost.StartAsync();
        _containers = await _host.ContainersAsync();
    }

    [Fact]
    public async Task Containers_of_one_sandbox_share_localhost_the_hostname_ipc_uts_network_and_shm()
    {
        var sandbox = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "pair", Hostname = "pair-host" }, CancellationToken.None);
        await _containers.StartAsync(sandbox, "echo written-by-server > /dev/shm/note && " + PodContainers.HttpServer("hello-over-localhost"));

        var client = await _containers.RunToExitAsync(sandbox,
            PodContainers.Fetch("http://127.0.0.1:8080/") + "; cat /dev/shm/note; hostname; for ns in net ipc uts; do readlink /proc/self/ns/$ns; done; grep pair-host /etc/hosts");

        Assert.True(client.ExitCode == 0, client.Log);
        var inodes = new List<string>();
        foreach (var pin in new[] { sandbox.NetworkNamespace, sandbox.IpcNamespace, sandbox.UtsNamespace })
            inodes.Add((await HostTool.RunAsync("stat", "-c", "%i", pin)).Trim());
        Assert.Equal(
            ["hello-over-localhost", "written-by-server", "pair-host", $"net:[{inodes[0]}]", $"ipc:[{inodes[1]}]", $"uts:[{inodes[2]}]", $"{sandbox.Ip}\tpair-host"],
            client.Stdout);
    }

    [Fact]
    public async Task Two_sandboxes_reach_each_other_over_their_pod_ips_across_the_bridge()
    {
        var server = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "server" }, CancellationToken.None);
        var client = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "client" }, CancellationToken.None);
        Assert.NotEqual(server.Ip, client.Ip);
        await _containers.StartAsync(server, PodContainers.HttpServer("hello-across-the-bridge"));

        var fetched = await _containers.RunToExitAsync(client, PodContainers.Fetch($"http://{server.Ip}:8080/"));

        Assert.True(fetched.ExitCode == 0, fetched.Log);
        Assert.Equal(["hello-across-the-bridge"], fetched.Stdout);
    }

    [Fact]
    public async Task A_host_port_on_127_0_0_1_reaches_the_container_server_through_portmap()
    {
        // portmap DNATs 127.0.0.1:port in the nat OUTPUT chain, sets route_localnet on the bridge so the 127.0.0.1
        // source may cross it, and masquerades such packets to the bridge's address, so no sysctl is needed here.
        var hostPort = PodContainers.FreeHostPort();
        var sandbox = await _host.Sandboxes.CreateAsync(
            new SandboxConfig { Name = "published", PortMappings = [new PortMapping(hostPort, 8080, "tcp", "127.0.0.1")] }, CancellationToken.None);
        await _containers.StartAsync(sandbox, PodContainers.HttpServer("hello-through-a-host-port"));

        Assert.Equal("hello-through-a-host-port\n", await PodContainers.FetchFromHostAsync($"http://127.0.0.1:{hostPort}/"));
        Assert.Equal("hello-through-a-host-port\n", await PodContainers.FetchFromHostAsync($"http://{sandbox.Ip}:8080/"));
    }

    [Fact]
    public async Task A_container_cannot_join_a_stopped_sandbox()
    {
        var sandbox = await _host.Sandboxes.CreateAsync(new SandboxConfig { Name = "stopped", Network = false }, CancellationToken.None);
        var stopped = await _host.Sandboxes.StopAsync(sandbox.Id, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _containers.StartAsync(stopped, "true"));

        Assert.Contains("is not ready", error.Message);
        Assert.Empty(await _containers.ListAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
