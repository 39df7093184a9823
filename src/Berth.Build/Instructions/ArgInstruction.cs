// ARG NAME[=default] [NAME2[=default] ...]: declares build arguments. Before the first FROM these are global and
// usable in FROM lines only; inside a stage they are in scope from here on. Only defaults are ever expanded.
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

    /// <summary>The values this ARG sets, decided as BuildKit's dispatch decides them: the build's --build-arg when
    /// given (taken as is), else the default expanded with the variables in scope and the ARGs before it on this
    /// line, else the global ARG of that name. A name that gets none of these stays unset and is left out.</summary>
    public IReadOnlyList<KeyValue> Resolve(Expander expander, IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> globalArgs) => Located(() =>
    {
        var earlier = new Dictionary<string, string>();
        var scoped = expander.With(earlier);
        foreach (var arg in Args)
        {
            var value = buildArgs.TryGetValue(arg.Name, out var given) ? given
                : arg.DefaultValue is not null ? scoped.Word(arg.DefaultValue)
                : globalArgs.GetValueOrDefault(arg.Name);
            if (value is not null)
                earlier[arg.Name] = value;
        }
        return Args.Where(a => earlier.ContainsKey(a.Name)).DistinctBy(a => a.Name)
            .Select(a => new KeyValue(a.Name, earlier[a.Name])).ToList();
    });

    // Each default sees the ARGs before it on the same line (ARG A=1 B=$A gives B=1); names are never expanded.
    protected override Instruction ExpandCore(Expander expander)
    {
        var earlier = new Dictionary<string, string>();
        var scoped = expander.With(earlier);
        var args = new List<BuildArg>();
        foreach (var arg in Args)
        {
            var value = arg.DefaultValue is null ? null : scoped.Word(arg.DefaultValue);
            if (value is not null)
                earlier[arg.Name] = value;
            args.Add(arg with { DefaultValue = value });
        }
        return this with { Args = args };
    }
}
