// "Did you mean ...?" for a mistyped instruction, flag or mount key: the closest known name within a small edit
// distance, as BuildKit's suggest package offers it.
namespace Berth.Build;

internal static class Suggest
{
    // BuildKit suggests a name at most two edits away, whatever the length.
    const int MaxDistance = 2;

    public static string? Closest(string typed, IEnumerable<string> known)
    {
        if (known.Any(k => k.Equals(typed, StringComparison.OrdinalIgnoreCase)))
            return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= MaxDistance && distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary>" (did you mean X?)" or nothing, ready to append to a message.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> known, string prefix = "") =>
        Closest(typed, known) is { } match ? $" (did you mean {prefix}{match}?)" : "";

    static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
