// SHELL ["executable", "parameters"]: the shell that later shell-form RUN, CMD and ENTRYPOINT run through.
// JSON form only, since the shell itself cannot be used to split its own command line.
namespace Berth.Build;

public sealed record ShellInstruction(IReadOnlyList<string> Shell) : Instruction
{
    public override string Keyword => "SHELL";

    internal static ShellInstruction Parse(InstructionRequest request)
    {
        request.Flags();
        if (!request.IsJson && request.Args.Count > 0)
            throw request.Error($"SHELL requires the arguments to be in JSON form: SHELL [{string.Join(", ", GoText.SplitTokens(request.Args[0]).Select(GoText.Quote))}]");
        if (request.Args.Count == 0)
            throw request.Error("SHELL requires at least one argument");
        return new ShellInstruction(request.Args)
        {
            Location = request.Location,
            Source = request.Source,
        };
    }
}
