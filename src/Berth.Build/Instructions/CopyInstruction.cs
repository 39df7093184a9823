// COPY [--from=stage|index|image] [--chown=u:g] [--chmod=0755] [--link] [--parents] [--exclude=glob] SRC... DEST,
// also as JSON and with <<EOF inline files. Sources, destination and the flag values are expanded.
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
        return new CopyInstruction(sources, destination, heredocs, flags.NonEmpty("from"), flags.NonEmpty("chown"),
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
            From = From is null ? null : expander.Word(From),
            Chown = Chown is null ? null : expander.Word(Chown),
            Chmod = chmod,
            Excludes = Excludes.Select(expander.Word).ToList(),
        };
    }
}
