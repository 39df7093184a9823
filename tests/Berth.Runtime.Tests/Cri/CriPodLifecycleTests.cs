// A pod's life driven only through IRuntimeService, as the kubelet drives it: run the sandbox, create and start
// containers, read their status and CRI log, exec, stop the sandbox, remove it, and nothing is left on the host.
using System.Text.RegularExpressions;
using Berth.Cri.V1;
using Berth.Runtime.Tests.Network;

namespace Berth.Runtime.Tests.Cri;

[Collection(PodNetworkCollection.Name)]
public sealed class CriPodLifecycleTests : IAsyncLifetime
{
    CriNode _node = null!;

    public async Task InitializeAsync() => _node = await CriNode.StartAsync();

    [Fact]
    public async Task A_container_runs_to_its_exit_code_and_reason_and_writes_its_output_in_CRI_format_under_the_pod_log_directory()
    {
        var pod = CriNode.PodConfig("web", new Dictionary<string, string> { ["app"] = "web" }, _node.LogDirectory);
        pod.Annotations.Add("note", "kept");
        var podId = await _node.RunPodAsync(pod);

        var sandbox = (await _node.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId }, CancellationToken.None)).Status;
        Assert.Equal(PodSandboxState.SandboxReady, sandbox.State);
        Assert.StartsWith("10.42.250.", sandbox.Network.Ip);
        Assert.Equal(("web", "default", "uid-web"), (sandbox.Metadata.Name, sandbox.Metadata.Namespace, sandbox.Metadata.Uid));
        Assert.Equal("web", sandbox.Labels["app"]);
        Assert.Equal("kept", sandbox.Annotations["note"]);
        Assert.Equal(NamespaceMode.Pod, sandbox.Linux.Namespaces.Options.Network);
        Assert.InRange(sandbox.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);

        var id = await _node.CreateAsync(podId, pod, "app", "echo hello-cri; echo oops >&2; exit 3", "app/0.log");
        var created = await _node.StatusAsync(id);
        Assert.Equal(ContainerState.ContainerCreated, created.State);
        Assert.Equal("app", created.Metadata.Name);
        Assert.StartsWith("sha256:", created.ImageRef);

        await _node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, CancellationToken.None);
        var exited = await _node.WaitForStateAsync(id, ContainerState.ContainerExited);

        Assert.Equal(3, exited.ExitCode);
        Assert.Equal("Error", exited.Reason);
        Assert.True(exited.CreatedAt <= exited.StartedAt && exited.StartedAt <= exited.FinishedAt, $"{exited.CreatedAt} {exited.StartedAt} {exited.FinishedAt}");
        var logPath = Path.Combine(_node.LogDirectory, "app", "0.log");
        Assert.Equal(logPath, exited.LogPath);
        var lines = await File.ReadAllLinesAsync(logPath);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT\S+ stdout F hello-cri$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT\S+ stderr F oops$"));
    }

    [Fact]
    public async Task The_container_config_sets_env_workdir_user_readonly_rootfs_bind_mounts_and_cgroup_limits_which_UpdateContainerResources_changes()
    {
        var pod = CriNode.PodConfig("configured", logDirectory: _node.LogDirectory);
        var podId = await _node.RunPodAsync(pod);
        var data = Directory.CreateDirectory(Path.Combine(_node.Host.Directory, "volume")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "file"), "from-the-host\n");
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "configured", Attempt = 2 },
            Image = new ImageSpec { Image = CriNode.Busybox },
            Command = { "sh", "-c" },
            Args = { "echo $GREETING; pwd; id -u; cat /data/file; touch /rootfs-file 2>/dev/null || echo rootfs-ro; touch /data/x 2>/dev/null || echo mount-ro; exec sleep 60" },
            Envs = { new KeyValue { Key = "GREETING", Value = "hi" } },
            WorkingDir = "/tmp",
            Mounts = { new Mount { ContainerPath = "/data", HostPath = data, Readonly = true } },
            LogPath = "configured/2.log",
            Linux = new LinuxContainerConfig
            {
                Resources = new LinuxContainerResources { MemoryLimitInBytes = 64 << 20, CpuQuota = 50_000, CpuPeriod = 100_000, CpuShares = 512 },
                SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1000 }, ReadonlyRootfs = true },
            },
        };

        var id = (await _node.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod }, CancellationToken.None)).ContainerId;
        await _node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, CancellationToken.None);
        var running = await _node.WaitForStateAsync(id, ContainerState.ContainerRunning);

        Assert.Equal(2u, running.Metadata.Attempt);
        var mount = Assert.Single(running.Mounts);
        Assert.Equal(("/data", data, true), (mount.ContainerPath, mount.HostPath, mount.Readonly));
        Assert.Equal((64L << 20).ToString(), File.ReadAllText($"/sys/fs/cgroup/memory/berth/{id}/memory.limit_in_bytes").Trim());
        Assert.Equal("50000", File.ReadAllText($"/sys/fs/cgroup/cpu/berth/{id}/cpu.cfs_quota_us").Trim());
        Assert.Equal("512", File.ReadAllText($"/sys/fs/cgroup/cpu/berth/{id}/cpu.shares").Trim());
        string[] expected = ["hi", "/tmp", "1000", "from-the-host", "rootfs-ro", "mount-ro"];
        var log = Path.Combine(_node.LogDirectory, "configured", "2.log");
        for (var attempt = 0; attempt < 50 && StdoutOf(log).Count < expected.Length; attempt++) await Task.Delay(100);
        Assert.Equal(expected, StdoutOf(log));

        await _node.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest
        {
            ContainerId = id, Linux = new LinuxContainerResources { MemoryLimitInBytes = 128 << 20, CpuQuota = 150_000, CpuPeriod = 100_000 },
        }, CancellationToken.None);

        Assert.Equal((128L << 20).ToString(), File.ReadAllText($"/sys/fs/cgroup/memory/berth/{id}/memory.limit_in_bytes").Trim());
        Assert.Equal("150000", File.ReadAllText($"/sys/fs/cgroup/cpu/berth/{id}/cpu.cfs_quota_us").Trim());
        Assert.Equal("512", File.ReadAllText($"/sys/fs/cgroup/cpu/berth/{id}/cpu.shares").Trim());
    }

    static List<string> StdoutOf(string log) =>
        File.Exists(log) ? File.ReadAllLines(log).Select(l => l.Split(' ', 4)).Where(f => f.Length == 4 && f[1] == "stdout").Select(f => f[3]).ToList() : [];

    [Fact]
    public async Task A_pod_port_mapping_publishes_a_container_created_by_image_id_on_the_host()
    {
        var hostPort = PodContainers.FreeHostPort();
        var pod = CriNode.PodConfig("published");
        pod.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 8080, HostPort = hostPort, HostIp = "127.0.0.1" });
        var podId = await _node.RunPodAsync(pod);
        var imageId = (await _node.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = CriNode.Busybox } }, CancellationToken.None)).Image.Id;
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "server" },
            Image = new ImageSpec { Image = imageId },
            Command = { "sh", "-c", PodContainers.HttpServer("hello-through-cri") },
        };

        var id = (await _node.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod }, CancellationToken.None)).ContainerId;
        await _node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, CancellationToken.None);

        Assert.Equal("hello-through-cri\n", await PodContainers.FetchFromHostAsync($"http://127.0.0.1:{hostPort}/"));
        Assert.Equal(imageId, (await _node.StatusAsync(id)).ImageId);
    }

    [Fact]
    public async Task A_container_that_exits_zero_is_Completed()
    {
        var pod = CriNode.PodConfig("done");
        var id = await _node.RunAsync(await _node.RunPodAsync(pod), pod, "done", "true");

        var exited = await _node.WaitForStateAsync(id, ContainerState.ContainerExited);

        Assert.Equal((0, "Completed"), (exited.ExitCode, exited.Reason));
    }

    [Fact]
    public async Task A_container_killed_by_its_memory_limit_is_OOMKilled()
    {
        var pod = CriNode.PodConfig("hungry");
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "hungry" },
            Image = new ImageSpec { Image = CriNode.Busybox },
            // The shell holds the whole command substitution in memory: 64 MiB against a 16 MiB limit.
            Command = { "sh", "-c", "x=$(yes | head -c 67108864); echo survived" },
            Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 16 << 20 } },
        };
        var id = (await _node.Runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = await _node.RunPodAsync(pod), Config = config, SandboxConfig = pod }, CancellationToken.None)).ContainerId;
        await _node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, CancellationToken.None);

        var exited = await _node.WaitForStateAsync(id, ContainerState.ContainerExited);

        Assert.Equal((137, "OOMKilled"), (exited.ExitCode, exited.Reason));
    }

    [Fact]
    public async Task ExecSync_returns_exit_code_and_captured_output_and_a_timeout_is_DeadlineExceeded_and_kills_the_command()
    {
        var pod = CriNode.PodConfig("exec", logDirectory: _node.LogDirectory);
        var id = await _node.RunAsync(await _node.RunPodAsync(pod), pod, "sleeper", "exec sleep 60", "sleeper/0.log");
        await _node.WaitForStateAsync(id, ContainerState.ContainerRunning);

        var result = await _node.Runtime.ExecSyncAsync(
            new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", "echo out; echo err >&2; exit 7" }, Timeout = 10 }, CancellationToken.None);
        Assert.Equal((7, "out\n", "err\n"), (result.ExitCode, result.Stdout.ToStringUtf8(), result.Stderr.ToStringUtf8()));

        var timedOut = await Assert.ThrowsAsync<Berth.Cri.CriException>(() =>
            _node.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sleep", "30" }, Timeout = 1 }, CancellationToken.None));
        Assert.Equal(Berth.Cri.CriStatusCode.DeadlineExceeded, timedOut.StatusCode);
        // The timed-out command is killed, not left running in the container's cgroup beside its main process.
        var procs = $"/sys/fs/cgroup/pids/berth/{id}/cgroup.procs";
        for (var attempt = 0; attempt < 20 && File.ReadAllLines(procs).Length > 1; attempt++) await Task.Delay(100);
        Assert.Single(File.ReadAllLines(procs));
    }

    [Fact]
    public async Task ReopenContainerLog_makes_conmon_write_a_new_file_after_the_kubelet_rotated_the_old_one()
    {
        var pod = CriNode.PodConfig("rotate", logDirectory: _node.LogDirectory);
        var id = await _node.RunAsync(await _node.RunPodAsync(pod), pod, "ticker", "echo before; sleep 2; echo after; exec sleep 60", "ticker/0.log");
        await _node.WaitForStateAsync(id, ContainerState.ContainerRunning);
        var log = Path.Combine(_node.LogDirectory, "ticker", "0.log");
        for (var attempt = 0; attempt < 50 && (!File.Exists(log) || new FileInfo(log).Length == 0); attempt++) await Task.Delay(100);
        File.Move(log, log + ".1");

        await _node.Runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = id }, CancellationToken.None);

        Assert.True(File.Exists(log), "conmon did not reopen the log file");
        Assert.Contains("stdout F before", await File.ReadAllTextAsync(log + ".1"));
        for (var attempt = 0; attempt < 50 && !(await File.ReadAllTextAsync(log)).Contains("stdout F after"); attempt++) await Task.Delay(100);
        Assert.Contains("stdout F after", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task Container_and_pod_stats_of_a_running_container_report_its_cgroup_cpu_and_memory()
    {
        var pod = CriNode.PodConfig("stats");
        var podId = await _node.RunPodAsync(pod);
        var id = await _node.RunAsync(podId, pod, "busy", "exec sleep 60");
        await _node.WaitForStateAsync(id, ContainerState.ContainerRunning);

        var stats = (await _node.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id }, CancellationToken.None)).Stats;
        var listed = await _node.Runtime.ListContainerStatsAsync(
            new ListContainerStatsRequest { Filter = new ContainerStatsFilter { PodSandboxId = podId } }, CancellationToken.None);

        Assert.Equal("busy", stats.Attributes.Metadata.Name);
        Assert.True(stats.Memory.UsageBytes.Value > 0);
        Assert.True(stats.Cpu.UsageCoreNanoSeconds.Value > 0);
        Assert.Equal([id], listed.Stats.Select(s => s.Attributes.Id));
        var podStats = (await _node.Runtime.PodSandboxStatsAsync(new PodSandboxStatsRequest { PodSandboxId = podId }, CancellationToken.None)).Stats;
        Assert.Equal("stats", podStats.Attributes.Metadata.Name);
        Assert.Equal([id], podStats.Linux.Containers.Select(c => c.Attributes.Id));
        Assert.True(podStats.Linux.Memory.UsageBytes.Value >= stats.Memory.UsageBytes.Value / 2, "the pod's memory is its containers' sum");
        var pods = await _node.Runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest(), CancellationToken.None);
        Assert.Equal([podId], pods.Stats.Select(s => s.Attributes.Id));
    }

    [Fact]
    public async Task StopPodSandbox_stops_its_containers_and_releases_the_network_and_RemovePodSandbox_leaves_nothing()
    {
        var pod = CriNode.PodConfig("gone", logDirectory: _node.LogDirectory);
        var podId = await _node.RunPodAsync(pod);
        var id = await _node.RunAsync(podId, pod, "server", PodContainers.HttpServer("bye"), "server/0.log");
        await _node.WaitForStateAsync(id, ContainerState.ContainerRunning);
        var (rules, chains) = await Iptables.OfAsync(podId);
        Assert.NotEmpty(rules);
        Assert.Single(_node.Host.Leases());

        await _node.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, CancellationToken.None);

        Assert.Equal(ContainerState.ContainerExited, (await _node.StatusAsync(id)).State);
        var stopped = (await _node.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId }, CancellationToken.None)).Status;
        Assert.Equal(PodSandboxState.SandboxNotready, stopped.State);
        Assert.Empty(_node.Host.Leases());
        Assert.Empty(await Iptables.LeftAsync(podId, chains));

        await _node.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, CancellationToken.None);
        await _node.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, CancellationToken.None);
        await _node.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, CancellationToken.None);

        Assert.Empty((await _node.Runtime.ListContainersAsync(new ListContainersRequest(), CancellationToken.None)).Containers);
        Assert.Empty((await _node.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), CancellationToken.None)).Items);
        Assert.Empty(PodNetworkHost.MountsUnder(_node.Host.Directory));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_node.Host.DataDirectory, "containers")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_node.Host.DataDirectory, "sandboxes")));
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
