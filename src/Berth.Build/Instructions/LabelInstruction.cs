// LABEL K=V ... (or LABEL K V): metadata written into the image config. Keys and values are expanded like ENV's,
// so a label can carry a build arg (LABEL version=$VERSION).
namespace Berth.Build;

public sealed record LabelInstruction(IReadOnlyList<KeyValue> Labels) : Instruction
{
    public override string Keyword => "LABEL";

    internal static LabelInstruction Parse(InstructionRequest request) =>
        new(KeyValue.Pairs(request)) { Location = request.Location, Source = request.Source };

    protected override Instruction ExpandCore(Expander expander) =>
        this with { Labels = Labels.Select(l => l.Expand(expander)).ToList() };
}
