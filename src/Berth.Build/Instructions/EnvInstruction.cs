// ENV K=V K2="v 2" (or the older ENV K V, the value being the rest of the line): sets variables for later
// instructions and the image. Every pair is expanded against the variables as they were before this ENV.
namespace Berth.Build;

public sealed record EnvInstruction(IReadOnlyList<KeyValue> Variables) : Instruction
{
    public override string Keyword => "ENV";

    internal static EnvInstruction Parse(InstructionRequest request) =>
        new(KeyValue.Pairs(request)) { Location = request.Location, Source = request.Source };

    protected override Instruction ExpandCore(Expander expander) =>
        this with { Variables = Variables.Select(v => v.Expand(expander)).ToList() };
}
