// Finds the heredocs an instruction line opens (<<EOF, <<-EOF, <<"EOF", 3<<EOF, several per line) the way BuildKit
// does: the line is split into shell words with quotes kept, and each word is matched against <<[-]NAME.
using System.Text.RegularExpressions;

namespace Berth.Build;

internal static partial class HeredocScanner
{
    static readonly ShellLex LineLex = new('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
    static readonly ShellLex NameLex = new('\\') { SkipUnsetEnv = true };
    static readonly ShellLex RawNameLex = new('\\') { SkipUnsetEnv = true, RawQuotes = true };

    public static List<Heredoc> FromLine(string line)
    {
        IReadOnlyList<string> words;
        try
        {
            words = LineLex.ProcessWords(line, NoVariables);
        }
        catch (ShellExpansionException)
        {
            return [];
        }
        var heredocs = new List<Heredoc>();
        foreach (var word in words)
        {
            if (Parse(word) is { } heredoc)
                heredocs.Add(heredoc);
        }
        return heredocs;
    }

    /// <summary>The heredoc a word opens, or null when the word is not one.</summary>
    public static Heredoc? Parse(string word)
    {
        var match = Opener().Match(word);
        var rest = match.Groups[3].Value;
        if (!match.Success || rest.Length == 0)
            return null;
        IReadOnlyList<string> words, raw;
        try
        {
            words = NameLex.ProcessWords(rest, NoVariables);
            if (words.Count != 1)
                return null;
            raw = RawNameLex.ProcessWords(rest, NoVariables);
        }
        catch (ShellExpansionException e)
        {
            throw new SyntaxError(e.Message);
        }
        // Any quoting in the delimiter ("EOF", 'EOF', E"O"F) turns off expansion of the body, as in sh.
        var expand = raw.Count == 1 && QuoteCount(words[0]) == QuoteCount(raw[0]);
        var descriptor = int.TryParse(match.Groups[1].Value, out var fd) ? fd : 0;
        return new Heredoc(words[0], descriptor, expand, match.Groups[2].Length > 0, "");
    }

    /// <summary>Parse, with lexing errors meaning "not a heredoc" (how COPY sources are told apart).</summary>
    public static Heredoc? ParseOrNull(string word)
    {
        try
        {
            return Parse(word);
        }
        catch (SyntaxError)
        {
            return null;
        }
    }

    static int QuoteCount(string s) => s.Count(c => c is '\'' or '"');

    static string? NoVariables(string name) => null;

    [GeneratedRegex("^([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)$")]
    private static partial Regex Opener();
}
