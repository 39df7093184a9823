// Reads the nat table the bridge (ipMasq) and portmap plugins write, to find the rules of one attachment, and
// removes portmap's shared top-level chains when a test made them and left them empty.
using System.Text.RegularExpressions;

namespace Berth.Runtime.Tests.Network;

static partial class Iptables
{
    static readonly string[] HostportChains = ["CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-MASQ"];

    public static async Task<string[]> NatAsync() =>
        (await HostTool.RunAsync("iptables-save", "-t", "nat")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The plugins' comments name the container id; the per-attachment chains (CNI-..., CNI-DN-...) are found
    /// through the rules that jump to them.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Rules, IReadOnlySet<string> Chains)> OfAsync(string containerId)
    {
        var lines = await NatAsync();
        var chains = lines.Where(l => l.Contains(containerId))
            .SelectMany(l => JumpTarget().Matches(l).Select(m => m.Groups[1].Value))
            .Where(c => !HostportChains.Contains(c)).ToHashSet();
        return (lines.Where(l => l.Contains(containerId) || chains.Any(l.Contains)).ToList(), chains);
    }

    /// <summary>Rules that still mention the id or any of the chains.</summary>
    public static async Task<IReadOnlyList<string>> LeftAsync(string containerId, IReadOnlySet<string> chains) =>
        (await NatAsync()).Where(l => l.Contains(containerId) || chains.Any(l.Contains)).ToList();

    public static async Task<bool> HostportChainsExistAsync() => (await NatAsync()).Any(l => l.StartsWith(":CNI-HOSTPORT-DNAT "));

    /// <summary>portmap never deletes its shared chains; a test that made them removes them once no mapping uses them.</summary>
    public static async Task RemoveUnusedHostportChainsAsync()
    {
        var lines = await NatAsync();
        if (!lines.Any(l => l.StartsWith(":CNI-HOSTPORT-DNAT ")) || lines.Any(l => l.StartsWith("-A CNI-HOSTPORT-DNAT "))) return;
        var jumps = lines.Where(l => l.StartsWith("-A ") && HostportChains.Any(c => l.EndsWith($"-j {c}")) && !HostportChains.Any(c => l.StartsWith($"-A {c} ")));
        var script = "*nat\n"
            + string.Concat(jumps.Select(j => "-D " + j[3..] + "\n"))
            + string.Concat(HostportChains.Where(c => lines.Any(l => l.StartsWith($":{c} "))).Select(c => $"-F {c}\n-X {c}\n"))
            + "COMMIT\n";
        var (code, _, stderr) = await HostTool.TryRunWithInputAsync("iptables-restore", script, "--noflush");
        Assert.True(code == 0, $"removing portmap's chains failed: {stderr}\n{script}");
    }

    /// <summary>
    /// Deletes the rules the plugins made for a network (their comments name it) and the chains those jump to;
    /// returns the rules it found, so a test can fail on a leak after cleaning it up.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RemoveRulesOfNetworkAsync(string network)
    {
        var lines = await NatAsync();
        var marker = $"name: \\\"{network}\\\"";
        var tagged = lines.Where(l => l.StartsWith("-A ") && l.Contains(marker)).ToList();
        if (tagged.Count == 0) return [];
        var chains = tagged.SelectMany(l => JumpTarget().Matches(l).Select(m => m.Groups[1].Value)).Where(c => !HostportChains.Contains(c)).ToHashSet();
        var script = "*nat\n"
            + string.Concat(tagged.Where(l => !chains.Any(c => l.StartsWith($"-A {c} "))).Select(l => "-D " + l[3..] + "\n"))
            + string.Concat(chains.Select(c => $"-F {c}\n-X {c}\n"))
            + "COMMIT\n";
        var (code, _, stderr) = await HostTool.TryRunWithInputAsync("iptables-restore", script, "--noflush");
        Assert.True(code == 0, $"removing leaked rules of network {network} failed: {stderr}\n{script}");
        return tagged;
    }

    [GeneratedRegex(@"-j (CNI-[\w-]+)")]
    private static partial Regex JumpTarget();
}
