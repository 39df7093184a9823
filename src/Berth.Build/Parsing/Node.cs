// One instruction as the line parser sees it, before it is typed: keyword, flags, arguments split the way that
// keyword splits them, and any heredocs. It is BuildKit's parser.Node, flattened.
namespace Berth.Build;

internal sealed record Node(
    string Keyword,
    IReadOnlyList<NodeFlag> Flags,
    IReadOnlyList<string> Args,
    bool IsJson,
    Node? Child,
    string Original,
    SourceLocation Location,
    SourceLocation ArgsLocation)
{
    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>The keyword in lower case, the way instructions are matched.</summary>
    public string Command => Keyword.ToLowerInvariant();
}

/// <summary>A "--name=value" flag as written before an instruction's arguments, with quotes already removed.</summary>
internal sealed record NodeFlag(string Text, SourceLocation Location);
