// One .dockerignore pattern, matched the way moby/patternmatcher matches: * and ? stay within a path segment, **
// spans any number of them, [a-z] classes and \ escapes work, and a leading ! makes the line an exception.
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build;

public sealed class IgnorePattern
{
    enum Kind { Exact, Prefix, Suffix, Expression }

    readonly Kind kind;
    readonly Regex? regex;
    readonly string[] segments;
    IgnorePattern?[]? segmentPatterns;

    IgnorePattern(string pattern, bool isException)
    {
        Pattern = pattern;
        IsException = isException;
        segments = pattern.Split('/');
        (kind, regex) = Compile(pattern);
    }

    /// <summary>The cleaned pattern, without its "!".</summary>
    public string Pattern { get; }

    /// <summary>A "!" line: paths it matches are put back into the context.</summary>
    public bool IsException { get; }

    public override string ToString() => IsException ? "!" + Pattern : Pattern;

    /// <summary>Reads one pattern as patternmatcher.New does (cleaned, "!" split off, syntax checked).</summary>
    internal static IgnorePattern Create(string text)
    {
        var pattern = GoPath.Clean(text.Trim());
        var isException = pattern[0] == '!';
        if (isException)
        {
            if (pattern.Length == 1)
                throw new SyntaxError("illegal exclusion pattern: \"!\" (write !PATH to bring a path back)");
            pattern = pattern[1..];
        }
        GlobSyntax.Check(pattern);
        return new IgnorePattern(pattern, isException);
    }

    /// <summary>Whether the pattern matches this exact (clean, relative) path; parents are the caller's business.</summary>
    internal bool Matches(string path) => kind switch
    {
        Kind.Exact => path == Pattern,
        Kind.Prefix => path.StartsWith(Pattern[..^2], StringComparison.Ordinal),
        Kind.Suffix => path.EndsWith(Pattern[2..], StringComparison.Ordinal)
            || (Pattern.Length > 2 && Pattern[2] == '/' && path == Pattern[3..]),
        _ => regex!.IsMatch(path),
    };

    /// <summary>Whether some path strictly inside the directory could match, so an ignored directory must still be
    /// walked. Errs towards yes: any ** does.</summary>
    internal bool CouldMatchBelow(string[] directory)
    {
        for (var i = 0; i < directory.Length; i++)
        {
            if (i >= segments.Length)
                return false;
            if (segments[i].Contains("**"))
                return true;
            if (!SegmentMatches(i, directory[i]))
                return false;
        }
        return segments.Length > directory.Length;
    }

    bool SegmentMatches(int index, string name)
    {
        segmentPatterns ??= new IgnorePattern?[segments.Length];
        try
        {
            segmentPatterns[index] ??= new IgnorePattern(segments[index], false);
        }
        catch (ArgumentException)
        {
            // A class split by "/" is not a segment pattern of its own; walking the directory is the safe answer.
            return true;
        }
        return segmentPatterns[index]!.Matches(name);
    }

    // patternmatcher's compile: plain text matches exactly, "dir/**" by prefix, "**/name" by suffix, the rest by regex.
    static (Kind, Regex?) Compile(string pattern)
    {
        var expression = new StringBuilder("^");
        var kind = Kind.Exact;
        for (var i = 0; i < pattern.Length; i++)
        {
            var first = i == 0;
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    i++;
                if (i + 1 == pattern.Length)
                {
                    if (kind == Kind.Exact)
                        kind = Kind.Prefix;
                    else
                    {
                        expression.Append(".*");
                        kind = Kind.Expression;
                    }
                }
                else
                {
                    expression.Append("(.*/)?");
                    kind = Kind.Expression;
                }
                if (first)
                    kind = Kind.Suffix;
            }
            else if (c == '*')
            {
                expression.Append("[^/]*");
                kind = Kind.Expression;
            }
            else if (c == '?')
            {
                expression.Append("[^/]");
                kind = Kind.Expression;
            }
            else if (c is '.' or '+' or '(' or ')' or '|' or '{' or '}' or '$')
                expression.Append('\\').Append(c);
            else if (c == '\\' && i + 1 < pattern.Length)
            {
                expression.Append('\\').Append(pattern[++i]);
                kind = Kind.Expression;
            }
            else if (c is '[' or ']')
            {
                expression.Append(c);
                kind = Kind.Expression;
            }
            else
                expression.Append(c);
        }
        if (kind != Kind.Expression)
            return (kind, null);
        return (kind, new Regex(expression.Append("\\z").ToString(), RegexOptions.CultureInvariant));
    }
}
