// The syntax check Go's filepath.Match applies to a pattern (and so to every .dockerignore line): a [class] must
// be closed and hold at least one character or range, and a \ must escape something.
namespace Berth.Build;

internal static class GlobSyntax
{
    public static void Check(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '[':
                    i++;
                    if (i < pattern.Length && pattern[i] == '^')
                        i++;
                    var ranges = 0;
                    while (i >= pattern.Length || pattern[i] != ']' || ranges == 0)
                    {
                        i = ClassCharacter(pattern, i);
                        if (pattern[i] == '-')
                            i = ClassCharacter(pattern, i + 1);
                        ranges++;
                    }
                    i++;
                    break;
                case '\\':
                    if (i + 1 >= pattern.Length)
                        throw Bad(pattern, "it ends with an unescaped \\");
                    i += 2;
                    break;
                default:
                    i++;
                    break;
            }
        }
    }

    // One character of a class, possibly escaped; the class must not end right after it.
    static int ClassCharacter(string pattern, int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']')
            throw Bad(pattern, "a [character class] is empty, unclosed or starts a range with - or ]");
        if (pattern[i] == '\\' && ++i >= pattern.Length)
            throw Bad(pattern, "it ends with an unescaped \\");
        if (++i >= pattern.Length)
            throw Bad(pattern, "a [character class] is not closed with ]");
        return i;
    }

    static SyntaxError Bad(string pattern, string why) => new($"syntax error in pattern {GoText.Quote(pattern)}: {why}");
}
