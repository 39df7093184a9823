// USER name[:group] or uid[:gid]: the user later RUN instructions and the container run as. The rest of the line
// is the user, and it is expanded (USER $APP_USER).
namespace Berth.Build;

public sealed record UserInstruction(string User) : Instruction
{
    public override string Keyword => "USER";

    internal static UserInstruction Parse(InstructionRequest request)
    {
        request.RequireExactlyOne();
        request.Flags();
        return new UserInstruction(request.Args[0]) { Location = request.Location, Source = request.Source };
    }

    protected override Instruction ExpandCore(Expander expander) => this with { User = expander.Word(User) };
}
