// A command as written: in shell form one string (the rest of the line), in exec form the JSON array's strings.
// The builder never substitutes variables here; in shell form the shell does.
namespace Berth.Build;

public sealed record CommandLine(CommandForm Form, IReadOnlyList<string> Arguments)
{
    internal static CommandLine From(IReadOnlyList<string> args, bool isJson) =>
        isJson ? new(CommandForm.Exec, args) : new(CommandForm.Shell, args.Count == 0 ? [] : [string.Join(' ', args)]);
}
