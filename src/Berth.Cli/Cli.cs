// Small helpers shared by the docker-like commands: parsing what people type, and printing it back.
using Berth.Oci;

namespace Berth.Cli;

static class Cli
{
    public static ImageReference ParseImage(string text)
    {
        var reference = ImageReference.Parse(text);
        if (reference.TagWasImplicit)
            Console.Error.WriteLine($"warning: \"{text}\" means {reference.Familiar}; use an explicit version (e.g. {reference.Repository.Split('/')[^1]}:1.2.3) so what runs is what you meant");
        return reference;
    }

    /// <summary>Docker's memory syntax: 64m, 1.5g, 512k, 1048576 (bytes).</summary>
    public static long ParseMemory(string text)
    {
        var units = new Dictionary<char, long> { ['b'] = 1, ['k'] = 1L << 10, ['m'] = 1L << 20, ['g'] = 1L << 30 };
        var lower = text.Trim().ToLowerInvariant();
        var hasUnit = lower.Length > 0 && units.ContainsKey(lower[^1]);
        var (number, unit) = hasUnit ? (lower[..^1], lower[^1]) : (lower, 'b');
        if (!double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new FormatException($"invalid memory value \"{text}\": use a number with b, k, m or g (e.g. 64m)");
        var bytes = (long)(value * units[unit]);
        if (bytes < 6 << 20) throw new FormatException($"memory limit \"{text}\" is too small: the minimum is 6m");
        return bytes;
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1000 => $"{bytes}B",
        < 1000_000 => $"{bytes / 1e3:0.#}kB",
        < 1000_000_000 => $"{bytes / 1e6:0.#}MB",
        _ => $"{bytes / 1e9:0.##}GB",
    };

    public static string Ago(DateTimeOffset time)
    {
        var age = DateTimeOffset.UtcNow - time;
        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds} seconds ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} minutes ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} hours ago"
            : $"{(int)age.TotalDays} days ago";
    }

    public static void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all) Console.WriteLine(string.Join("   ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
