// Pod sandboxes on this host (CRI's RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus, List):
// pinned network, IPC and UTS namespaces and a shared /dev/shm, wired by the pod network. Containers join them.
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Runtime.Native;
using Berth.Runtime.Network;

namespace Berth.Runtime.Sandboxes;

public sealed partial class SandboxManager
{
    readonly string _dataDirectory;
    readonly string _runDirectory;
    readonly IPodNetwork _network;

    public SandboxManager(string dataDirectory, string runDirectory, IPodNetwork network)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _runDirectory = Path.GetFullPath(runDirectory);
        _network = network;
    }

    /// <summary>Creates the pod's namespaces and sets up its network; on failure everything made so far is released.</summary>
    public async Task<Sandbox> CreateAsync(SandboxConfig config, CancellationToken ct)
    {
        Validate(config);
        var paths = Paths(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        var sandbox = new Sandbox
        {
            Id = paths.Id,
            Config = config,
            NetworkNamespace = paths.NetworkNamespace,
            IpcNamespace = paths.IpcNamespace,
            UtsNamespace = paths.UtsNamespace,
            Shm = paths.Shm,
            State = SandboxState.NotReady,
            NetworkAttached = true,
            Created = DateTimeOffset.UtcNow,
        };
        using (await FileLock.AcquireAsync(Path.Combine(_dataDirectory, "sandboxes", "lock"), ct))
        {
            if ((await ListAsync(ct)).FirstOrDefault(s => s.Config.Name == config.Name && s.Config.Namespace == config.Namespace && s.Config.Uid == config.Uid && s.Config.Attempt == config.Attempt) is { } taken)
                throw new NameInUseException(
                    $"pod \"{config.Namespace}/{config.Name}\" (uid \"{config.Uid}\", attempt {config.Attempt}) already has sandbox {taken.Id[..12]}: remove it first, or give the pod another name or attempt");
            // Recorded before anything exists, so whatever a crash leaves from here on, RemoveAsync finds and releases.
            await SaveAsync(paths, sandbox, ct);
        }
        try
        {
            await Namespaces.PinAsync(
                [(NamespaceKind.Network, paths.NetworkNamespace), (NamespaceKind.Ipc, paths.IpcNamespace), (NamespaceKind.Uts, paths.UtsNamespace)],
                sandbox.Hostname);
            Directory.CreateDirectory(paths.Shm);
            Posix.MountTmpfs(paths.Shm, "mode=1777,size=65536k");
            var network = await _network.SetUpAsync(Request(sandbox), ct);
            sandbox = sandbox with { State = SandboxState.Ready, Ip = network.Ips.FirstOrDefault() };
            await SaveAsync(paths, sandbox, ct);
            return sandbox;
        }
        catch (Exception failure)
        {
            // A half-made sandbox is useless to its caller: release all of it, and say so if part of that fails.
            var teardown = new List<Exception>();
            try { await _network.TearDownAsync(Request(sandbox), CancellationToken.None); }
            catch (AggregateException e) { teardown.AddRange(e.InnerExceptions); }
            catch (Exception e) { teardown.Add(e); }
            Dismantle(paths);
            // A plugin whose config broke its ADD breaks its DEL the same way; repeating that would say nothing new.
            teardown.RemoveAll(e => e is CniPluginException del && failure is CniPluginException add && del.Plugin == add.Plugin && del.Msg == add.Msg);
            if (teardown.Count == 0) throw;
            throw new InvalidOperationException(
                $"{failure.Message}. Tearing down the failed sandbox's network failed too, so an IP lease or iptables rules may be left: " +
                string.Join("; ", teardown.Select(e => e.Message)), failure);
        }
    }

    /// <summary>Tears the pod's network down (CNI DEL) and keeps its namespaces; safe to repeat.</summary>
    public async Task<Sandbox> StopAsync(string id, CancellationToken ct)
    {
        var paths = Paths(id);
        var sandbox = await LoadAsync(paths, ct);
        if (sandbox.NetworkAttached) await _network.TearDownAsync(Request(sandbox), ct);
        sandbox = sandbox with { State = SandboxState.NotReady, NetworkAttached = false, Ip = null };
        await SaveAsync(paths, sandbox, ct);
        return sandbox;
    }

    /// <summary>
    /// Releases the pod's IP, iptables rules, namespaces, mounts and files. Idempotent (an unknown id is already
    /// removed) and works on what a crash left, from any process. Remove the pod's containers first.
    /// </summary>
    public async Task RemoveAsync(string id, CancellationToken ct)
    {
        var paths = Paths(id);
        if (!File.Exists(paths.State))
        {
            Dismantle(paths);
            return;
        }
        var sandbox = await LoadAsync(paths, ct);
        // If DEL fails the sandbox stays, namespace and all, so a retry can still release what the plugins hold.
        if (sandbox.NetworkAttached) await _network.TearDownAsync(Request(sandbox), ct);
        Dismantle(paths);
    }

    public async Task<Sandbox> StatusAsync(string id, CancellationToken ct) => WithStatus(await LoadAsync(Paths(id), ct));

    public async Task<IReadOnlyList<Sandbox>> ListAsync(CancellationToken ct)
    {
        var root = Path.Combine(_dataDirectory, "sandboxes");
        if (!Directory.Exists(root)) return [];
        var sandboxes = new List<Sandbox>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var paths = Paths(Path.GetFileName(dir));
            if (File.Exists(paths.State)) sandboxes.Add(WithStatus(await LoadAsync(paths, ct)));
        }
        return sandboxes.OrderByDescending(s => s.Created).ToList();
    }

    /// <summary>A sandbox whose network namespace is gone (after a reboot, or removed by hand) is not ready.</summary>
    static Sandbox WithStatus(Sandbox sandbox) =>
        sandbox.State == SandboxState.Ready && !Namespaces.IsNamespace(sandbox.NetworkNamespace) ? sandbox with { State = SandboxState.NotReady } : sandbox;

    /// <summary>Unpins the namespaces, unmounts shm and deletes the sandbox's files; safe to repeat.</summary>
    static void Dismantle(SandboxPaths paths)
    {
        foreach (var pin in new[] { paths.NetworkNamespace, paths.IpcNamespace, paths.UtsNamespace }) Namespaces.Unpin(pin);
        Posix.Unmount(paths.Shm);
        if (Directory.Exists(paths.RunFiles)) Directory.Delete(paths.RunFiles, recursive: true);
        if (Directory.Exists(paths.Directory)) Directory.Delete(paths.Directory, recursive: true);
    }

    static PodNetworkRequest Request(Sandbox sandbox) => new()
    {
        SandboxId = sandbox.Id,
        NetworkNamespace = sandbox.NetworkNamespace,
        PodName = sandbox.Config.Name,
        PodNamespace = sandbox.Config.Namespace,
        PodUid = sandbox.Config.Uid,
        PortMappings = sandbox.Config.PortMappings,
        DefaultNetwork = sandbox.Config.Network,
    };

    static void Validate(SandboxConfig config)
    {
        if (string.IsNullOrWhiteSpace(config.Name)) throw new ArgumentException("a pod sandbox needs a name");
        if (!HostnamePattern().IsMatch(config.Hostname ?? config.Name))
            throw new ArgumentException(
                $"hostname \"{config.Hostname ?? config.Name}\" is not a valid hostname: use at most 63 lower-case letters, digits, '-' and '.'" +
                (config.Hostname is null ? " (set SandboxConfig.Hostname when the pod's name is not one)" : ""));
        foreach (var port in config.PortMappings) port.Validate();
        if (config.PortMappings.GroupBy(p => (p.HostPort, p.Protocol, p.HostIp)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"host port {twice.Key.HostPort}/{twice.Key.Protocol} is mapped twice: map each host port once");
        if (!config.Network && config.PortMappings.Count > 0)
            throw new ArgumentException("host ports need the pod network: remove the port mappings or set Network = true");
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostnamePattern();

    SandboxPaths Paths(string id)
    {
        if (id.Length == 0 || id.Contains('/') || id.Contains("..")) throw new ArgumentException($"\"{id}\" is not a sandbox id");
        return new(_dataDirectory, _runDirectory, id);
    }

    static async Task<Sandbox> LoadAsync(SandboxPaths paths, CancellationToken ct)
    {
        if (!File.Exists(paths.State)) throw new KeyNotFoundException($"no such sandbox: {paths.Id}");
        try
        {
            return JsonSerializer.Deserialize(await File.ReadAllBytesAsync(paths.State, ct), RuntimeJsonContext.Default.Sandbox)!;
        }
        catch (JsonException e)
        {
            // Only a power loss right after the sandbox was written can leave this (its state is not fsynced).
            throw new InvalidDataException($"sandbox state {paths.State} is unreadable ({e.Message}): its namespaces did not survive the restart either, so delete {paths.Directory}", e);
        }
    }

    static Task SaveAsync(SandboxPaths paths, Sandbox sandbox, CancellationToken ct) =>
        StateFile.WriteAsync(paths.State, JsonSerializer.SerializeToUtf8Bytes(sandbox, RuntimeJsonContext.Default.Sandbox), ct);
}
