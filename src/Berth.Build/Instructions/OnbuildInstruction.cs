// ONBUILD INSTRUCTION: a trigger recorded in the image and run when another Dockerfile builds FROM it. Expression is
// the text stored in the image config; Trigger is that instruction, parsed now so mistakes show up here, not later.
using System.Text.RegularExpressions;

namespace Berth.Build;

public sealed partial record OnbuildInstruction(Instruction Trigger, string Expression) : Instruction
{
    public override string Keyword => "ONBUILD";

    internal static OnbuildInstruction Parse(InstructionRequest request, Func<Node, Instruction> parseTrigger)
    {
        var child = request.Node.Child ?? throw request.Error("ONBUILD requires at least one argument");
        request.Flags();
        var keyword = child.Keyword.ToUpperInvariant();
        if (keyword == "ONBUILD")
            throw new DockerfileException(child.Location, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        if (keyword is "MAINTAINER" or "FROM")
            throw new DockerfileException(child.Location, $"{keyword} isn't allowed as an ONBUILD trigger");
        // The stored trigger carries its heredoc bodies, so the child build reads the same instruction.
        var expression = Prefix().Replace(request.Node.Original, "")
            + string.Concat(request.Heredocs.Select(h => "\n" + h.Content + h.Name));
        var trigger = parseTrigger(child with { Heredocs = request.Heredocs });
        return new OnbuildInstruction(trigger, expression) { Location = request.Location, Source = request.Source };
    }

    [GeneratedRegex(@"^\s*ONBUILD\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Prefix();
}
