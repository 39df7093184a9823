// MAINTAINER name: deprecated in favour of LABEL org.opencontainers.image.authors but still accepted, with a
// warning; the name is the rest of the line and is not expanded.
namespace Berth.Build;

public sealed record MaintainerInstruction(string Maintainer) : Instruction
{
    public override string Keyword => "MAINTAINER";

    internal static MaintainerInstruction Parse(InstructionRequest request)
    {
        request.RequireExactlyOne();
        request.Flags();
        return new MaintainerInstruction(request.Args[0]) { Location = request.Location, Source = request.Source };
    }
}
