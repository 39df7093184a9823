// Docker's variable substitution: $VAR, ${VAR}, ${VAR:-x} and friends, quotes and the escape token, exactly as
// BuildKit's shell lexer reads them. ProcessWord keeps the text as one word; ProcessWords also splits it.
namespace Berth.Build;

public sealed class ShellLex(char escapeToken = '\\')
{
    public char EscapeToken => escapeToken;

    /// <summary>Keep quote characters in the result (heredoc detection needs to see them).</summary>
    internal bool RawQuotes { get; init; }

    /// <summary>Keep escape characters in the result.</summary>
    internal bool RawEscapes { get; init; }

    /// <summary>Treat quotes as ordinary characters (heredoc bodies expand $ but keep their quotes).</summary>
    internal bool SkipProcessQuotes { get; init; }

    /// <summary>Leave references to unset variables as written instead of replacing them with nothing.</summary>
    internal bool SkipUnsetEnv { get; init; }

    /// <summary>Substitutes variables and removes quotes; <paramref name="lookup"/> returns null for an unset variable.</summary>
    public string ProcessWord(string word, Func<string, string?> lookup) =>
        new ShellWord(this, word, lookup).Process().Result;

    /// <summary>Like ProcessWord, then splits on white space that came from neither quotes nor escapes.</summary>
    public IReadOnlyList<string> ProcessWords(string word, Func<string, string?> lookup) =>
        new ShellWord(this, word, lookup).Process().Words;
}
