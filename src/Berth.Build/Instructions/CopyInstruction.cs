// COPY [--from=stage|index|image] [--chown=u:g] [--chmod=0755] [--link] [--parents] [--exclude=glob] SRC... DEST,
// also as JSON and with <<EOF inline files. Sources, destination, --chown and --chmod are expanded; --from never is.
namespace Berth.Build;

public sealed record CopyInstruction(
    IReadOnlyList<string> Sources,
    string Destination,
    IReadOnlyList<Heredoc> Heredocs,
    string? From,
    string? Chown,
    string? Chmod,
    bool Link,
    bool Parents,
    IReadOnlyList<string> Excludes) : Instruction
{
    public override string Keyword => "COPY";

    internal static CopyInstruction Parse(InstructionRequest request)
    {
        TransferSources.RequireSourceAndDestination(request);
        var flags = request.Flags(("from", FlagKind.String), ("chown", FlagKind.String), ("chmod", FlagKind.String),
            ("link", FlagKind.Bool), ("parents", FlagKind.Bool), ("exclude", FlagKind.Strings));
        var (sources, destination, heredocs) = TransferSources.Parse(request);
        var from = flags.NonEmpty("from");
        if (from is not null)
            CheckLiteral(from, request.EscapeToken, flags.LocationOf("from")!);
        return new CopyInstruction(sources, destination, heredocs, from, flags.NonEmpty("chown"),
            flags.NonEmpty("chmod"), flags.Bool("link"), flags.Bool("parents"), flags.Strings("exclude"))
        {
            Location = request.Location,
            Source = request.Source,
        };
    }

    protected override Instruction ExpandCore(Expander expander)
    {
        var chmod = Chmod is null ? null : expander.Word(Chmod);
        TransferSources.CheckChmod(chmod);
        return this with
        {
            Sources = Sources.Select(expander.Word).ToList(),
            Destination = expander.Word(Destination),
            Heredocs = Heredocs.Select(h => TransferSources.Expand(h, expander)).ToList(),
            Chown = Chown is null ? null : expander.Word(Chown),
            Chmod = chmod,
        };
    }

    // The stage graph is fixed before any stage's variables exist, so BuildKit refuses anything the shell would
    // change in --from: a variable, quotes, an escape.
    static void CheckLiteral(string from, char escapeToken, SourceLocation location)
    {
        string processed;
        try
        {
            processed = new ShellLex(escapeToken).ProcessWord(from, _ => null);
        }
        catch (ShellExpansionException e)
        {
            throw new DockerfileException(location, e.Message);
        }
        if (processed != from)
            throw new DockerfileException(location,
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround");
    }
}
