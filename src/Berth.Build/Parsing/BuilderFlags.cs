// The --flags an instruction accepts and their values (BuildKit's BFlags): booleans (--link, --link=false), strings
// (--from=build) and repeatable strings (--mount). An unknown, repeated or valueless flag is an error at that flag.
namespace Berth.Build;

internal enum FlagKind { Bool, String, Strings }

internal sealed class BuilderFlags
{
    readonly Dictionary<string, List<(string Value, SourceLocation Location)>> given = [];

    public static BuilderFlags Parse(InstructionRequest request, ReadOnlySpan<(string Name, FlagKind Kind)> declared)
    {
        var kinds = new Dictionary<string, FlagKind>();
        foreach (var (name, kind) in declared)
            kinds[name] = kind;
        var flags = new BuilderFlags();
        foreach (var flag in request.Node.Flags)
        {
            var text = flag.Text[2..];
            var equals = text.IndexOf('=');
            var name = equals < 0 ? text : text[..equals];
            var value = equals < 0 ? "" : text[(equals + 1)..];
            if (!kinds.TryGetValue(name, out var kind))
                throw new DockerfileException(flag.Location, $"unknown flag: --{name}{Hint(request.Keyword, name, kinds.Keys)}");
            if (flags.given.TryGetValue(name, out var values) && kind != FlagKind.Strings)
                throw new DockerfileException(flag.Location, $"duplicate flag specified: --{name}");
            if ((kind != FlagKind.Bool && equals < 0) || (kind == FlagKind.Bool && equals >= 0 && value.Length == 0))
                throw new DockerfileException(flag.Location, $"missing a value on flag: --{name}");
            if (kind == FlagKind.Bool)
            {
                value = value.Length == 0 ? "true" : value.ToLowerInvariant();
                if (value is not ("true" or "false"))
                    throw new DockerfileException(flag.Location, $"expecting boolean value for flag --{name}, not: {text[(equals + 1)..]}");
            }
            if (values is null)
                flags.given[name] = values = [];
            values.Add((value, flag.Location));
        }
        return flags;
    }

    public string? String(string name) => given.TryGetValue(name, out var values) ? values[0].Value : null;

    /// <summary>The value, with an empty one (--from=) read as absent, as BuildKit reads it.</summary>
    public string? NonEmpty(string name) => String(name) is { Length: > 0 } value ? value : null;

    public bool Bool(string name) => String(name) == "true";

    /// <summary>A boolean whose absence means "the default for this case", unlike false.</summary>
    public bool? OptionalBool(string name) => LocationOf(name) is null ? null : Bool(name);

    public IReadOnlyList<string> Strings(string name) => WithLocations(name).Select(v => v.Value).ToList();

    public IReadOnlyList<(string Value, SourceLocation Location)> WithLocations(string name) =>
        given.TryGetValue(name, out var values) ? values : [];

    public SourceLocation? LocationOf(string name) => given.TryGetValue(name, out var values) ? values[0].Location : null;

    static string Hint(string keyword, string name, IReadOnlyCollection<string> known) =>
        known.Count == 0
            ? $" ({keyword} takes no flags)"
            : Suggest.Closest(name, known) is { } match
                ? $" (did you mean --{match}?)"
                : $" ({keyword} accepts {string.Join(", ", known.Select(k => "--" + k))})";
}
