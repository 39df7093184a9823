// Parser directives ("# escape=`") count only at the very top: the first line that is not one (an instruction, an
// empty line, any other comment) ends them for good. Each may appear once; unknown names are plain comments.
using System.Text.RegularExpressions;

namespace Berth.Build;

internal sealed partial class DirectiveParser
{
    readonly HashSet<string> seen = [];
    bool done;

    public string? Syntax { get; private set; }
    public string? Check { get; private set; }
    public char EscapeToken { get; private set; } = '\\';

    /// <summary>Reads a line (already stripped of its terminator and leading space); true when it was a directive.</summary>
    public bool TryRead(string line)
    {
        if (done)
            return false;
        var match = line.StartsWith('#') ? Directive().Match(line[1..].TrimStart()) : Match.Empty;
        var name = match.Success ? match.Groups[1].Value.ToLowerInvariant() : "";
        if (name is not ("syntax" or "escape" or "check"))
        {
            done = true;
            return false;
        }
        if (!seen.Add(name))
            throw new SyntaxError($"only one {name} parser directive can be used");
        var value = match.Groups[2].Value;
        switch (name)
        {
            case "syntax":
                Syntax = value;
                break;
            case "check":
                CheckOptions(value);
                Check = value;
                break;
            default:
                EscapeToken = value is "\\" or "`"
                    ? value[0]
                    : throw new SyntaxError($"invalid escape token '{value}' does not match ` or \\");
                break;
        }
        return true;
    }

    // BuildKit's linter options: up to three ";"-separated skip=RULE,..|all, error=BOOL and experimental=RULE,...
    static void CheckOptions(string value)
    {
        foreach (var part in value.Trim().Split(';', 3))
        {
            var equals = part.IndexOf('=');
            var key = equals < 0 ? null : part[..equals].Trim();
            if (key is not ("skip" or "error" or "experimental"))
                throw new SyntaxError($"invalid check option {GoText.Quote(equals < 0 ? part : key!)} (use skip=RULE,..., error=true or experimental=RULE,...)");
            if (key == "error" && GoText.ParseBool(part[(equals + 1)..].Trim()) is null)
                throw new SyntaxError($"failed to parse check option {GoText.Quote(part)}: error takes true or false");
        }
    }

    // Go's \s is [\t\n\f\r ], narrower than .NET's, so it is spelled out.
    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$")]
    private static partial Regex Directive();
}
