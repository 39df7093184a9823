// WORKDIR path: the working directory for later instructions and the container (relative paths build on the
// previous WORKDIR); expanded. The whole rest of the line is the path, spaces included.
namespace Berth.Build;

public sealed record WorkdirInstruction(string Path) : Instruction
{
    public override string Keyword => "WORKDIR";

    internal static WorkdirInstruction Parse(InstructionRequest request)
    {
        request.RequireExactlyOne();
        request.Flags();
        return new WorkdirInstruction(request.Args[0]) { Location = request.Location, Source = request.Source };
    }

    protected override Instruction ExpandCore(Expander expander) => this with { Path = expander.Word(Path) };
}
