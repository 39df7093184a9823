// ENTRYPOINT: the program the container runs, CMD being its default arguments; not expanded. An empty ENTRYPOINT
// (no arguments, or []) clears the one inherited from the base image.
namespace Berth.Build;

public sealed record EntrypointInstruction(CommandLine Command) : Instruction
{
    public override string Keyword => "ENTRYPOINT";

    internal static EntrypointInstruction Parse(InstructionRequest request)
    {
        request.Flags();
        return new EntrypointInstruction(CommandLine.From(request.Args, request.IsJson))
        {
            Location = request.Location,
            Source = request.Source,
        };
    }
}
