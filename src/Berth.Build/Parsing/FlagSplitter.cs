// Separates the leading --flags of an instruction from its arguments. Flags end at the first word that does not
// start with "--", or at a bare "--"; quotes and backslashes inside a flag are removed as BuildKit removes them.
using System.Text;

namespace Berth.Build;

internal static class FlagSplitter
{
    enum Phase { Spaces, Word, Quote }

    /// <summary>The flags in text[start..end] with their offsets, and the offset where the arguments begin.</summary>
    public static (List<(string Text, int Offset)> Flags, int ArgsStart) Split(string text, int start, int end)
    {
        var flags = new List<(string, int)>();
        var word = new StringBuilder();
        var phase = Phase.Spaces;
        var quote = '\0';
        var blankOk = false;
        var wordStart = start;
        for (var pos = start; pos <= end; pos++)
        {
            var ch = pos < end ? text[pos] : '\0';
            if (phase == Phase.Spaces)
            {
                if (pos == end)
                    break;
                if (char.IsWhiteSpace(ch))
                    continue;
                if (ch != '-' || pos + 1 == end || text[pos + 1] != '-')
                    return (flags, pos);
                phase = Phase.Word;
                wordStart = pos;
            }
            if (pos == end)
            {
                if (word.ToString() != "--" && (blankOk || word.Length > 0))
                    flags.Add((word.ToString(), wordStart));
                break;
            }
            if (phase == Phase.Word)
            {
                if (char.IsWhiteSpace(ch))
                {
                    phase = Phase.Spaces;
                    if (word.ToString() == "--")
                        return (flags, pos);
                    if (blankOk || word.Length > 0)
                        flags.Add((word.ToString(), wordStart));
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    phase = Phase.Quote;
                    continue;
                }
                if (ch == '\\')
                {
                    if (pos + 1 == end)
                        continue;
                    ch = text[++pos];
                }
                word.Append(ch);
                continue;
            }
            if (ch == quote)
            {
                phase = Phase.Word;
                continue;
            }
            if (ch == '\\')
            {
                if (pos + 1 == end)
                {
                    phase = Phase.Word;
                    continue;
                }
                ch = text[++pos];
            }
            word.Append(ch);
        }
        return (flags, end);
    }
}
