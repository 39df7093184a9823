// The sources and destination COPY and ADD share: the last argument is the destination, the rest are paths or
// globs, and a <<NAME source is an inline file whose body is the heredoc of that name.
using System.Text.RegularExpressions;

namespace Berth.Build;

internal static partial class TransferSources
{
    public static (List<string> Sources, string Destination, List<Heredoc> Heredocs) Parse(InstructionRequest request)
    {
        var args = request.Args;
        var destination = args[^1];
        if (HeredocScanner.ParseOrNull(destination) is not null)
            throw request.ErrorAtArgs($"{request.Keyword} cannot accept a heredoc as a destination");
        var bodies = new Dictionary<string, Heredoc>();
        foreach (var heredoc in request.Heredocs)
            bodies[heredoc.Name] = heredoc;
        var sources = new List<string>();
        var heredocs = new List<Heredoc>();
        foreach (var source in args.Take(args.Count - 1))
        {
            if (HeredocScanner.ParseOrNull(source) is { } opened)
                heredocs.Add(bodies.GetValueOrDefault(opened.Name, opened));
            else
                sources.Add(source);
        }
        return (sources, destination, heredocs);
    }

    public static void RequireSourceAndDestination(InstructionRequest request)
    {
        if (request.Args.Count < 2)
            throw request.Error($"{request.Keyword} requires at least two arguments, but {(request.Args.Count == 1 ? "only one was" : "none were")} provided. Destination could not be determined: write {request.Keyword} SOURCE... DESTINATION");
    }

    // A heredoc whose delimiter was not quoted has its variables substituted; afterwards it is final text.
    public static Heredoc Expand(Heredoc heredoc, Expander expander) =>
        heredoc.Expand ? heredoc with { Content = expander.HeredocBody(heredoc.Body), Chomp = false, Expand = false } : heredoc;

    /// <summary>--chmod takes an octal mode up to 07777 or a symbolic one (u+x, go-w, a=rX,u+w), as BuildKit does.</summary>
    public static void CheckChmod(string? chmod)
    {
        if (chmod is null)
            return;
        // At most four significant octal digits is exactly 0 to 07777.
        var octal = chmod.Length > 0 && chmod.All(c => c is >= '0' and <= '7') && chmod.TrimStart('0').Length <= 4;
        if (!octal && !SymbolicMode().IsMatch(chmod))
            throw new SyntaxError($"invalid chmod parameter: '{chmod}'. it should be octal string and between 0 and 07777");
    }

    // chmod(1)'s symbolic form: comma-separated clauses of who, then one or more operator and permissions.
    [GeneratedRegex("^[ugoa]*([-+=]([rwxXst]*|[ugo]))+(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*$")]
    private static partial Regex SymbolicMode();
}
