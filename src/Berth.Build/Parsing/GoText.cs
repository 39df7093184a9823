// The few pieces of Go's text handling that BuildKit's parser leans on and .NET spells differently: which characters
// separate an instruction's tokens, how a line terminator is trimmed, how %q quotes and ParseBool reads.
namespace Berth.Build;

internal static class GoText
{
    /// <summary>The separator BuildKit splits instructions on: regexp <c>[\t\v\f\r ]</c>.</summary>
    public static bool IsTokenSpace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ';

    /// <summary>bytes.TrimRight(line, "\r\n"): the line terminator, however many CRs precede it.</summary>
    public static string TrimNewline(string s) => s.TrimEnd('\r', '\n');

    /// <summary>strconv.ParseBool: 1, t, T, TRUE, true, True and their false counterparts; null for anything else.</summary>
    public static bool? ParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    /// <summary>Go's %q for the plain text of a Dockerfile: quotes and backslashes escaped.</summary>
    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>regexp.Split on <c>[\t\v\f\r ]+</c>, into at most <paramref name="limit"/> parts.</summary>
    public static IReadOnlyList<string> SplitTokens(string s, int limit = int.MaxValue)
    {
        var parts = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length && parts.Count < limit - 1)
        {
            if (!IsTokenSpace(s[i]))
            {
                i++;
                continue;
            }
            parts.Add(s[start..i]);
            while (i < s.Length && IsTokenSpace(s[i]))
                i++;
            start = i;
        }
        parts.Add(s[start..]);
        return parts;
    }
}
