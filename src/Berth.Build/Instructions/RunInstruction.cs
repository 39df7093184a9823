// RUN [--mount=...] [--network=none|default|host] [--security=sandbox|insecure] [--device=name] COMMAND: runs a
// command in the stage's filesystem. The command is never expanded by the builder; only the mount values are.
namespace Berth.Build;

public sealed record RunInstruction(
    CommandLine Command,
    IReadOnlyList<RunMount> Mounts,
    NetworkMode Network,
    SecurityMode Security,
    IReadOnlyList<string> Devices,
    IReadOnlyList<Heredoc> Heredocs) : Instruction
{
    public override string Keyword => "RUN";

    internal static RunInstruction Parse(InstructionRequest request)
    {
        var flags = request.Flags(("mount", FlagKind.Strings), ("network", FlagKind.String), ("security", FlagKind.String),
            ("device", FlagKind.Strings));
        var mounts = flags.WithLocations("mount").Select(m => ParseMount(m.Value, m.Location)).ToList();
        var network = flags.String("network") switch
        {
            null or "default" => NetworkMode.Default,
            "none" => NetworkMode.None,
            "host" => NetworkMode.Host,
            var other => throw new DockerfileException(flags.LocationOf("network")!,
                $"invalid network mode {GoText.Quote(other)} (use none, default or host)"),
        };
        var security = flags.String("security") switch
        {
            null or "sandbox" => SecurityMode.Sandbox,
            "insecure" => SecurityMode.Insecure,
            var other => throw new DockerfileException(flags.LocationOf("security")!,
                $"invalid security mode {GoText.Quote(other)} (use sandbox or insecure)"),
        };
        return new RunInstruction(CommandLine.From(request.Args, request.IsJson), mounts, network, security,
            flags.Strings("device"), request.Heredocs)
        {
            Location = request.Location,
            Source = request.Source,
        };
    }

    protected override Instruction ExpandCore(Expander expander) =>
        Mounts.Count == 0 ? this : this with { Mounts = Mounts.Select(m => RunMount.Parse(m.Spec, expander)).ToList() };

    static RunMount ParseMount(string spec, SourceLocation location)
    {
        try
        {
            return RunMount.Parse(spec, expander: null);
        }
        catch (SyntaxError e)
        {
            throw new DockerfileException(location, e.Message);
        }
    }
}
