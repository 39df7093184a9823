// ARG NAME[=default] [NAME2[=default] ...]: declares build arguments. Before the first FROM these are global and
// usable in FROM lines only; inside a stage they are in scope from here on. Names and defaults are expanded.
namespace Berth.Build;

public sealed record ArgInstruction(IReadOnlyList<BuildArg> Args) : Instruction
{
    public override string Keyword => "ARG";

    internal static ArgInstruction Parse(InstructionRequest request)
    {
        request.RequireAtLeastOne();
        request.Flags();
        var args = new List<BuildArg>();
        foreach (var arg in request.Args)
        {
            var equals = arg.IndexOf('=');
            if (equals == 0)
                throw request.ErrorAtArgs("ARG names can not be blank: write ARG NAME=default");
            args.Add(equals < 0 ? new BuildArg(arg, null) : new BuildArg(arg[..equals], arg[(equals + 1)..]));
        }
        return new ArgInstruction(args) { Location = request.Location, Source = request.Source };
    }

    protected override Instruction ExpandCore(Expander expander) =>
        this with
        {
            Args = Args.Select(a => new BuildArg(expander.Word(a.Name), a.DefaultValue is null ? null : expander.Word(a.DefaultValue))).ToList(),
        };
}
