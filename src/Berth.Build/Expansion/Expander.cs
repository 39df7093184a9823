// What an instruction expands its words with: the Dockerfile's escape token and the variables in scope at that point
// (build args, ENV, ARG), looked up by name. Instruction.Expand applies it only where BuildKit substitutes.
namespace Berth.Build;

public sealed class Expander(char escapeToken, Func<string, string?> lookup)
{
    // Heredoc bodies are expanded with the default escape and with quotes left alone, as BuildKit does.
    static readonly ShellLex HeredocLex = new('\\') { SkipProcessQuotes = true };

    readonly ShellLex lex = new(escapeToken);

    public Expander(char escapeToken, IReadOnlyDictionary<string, string> variables)
        : this(escapeToken, name => variables.GetValueOrDefault(name))
    {
    }

    /// <summary>One word in, one word out: quotes removed, spaces kept.</summary>
    public string Word(string word) => lex.ProcessWord(word, lookup);

    /// <summary>The word after substitution, split into words (EXPOSE 80 $MORE_PORTS).</summary>
    public IReadOnlyList<string> Words(string word) => lex.ProcessWords(word, lookup);

    /// <summary>The instruction with its variables substituted, of the same type.</summary>
    public T Expand<T>(T instruction) where T : Instruction => (T)instruction.Expand(this);

    internal string HeredocBody(string body) => HeredocLex.ProcessWord(body, lookup);

    /// <summary>This expander with <paramref name="overlay"/> in front of its variables (ARGs earlier on one line).</summary>
    internal Expander With(IReadOnlyDictionary<string, string> overlay) =>
        new(escapeToken, name => overlay.TryGetValue(name, out var value) ? value : lookup(name));
}
