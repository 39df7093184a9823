// A parsed Dockerfile: its parser directives, the global ARGs before the first FROM, and the stages. Parse accepts
// what BuildKit accepts and fails with "file:line:col: reason" on what it rejects.
namespace Berth.Build;

public sealed record Dockerfile(
    string FileName,
    ParserDirectives Directives,
    IReadOnlyList<ArgInstruction> GlobalArgs,
    IReadOnlyList<Stage> Stages,
    IReadOnlyList<DockerfileWarning> Warnings)
{
    public static Dockerfile Load(string path) => Parse(System.IO.File.ReadAllText(path), path);

    public static Dockerfile Parse(string text, string fileName = "Dockerfile")
    {
        var (directives, nodes, warnings) = NodeParser.Parse(text, fileName);
        var globalArgs = new List<ArgInstruction>();
        var stages = new List<(FromInstruction From, List<Instruction> Instructions)>();
        foreach (var node in nodes)
        {
            var instruction = InstructionParser.Parse(node, directives.EscapeToken);
            switch (instruction)
            {
                case ArgInstruction arg when stages.Count == 0:
                    globalArgs.Add(arg);
                    break;
                case FromInstruction from:
                    if (from.StageName is { } name && stages.Any(s => s.From.StageName == name))
                        warnings.Add(new DockerfileWarning(from.Location, $"duplicate stage name \"{name}\": stage names should be unique"));
                    stages.Add((from, []));
                    break;
                case var _ when stages.Count == 0:
                    throw new DockerfileException(instruction.Location,
                        $"no build stage in current context: {instruction.Keyword} must come after a FROM (only ARG may come before the first FROM)");
                default:
                    stages[^1].Instructions.Add(instruction);
                    break;
            }
            if (instruction is MaintainerInstruction)
                warnings.Add(new DockerfileWarning(instruction.Location,
                    "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=\"...\" instead"));
        }
        if (stages.Count == 0)
            throw new DockerfileException(nodes[0].Location, "dockerfile contains no stages to build: add a FROM instruction after the ARGs");
        var built = stages.Select((s, i) => new Stage(i, s.From.StageName, s.From, s.Instructions)).ToList();
        return new Dockerfile(fileName, directives, globalArgs, built, warnings);
    }

    /// <summary>The global ARG values FROM lines see. Each global ARG takes its build arg if one is given, else its
    /// default expanded with the values before it; <paramref name="predefined"/> values (BUILDPLATFORM,
    /// TARGETPLATFORM...) are in scope without being declared. Undeclared build args are ignored.</summary>
    public IReadOnlyDictionary<string, string> ResolveGlobalArgs(
        IReadOnlyDictionary<string, string>? buildArgs = null, IReadOnlyDictionary<string, string>? predefined = null)
    {
        var values = new Dictionary<string, string>(predefined ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var expander = new Expander(Directives.EscapeToken, values);
        foreach (var instruction in GlobalArgs)
        {
            foreach (var (name, value) in instruction.Resolve(expander, buildArgs ?? new Dictionary<string, string>(), values))
                values[name] = value;
        }
        return values;
    }
}
