// The shell patterns of ${VAR#pattern}, ${VAR%pattern} and ${VAR/pattern/replacement}: ? is one character, * any
// run (shortest or longest), \ escapes. There are no bracket expressions, as in BuildKit.
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build;

internal static class ShellPattern
{
    public static Regex ToRegex(string pattern, bool greedy, bool anchored)
    {
        var regex = new StringBuilder(anchored ? "^" : "");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(greedy ? ".*" : ".*?");
                    continue;
                case '?':
                    regex.Append('.');
                    continue;
                case '\\':
                    // Inside ${} a } or / has to be escaped, but the escape is not part of the pattern.
                    if (i + 1 < pattern.Length && pattern[i + 1] is '}' or '/')
                        continue;
                    if (i + 1 == pattern.Length || pattern[i + 1] is not ('*' or '?' or '\\'))
                        throw new SyntaxError($"invalid pattern ({pattern}) in substitution: invalid escape '\\{(i + 1 < pattern.Length ? pattern[i + 1] : "")}'");
                    regex.Append('\\').Append(pattern[++i]);
                    continue;
                case '[' or ']' or '{' or '}' or '.' or '+' or '(' or ')' or '|' or '^' or '$':
                    regex.Append('\\').Append(c);
                    continue;
                default:
                    regex.Append(c);
                    continue;
            }
        }
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }

    public static string TrimPrefix(string pattern, string value, bool greedy)
    {
        var match = ToRegex(pattern, greedy, anchored: true).Match(value);
        return match.Success ? value[(match.Index + match.Length)..] : value;
    }

    // A regex cannot find the shortest match that ends the string, so both sides are reversed and the prefix trimmed.
    public static string TrimSuffix(string pattern, string value, bool greedy) =>
        Reverse(TrimPrefix(ReversePattern(pattern), Reverse(value), greedy));

    public static string Replace(string value, string pattern, string replacement, bool all)
    {
        var regex = ToRegex(pattern, greedy: true, anchored: false);
        if (all)
            return regex.Replace(value, _ => replacement);
        var match = regex.Match(value);
        return match.Success ? value[..match.Index] + replacement + value[(match.Index + match.Length)..] : value;
    }

    /// <summary>Reverses a pattern but keeps each escape in front of the character it escapes: a\*c becomes c\*a.</summary>
    public static string ReversePattern(string pattern)
    {
        var reversed = new char[pattern.Length];
        var last = pattern.Length - 1;
        for (var i = 0; i <= last;)
        {
            if (pattern[i] == '\\' && i != last)
            {
                reversed[last - i - 1] = '\\';
                reversed[last - i] = pattern[i + 1];
                i += 2;
            }
            else
            {
                reversed[last - i] = pattern[i];
                i++;
            }
        }
        return new string(reversed);
    }

    static string Reverse(string s)
    {
        var chars = s.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
