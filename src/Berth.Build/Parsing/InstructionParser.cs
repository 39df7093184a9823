// Second pass: turns each Node into its typed instruction (BuildKit's instructions.ParseInstruction), checking
// argument counts and flags. An unknown keyword is an error here, with the closest real one suggested.
namespace Berth.Build;

internal static class InstructionParser
{
    static readonly string[] Keywords =
    [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ];

    public static Instruction Parse(Node node, char escapeToken)
    {
        var request = new InstructionRequest(node, escapeToken);
        return node.Command switch
        {
            "add" => AddInstruction.Parse(request),
            "arg" => ArgInstruction.Parse(request),
            "cmd" => CmdInstruction.Parse(request),
            "copy" => CopyInstruction.Parse(request),
            "entrypoint" => EntrypointInstruction.Parse(request),
            "env" => EnvInstruction.Parse(request),
            "expose" => ExposeInstruction.Parse(request),
            "from" => FromInstruction.Parse(request),
            "healthcheck" => HealthcheckInstruction.Parse(request),
            "label" => LabelInstruction.Parse(request),
            "maintainer" => MaintainerInstruction.Parse(request),
            "onbuild" => OnbuildInstruction.Parse(request, child => Parse(child, escapeToken)),
            "run" => RunInstruction.Parse(request),
            "shell" => ShellInstruction.Parse(request),
            "stopsignal" => StopSignalInstruction.Parse(request),
            "user" => UserInstruction.Parse(request),
            "volume" => VolumeInstruction.Parse(request),
            "workdir" => WorkdirInstruction.Parse(request),
            _ => throw request.Error($"unknown instruction: {request.Keyword}{UnknownHint(node, escapeToken)}"),
        };
    }

    // A word that is no instruction at all is most often a shell line whose predecessor lost its continuation.
    static string UnknownHint(Node node, char escapeToken) =>
        Suggest.Closest(node.Keyword, Keywords) is { } match
            ? $" (did you mean {match}?)"
            : node.Location.Line > 1 ? $" (if this line continues the one above, end that line with {escapeToken})" : "";
}
