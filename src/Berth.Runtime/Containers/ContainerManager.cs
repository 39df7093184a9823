// Containers on this host: create (snapshots + overlay + spec + conmon), start, wait, stop, remove and list.
// Everything a container owns (mounts, dirs, runtime state) is released by Remove, also after a failed create.
using System.Text.Json;
using Berth.Runtime.Images;
using Berth.Runtime.Native;
using Berth.Runtime.Oci;
using Berth.Runtime.Sandboxes;
using Berth.Runtime.Snapshots;

namespace Berth.Runtime.Containers;

public sealed class ContainerManager
{
    readonly string _dataDirectory;
    readonly string _runDirectory;
    readonly ImageStore _images;
    readonly SnapshotStore _snapshots;
    readonly OciRuntime _runtime;

    /// <summary>A container directory without state for this long belongs to a create that was killed.</summary>
    public static readonly TimeSpan AbandonedCreateAge = TimeSpan.FromMinutes(1);

    public ContainerManager(string dataDirectory, string runDirectory, ImageStore images, string runtime = "runc")
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _runDirectory = Path.GetFullPath(runDirectory);
        _images = images;
        _snapshots = new SnapshotStore(_dataDirectory, images.Content);
        _runtime = OciRuntime.Find(runtime, Path.Combine(_runDirectory, runtime));
    }

    public async Task<ContainerState> CreateAsync(CreateOptions options, CancellationToken ct)
    {
        if (options.Sandbox is { State: not SandboxState.Ready } notReady)
            throw new InvalidOperationException($"sandbox {notReady.Id[..12]} of pod \"{notReady.Config.Namespace}/{notReady.Config.Name}\" is not ready: create a new sandbox for the container");
        var image = await _images.GetAsync(options.Image, ct);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var name = options.Name ?? $"berth-{id[..12]}";
        using (await FileLock.AcquireAsync(Path.Combine(_dataDirectory, "containers", "lock"), ct))
        {
            if ((await ListAsync(ct)).FirstOrDefault(c => c.Name == name) is { } taken)
                throw new NameInUseException($"the container name \"{name}\" is already in use by container {taken.Id[..12]}; remove it or choose another name");
            Directory.CreateDirectory(Paths(id).Directory);
        }
        var paths = Paths(id);
        try
        {
            foreach (var dir in new[] { paths.Upper, paths.Work, paths.Rootfs, paths.Etc }) Directory.CreateDirectory(dir);
            var lowers = await _snapshots.PrepareAsync(image, ct);
            Posix.Mount("overlay", paths.Rootfs, "overlay", $"lowerdir={string.Join(':', lowers)},upperdir={paths.Upper},workdir={paths.Work}");

            var sandbox = options.Sandbox;
            var hostname = sandbox?.Hostname ?? id[..12];
            var args = ProcessSpec.Args(image.Config.Config, options);
            var request = new ContainerRequest
            {
                Id = id,
                Rootfs = paths.Rootfs,
                Args = args,
                Env = ProcessSpec.Env(image.Config.Config, options, hostname),
                WorkingDir = options.WorkingDir ?? (image.Config.Config?.WorkingDir is { Length: > 0 } wd ? wd : "/"),
                User = UserResolver.Resolve(options.User ?? image.Config.Config?.User, paths.Rootfs),
                // A pod's UTS namespace already has the pod's hostname.
                Hostname = sandbox is null ? hostname : null,
                NetworkNamespace = sandbox?.NetworkNamespace,
                IpcNamespace = sandbox?.IpcNamespace,
                UtsNamespace = sandbox?.UtsNamespace,
                Shm = sandbox?.Shm,
                ReadonlyRootfs = options.ReadonlyRootfs,
                MemoryLimitBytes = options.MemoryLimitBytes,
                Cpus = options.Cpus,
                CpuShares = options.CpuShares,
                PidsLimit = options.PidsLimit,
                Mounts = [.. EtcFiles(paths, hostname, sandbox?.Ip), .. options.Mounts],
            };
            var spec = SpecGenerator.Generate(request);
            await File.WriteAllBytesAsync(Path.Combine(paths.Bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeSpecJsonContext.Default.RuntimeSpec), ct);
            var logPath = Path.GetFullPath(options.LogPath ?? paths.Log);
            var state = new ContainerState
            {
                Id = id, Name = name, Image = image.Name.Familiar, ImageId = image.Id.ToString(), Command = args,
                Created = DateTimeOffset.UtcNow, StopSignal = image.Config.Config?.StopSignal, AutoRemove = options.AutoRemove,
                SandboxId = sandbox?.Id, BindMounts = options.Mounts, LogPath = logPath,
                MetadataName = options.MetadataName, Attempt = options.Attempt, Labels = options.Labels, Annotations = options.Annotations,
            };
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var pid = await Conmon.Find(_runtime).CreateAsync(id, name, paths.ForConmon() with { LogFile = logPath }, ct);
            state = state with { Pid = pid };
            await SaveAsync(paths, state, ct);
            return state with { Status = ContainerStatus.Created };
        }
        catch
        {
            await ReleaseAsync(paths, CancellationToken.None);
            throw;
        }
    }

    public async Task StartAsync(string id, CancellationToken ct)
    {
        var paths = Paths(id);
        var state = await LoadAsync(paths, ct);
        // Taken before `runc start`: a short process can exit (and stamp its exit file) before start returns.
        var started = DateTimeOffset.UtcNow;
        await _runtime.StartAsync(id, ct);
        await SaveAsync(paths, state with { Started = started }, ct);
    }

    /// <summary>Waits for the container's process to exit (conmon writes the exit file) and returns its state.</summary>
    public async Task<ContainerState> WaitAsync(string id, CancellationToken ct)
    {
        var paths = Paths(id);
        Directory.CreateDirectory(paths.ExitDirectory);
        using var watcher = new FileSystemWatcher(paths.ExitDirectory, id) { EnableRaisingEvents = true };
        var written = new SemaphoreSlim(0);
        watcher.Created += (_, _) => written.Release();
        watcher.Changed += (_, _) => written.Release();
        // The watcher is armed before the check, so an exit between the two is not missed; the timeout is a backstop.
        while (!File.Exists(paths.ExitFile) || new FileInfo(paths.ExitFile).Length == 0) await written.WaitAsync(TimeSpan.FromSeconds(1), ct);
        return await InspectAsync(id, ct);
    }

    /// <summary>Sends the stop signal, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task<ContainerState> StopAsync(string id, TimeSpan grace, CancellationToken ct)
    {
        var state = await InspectAsync(id, ct);
        if (state.Status != ContainerStatus.Running) return state;
        await _runtime.KillAsync(id, state.StopSignal ?? "SIGTERM", ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(grace);
        try { return await WaitAsync(id, timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await _runtime.KillAsync(id, "SIGKILL", ct);
            return await WaitAsync(id, ct);
        }
    }

    /// <summary>Runs a command in a running container on this process's stdio and returns its exit code.</summary>
    public async Task<int> ExecAsync(string id, IReadOnlyList<string> args, bool tty, IReadOnlyList<string> env, string? user, string? cwd, CancellationToken ct)
    {
        var state = await InspectAsync(id, ct);
        if (state.Status != ContainerStatus.Running)
            throw new InvalidOperationException($"container {state.Name} is not running ({state.Status.ToString().ToLowerInvariant()}): start a new one with berth run");
        var resolved = user is null ? null : UserResolver.Resolve(user, Paths(state.Id).Rootfs);
        var argument = resolved is null ? null : new SpecUserArgument(resolved.Uid, resolved.Gid, resolved.AdditionalGids);
        return await _runtime.ExecAsync(state.Id, args, tty, env, argument, cwd, ct);
    }

    /// <summary>Runs a command in a running container and returns its exit code and output (each stream capped).</summary>
    public async Task<(int ExitCode, byte[] Stdout, byte[] Stderr)> ExecCapturedAsync(string id, IReadOnlyList<string> args, int maxOutputBytes, CancellationToken ct)
    {
        var state = await InspectAsync(id, ct);
        if (state.Status != ContainerStatus.Running)
            throw new InvalidOperationException($"container {state.Name} is not running ({state.Status.ToString().ToLowerInvariant()}): exec needs a running container");
        return await _runtime.ExecCapturedAsync(state.Id, args, maxOutputBytes, ct);
    }

    /// <summary>Changes the limits of a container that has not exited; unset values stay as they are.</summary>
    public async Task UpdateResourcesAsync(string id, long? memoryLimitBytes, long? cpuQuota, long? cpuPeriod, ulong? cpuShares, CancellationToken ct)
    {
        var state = await InspectAsync(id, ct);
        if (state.Status == ContainerStatus.Exited)
            throw new InvalidOperationException($"container {state.Name} has exited: its cgroup is gone, so there are no limits to change");
        await _runtime.UpdateAsync(state.Id, memoryLimitBytes, cpuQuota, cpuPeriod, cpuShares, ct);
    }

    public async Task RemoveAsync(string id, bool force, CancellationToken ct)
    {
        var state = await InspectAsync(id, ct);
        if (state.Status == ContainerStatus.Running)
        {
            if (!force) throw new InvalidOperationException($"container {state.Name} is running: stop it first or remove it with --force");
            await _runtime.KillAsync(id, "SIGKILL", ct);
            await WaitAsync(id, ct);
        }
        await ReleaseAsync(Paths(id), ct);
    }

    public async Task<ContainerState> InspectAsync(string idOrName, CancellationToken ct)
    {
        var all = await ListAsync(ct);
        return all.FirstOrDefault(c => c.Id == idOrName || c.Name == idOrName)
            ?? all.SingleOrDefault(c => idOrName.Length >= 4 && c.Id.StartsWith(idOrName))
            ?? throw new KeyNotFoundException($"no such container: {idOrName}");
    }

    public async Task<IReadOnlyList<ContainerState>> ListAsync(CancellationToken ct)
    {
        var root = Path.Combine(_dataDirectory, "containers");
        if (!Directory.Exists(root)) return [];
        var states = new List<ContainerState>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var paths = Paths(Path.GetFileName(dir));
            if (!File.Exists(paths.State))
            {
                // A create that was killed before it saved its state: release what it left (mount, runtime state, dirs).
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) > AbandonedCreateAge) await ReleaseAsync(paths, ct);
                continue;
            }
            var state = await LoadAsync(paths, ct);
            states.Add(await WithStatusAsync(paths, state with { LogPath = state.LogPath ?? paths.Log }, ct));
        }
        return states.OrderByDescending(s => s.Created).ToList();
    }

    public string LogPath(string id) => Paths(id).Log;

    /// <summary>The conmon control FIFO, where a message asks conmon to reopen the container's log file.</summary>
    public string ControlFifo(string id) => Path.Combine(Paths(id).Bundle, "ctl");

    async Task<ContainerState> WithStatusAsync(ContainerPaths paths, ContainerState state, CancellationToken ct)
    {
        if (File.Exists(paths.ExitFile) && new FileInfo(paths.ExitFile).Length > 0)
            return state with
            {
                Status = ContainerStatus.Exited,
                ExitCode = int.Parse(await File.ReadAllTextAsync(paths.ExitFile, ct)),
                Finished = File.GetLastWriteTimeUtc(paths.ExitFile),
                OomKilled = File.Exists(paths.OomFile),
            };
        var status = await _runtime.StatusAsync(state.Id, ct);
        return state with { Status = status == "running" ? ContainerStatus.Running : status == "created" ? ContainerStatus.Created : ContainerStatus.Exited };
    }

    /// <summary>Deletes the runtime's container, unmounts the rootfs and removes every file; safe to repeat.</summary>
    async Task ReleaseAsync(ContainerPaths paths, CancellationToken ct)
    {
        await _runtime.DeleteIfPresentAsync(paths.Id, ct);
        Posix.Unmount(paths.Rootfs);
        var sockets = Path.Combine(paths.SocketDirectory, paths.Id);
        if (Directory.Exists(sockets)) Directory.Delete(sockets, recursive: true);
        if (File.Exists(paths.ExitFile)) File.Delete(paths.ExitFile);
        if (Directory.Exists(paths.Directory)) Directory.Delete(paths.Directory, recursive: true);
    }

    /// <summary>/etc/hostname, /etc/hosts (the hostname resolves to the pod IP in a pod) and /etc/resolv.conf.</summary>
    static IEnumerable<SpecMount> EtcFiles(ContainerPaths paths, string hostname, string? podIp)
    {
        File.WriteAllText(Path.Combine(paths.Etc, "hostname"), hostname + "\n");
        File.WriteAllText(Path.Combine(paths.Etc, "hosts"), $"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n{podIp ?? "127.0.1.1"}\t{hostname}\n");
        File.WriteAllText(Path.Combine(paths.Etc, "resolv.conf"), File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "");
        return new[] { "hostname", "hosts", "resolv.conf" }.Select(file => new SpecMount
        {
            Destination = $"/etc/{file}", Type = "bind", Source = Path.Combine(paths.Etc, file), Options = ["rbind", "rprivate"],
        });
    }

    ContainerPaths Paths(string id) => new(_dataDirectory, _runDirectory, id);

    static async Task<ContainerState> LoadAsync(ContainerPaths paths, CancellationToken ct) =>
        JsonSerializer.Deserialize(await File.ReadAllBytesAsync(paths.State, ct), RuntimeJsonContext.Default.ContainerState)!;

    static Task SaveAsync(ContainerPaths paths, ContainerState state, CancellationToken ct) =>
        Berth.Oci.AtomicFile.WriteAllBytesAsync(paths.State, JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.ContainerState), ct);
}
