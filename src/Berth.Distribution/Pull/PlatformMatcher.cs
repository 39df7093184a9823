// Chooses an index's manifest for a platform as containerd does: os and architecture compared after normalising
// their aliases (x86_64 is amd64, aarch64 is arm64), then the best variant the platform can run (arm/v7 runs v6 and v5).
using Berth.Oci;

namespace Berth.Distribution;

public static class PlatformMatcher
{
    /// <summary>linux/amd64, what Berth pulls unless told otherwise.</summary>
    public static Platform Default { get; } = new() { Os = "linux", Architecture = "amd64" };

    /// <summary>Reads "os/arch[/variant]", as `--platform` takes it: "linux/arm64", "linux/arm/v7".</summary>
    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw new FormatException($"platform \"{text}\" is not os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7");
        return new Platform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
    }

    /// <summary>The canonical spelling: lowercase, architecture aliases resolved, default variants made implicit or explicit as containerd does.</summary>
    public static Platform Normalize(Platform platform)
    {
        var os = platform.Os.ToLowerInvariant();
        var variant = string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant.ToLowerInvariant();
        var (architecture, normalizedVariant) = platform.Architecture.ToLowerInvariant() switch
        {
            "x86_64" or "x86-64" or "amd64" => ("amd64", variant is "v1" ? null : variant),
            "i386" or "386" => ("386", variant),
            "aarch64" or "arm64" => ("arm64", variant is "v8" or "8" ? null : variant),
            "armhf" => ("arm", "v7"),
            "armel" => ("arm", "v6"),
            "arm" => ("arm", variant switch { null => "v7", "5" or "6" or "7" or "8" => "v" + variant, _ => variant }),
            var other => (other, variant),
        };
        return new Platform { Os = os, Architecture = architecture, Variant = normalizedVariant, OsVersion = platform.OsVersion };
    }

    /// <summary>The manifest for <paramref name="wanted"/> among an index's entries, preferring the closest variant; null if none fits.</summary>
    public static Descriptor? Select(IEnumerable<Descriptor> manifests, Platform wanted)
    {
        var want = Normalize(wanted);
        var acceptable = RunnableVariants(want);
        Descriptor? best = null;
        var bestRank = int.MaxValue;
        foreach (var manifest in manifests)
        {
            if (manifest.Platform is null) continue;
            var candidate = Normalize(manifest.Platform);
            if (candidate.Os != want.Os || candidate.Architecture != want.Architecture) continue;
            var rank = acceptable.IndexOf(candidate.Variant);
            if (rank >= 0 && rank < bestRank) (best, bestRank) = (manifest, rank);
        }
        return best;
    }

    // Newer variants run code built for older ones; the wanted variant comes first, then the older ones, newest first.
    static List<string?> RunnableVariants(Platform platform) => (platform.Architecture, platform.Variant) switch
    {
        ("arm", "v8") => ["v8", "v7", "v6", "v5"],
        ("arm", "v7") => ["v7", "v6", "v5"],
        ("arm", "v6") => ["v6", "v5"],
        ("amd64", "v4") => ["v4", "v3", "v2", null],
        ("amd64", "v3") => ["v3", "v2", null],
        ("amd64", "v2") => ["v2", null],
        var (_, variant) => [variant],
    };
}
