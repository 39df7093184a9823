// The base of every typed Dockerfile instruction: where it is and how it was written. Instructions hold their words
// as written; Expand substitutes variables only where BuildKit does (not in RUN, CMD, ENTRYPOINT or SHELL).
namespace Berth.Build;

public abstract record Instruction
{
    public required SourceLocation Location { get; init; }

    /// <summary>The instruction as written, continuation lines joined, e.g. for build progress and cache keys.</summary>
    public required string Source { get; init; }

    public abstract string Keyword { get; }

    /// <summary>This instruction with its variables substituted; errors name this instruction's location.</summary>
    public Instruction Expand(Expander expander) => Located(() => ExpandCore(expander));

    protected virtual Instruction ExpandCore(Expander expander) => this;

    private protected T Located<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is ShellExpansionException or SyntaxError)
        {
            throw new DockerfileException(Location, e.Message);
        }
    }
}
