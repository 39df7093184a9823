// The CNI client (libcni's CNIConfig): runs a network list's plugins, ADD and CHECK in order and DEL in reverse,
// each given its entry plus the list's name and cniVersion, the prevResult and the runtimeConfig it declares.
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Runtime.Native;

namespace Berth.Runtime.Network;

public sealed class Cni
{
    /// <summary>Debian's containernetworking-plugins directory, then the upstream default.</summary>
    public static readonly IReadOnlyList<string> DefaultPluginDirectories = ["/usr/lib/cni", "/opt/cni/bin"];

    readonly CniExec _exec;
    readonly CniCache _cache;

    /// <param name="cacheDirectory">Where ADD results are kept for DEL and CHECK (libcni uses /var/lib/cni).</param>
    /// <param name="pluginTimeout">How long one plugin may run before it is killed (default 1 minute).</param>
    public Cni(string cacheDirectory, IReadOnlyList<string>? pluginDirectories = null, TimeSpan? pluginTimeout = null)
    {
        _exec = new CniExec(pluginDirectories ?? DefaultPluginDirectories, pluginTimeout ?? TimeSpan.FromMinutes(1));
        _cache = new CniCache(cacheDirectory);
    }

    /// <summary>Attaches the container to the network; the last plugin's result is cached and returned.</summary>
    public async Task<CniResult> AddAsync(CniNetworkList network, CniRuntimeConfig runtime, CancellationToken ct)
    {
        JsonObject? result = null;
        foreach (var plugin in network.Plugins)
            result = await _exec.RunAsync("ADD", network, PluginConfig(network, plugin, result, runtime.CapabilityArgs), runtime, ct);
        await _cache.WriteAsync(network, runtime, result!, ct);
        return CniResult.Parse(result!);
    }

    /// <summary>Asks every plugin whether the attachment is still as ADD left it; throws naming the first that says no.</summary>
    public async Task CheckAsync(CniNetworkList network, CniRuntimeConfig runtime, CancellationToken ct)
    {
        // CHECK came with CNI 0.4.0; older lists, and lists that opt out, have nothing to check.
        if (!network.VersionAtLeast("0.4.0") || network.DisableCheck) return;
        var cached = await _cache.ReadAsync(network.Name, runtime, ct);
        if (cached?.Result is null)
            throw new InvalidOperationException(
                $"container {runtime.ContainerId} has no cached ADD result for network \"{network.Name}\" ({runtime.IfName}): CHECK needs one, so ADD it first");
        foreach (var plugin in network.Plugins)
            await _exec.RunAsync("CHECK", network, PluginConfig(network, plugin, cached.Result, runtime.CapabilityArgs), runtime, ct);
    }

    /// <summary>
    /// Detaches the container. Safe to repeat and to call after a crash or a failed ADD: plugins release what is
    /// left, and every plugin gets its DEL even when one before it fails, so one broken entry strands nothing else.
    /// </summary>
    public async Task DelAsync(CniNetworkList network, CniRuntimeConfig runtime, CancellationToken ct)
    {
        var cached = await _cache.ReadAsync(network.Name, runtime, ct);
        // DEL undoes what ADD did: it runs the list ADD ran, with ADD's arguments, even if the file changed since.
        var list = cached is null ? network
            : CniNetworkList.Parse(Encoding.UTF8.GetString(cached.Config), $"{network.Source} as cached at ADD in {_cache.PathFor(network.Name, runtime)}");
        var capabilityArgs = cached?.CapabilityArgs is { } args
            ? args.ToDictionary(a => a.Key, a => a.Value!)
            : runtime.CapabilityArgs;
        var prevResult = list.VersionAtLeast("0.4.0") ? cached?.Result : null;
        // A namespace that is gone goes as an empty CNI_NETNS: plugins then still release what they hold outside it.
        var delRuntime = runtime with
        {
            NetworkNamespace = Namespaces.IsNamespace(runtime.NetworkNamespace) ? runtime.NetworkNamespace : "",
            CapabilityArgs = capabilityArgs,
        };
        var failures = new List<Exception>();
        foreach (var plugin in list.Plugins.Reverse())
        {
            try
            {
                await _exec.RunAsync("DEL", list, PluginConfig(list, plugin, prevResult, capabilityArgs), delRuntime, ct);
            }
            catch (Exception e) when (e is CniPluginException or FileNotFoundException or InvalidDataException or TimeoutException)
            {
                failures.Add(e);
            }
        }
        if (failures.Count == 1) ExceptionDispatchInfo.Throw(failures[0]);
        if (failures.Count > 1)
            throw new AggregateException($"CNI DEL on network \"{list.Name}\" failed in {failures.Count} plugins", failures);
        _cache.Delete(list.Name, runtime);
    }

    /// <summary>The result ADD cached for this attachment, or null when there is none.</summary>
    public async Task<CniResult?> CachedResultAsync(CniNetworkList network, CniRuntimeConfig runtime, CancellationToken ct) =>
        await _cache.ReadAsync(network.Name, runtime, ct) is { Result: { } result } ? CniResult.Parse(result) : null;

    static JsonObject PluginConfig(CniNetworkList network, JsonObject plugin, JsonObject? prevResult, IReadOnlyDictionary<string, JsonNode> capabilityArgs)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["name"] = network.Name;
        config["cniVersion"] = network.CniVersion;
        if (prevResult is not null) config["prevResult"] = prevResult.DeepClone();
        var runtimeConfig = new JsonObject();
        if (plugin["capabilities"] is JsonObject capabilities)
            foreach (var (capability, enabled) in capabilities)
                if (enabled?.GetValueKind() == JsonValueKind.True && capabilityArgs.TryGetValue(capability, out var value))
                    runtimeConfig[capability] = value.DeepClone();
        if (runtimeConfig.Count > 0) config["runtimeConfig"] = runtimeConfig;
        return config;
    }
}
