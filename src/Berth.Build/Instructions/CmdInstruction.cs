// CMD: the image's default command, or the default arguments to ENTRYPOINT, in shell or exec form. Like RUN it
// is not expanded: the shell, or the program, sees the text as written.
namespace Berth.Build;

public sealed record CmdInstruction(CommandLine Command) : Instruction
{
    public override string Keyword => "CMD";

    internal static CmdInstruction Parse(InstructionRequest request)
    {
        request.Flags();
        return new CmdInstruction(CommandLine.From(request.Args, request.IsJson))
        {
            Location = request.Location,
            Source = request.Source,
        };
    }
}
