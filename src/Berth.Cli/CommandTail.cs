// `berth run IMAGE sh -c "..."` must pass "-c" to the container, as docker does, not parse it as an option:
// a "--" is inserted after the image argument so everything after it is the container's command.
using System.CommandLine;

namespace Berth.Cli;

static class CommandTail
{
    public static string[] Separate(RootCommand root, string[] args, params string[] commands)
    {
        var at = Array.FindIndex(args, a => commands.Contains(a));
        if (at < 0 || args.Contains("--")) return args;
        var command = root.Subcommands.First(c => c.Name == args[at]);
        var takesValue = command.Options.Concat(root.Options.Where(o => o.Recursive))
            .Where(o => o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool))
            .SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        for (var i = at + 1; i < args.Length; i++)
        {
            if (takesValue.Contains(args[i])) { i++; continue; }
            if (args[i].StartsWith('-')) continue;
            return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }
        return args;
    }
}
