// What a typed instruction is parsed from (BuildKit's parseRequest): the node's arguments, flags and heredocs, and
// the helpers every instruction uses to check its argument count and report an error at the right place.
namespace Berth.Build;

internal sealed class InstructionRequest(Node node, char escapeToken)
{
    public Node Node => node;
    public char EscapeToken => escapeToken;
    public string Keyword => node.Keyword.ToUpperInvariant();
    public IReadOnlyList<string> Args => node.Args;
    public bool IsJson => node.IsJson;
    public IReadOnlyList<Heredoc> Heredocs => node.Heredocs;
    public SourceLocation Location => node.Location;
    public string Source => node.Original.Trim();

    public DockerfileException Error(string reason) => new(node.Location, reason);

    public DockerfileException ErrorAtArgs(string reason) => new(node.ArgsLocation, reason);

    public BuilderFlags Flags(params ReadOnlySpan<(string Name, FlagKind Kind)> declared) =>
        BuilderFlags.Parse(this, declared);

    public void RequireAtLeastOne()
    {
        if (Args.Count == 0)
            throw Error($"{Keyword} requires at least one argument");
    }

    public void RequireExactlyOne()
    {
        if (Args.Count != 1)
            throw Error($"{Keyword} requires exactly one argument");
    }
}
