// The keys under a prefix as a byte range [Start, End), the way etcd compares keys (as raw UTF-8 bytes) and
// computes a prefix's range_end. Both backends use it so they agree on which keys a prefix holds.
using System.Text;

namespace Berth.ApiServer.Storage;

readonly record struct KeyRange(byte[] Start, byte[]? End)
{
    /// <summary>Every key that starts with <paramref name="prefix"/>; no upper bound when the prefix is empty.</summary>
    public static KeyRange Prefix(string prefix)
    {
        var start = Encoding.UTF8.GetBytes(prefix);
        return new KeyRange(start, PrefixEnd(start));
    }

    /// <summary>The same range, starting at <paramref name="continueKey"/> (a previous page's continue).</summary>
    public KeyRange StartingAt(string? continueKey, string prefix)
    {
        if (continueKey is null) return this;
        if (!continueKey.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"continue \"{continueKey}\" does not belong to a list of \"{prefix}\"", nameof(continueKey));
        return this with { Start = Encoding.UTF8.GetBytes(continueKey) };
    }

    /// <summary>The continue of a page whose last key is <paramref name="lastKey"/>: the smallest key after it.</summary>
    public static string After(string lastKey) => lastKey + "\0";

    // etcd's GetPrefixRangeEnd: drop trailing 0xFF bytes, then increment the last byte.
    static byte[]? PrefixEnd(byte[] prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] == 0xFF) continue;
            var end = prefix[..(i + 1)];
            end[i]++;
            return end;
        }
        return null;
    }
}
