// First pass over a Dockerfile: parser directives, comments, continuation lines and heredoc bodies are consumed and
// each instruction becomes a Node. This is BuildKit's parser.Parse; typing the nodes is InstructionParser's job.
using System.Text;

namespace Berth.Build;

internal static class NodeParser
{
    public static (ParserDirectives Directives, List<Node> Nodes, List<DockerfileWarning> Warnings) Parse(string text, string file)
    {
        if (text.Length == 0)
            throw new DockerfileException(file, 1, 1, "the Dockerfile cannot be empty: it needs at least a FROM");
        var lines = new SourceLines(text, file);
        var directives = new DirectiveParser();
        var nodes = new List<Node>();
        var warnings = new List<DockerfileWarning>();
        while (lines.TryRead(out var raw))
        {
            var first = GoText.TrimNewline(raw);
            var trimmed = first.TrimStart();
            var column = first.Length - trimmed.Length + 1;
            try
            {
                directives.TryRead(trimmed);
            }
            catch (SyntaxError e)
            {
                throw new DockerfileException(file, lines.Number, column, e.Message);
            }
            var escape = directives.EscapeToken;
            var (part, continued) = TrimContinuation(IsComment(trimmed) ? "" : trimmed, escape);
            if (!continued && part.Length == 0)
                continue;
            var line = new LogicalLine(file);
            line.Append(part, lines.Number, column);
            var emptyContinuation = false;
            while (continued && lines.TryRead(out raw))
            {
                var next = GoText.TrimNewline(raw);
                if (IsComment(next))
                    continue;
                if (next.TrimStart().Length == 0)
                {
                    emptyContinuation = true;
                    continue;
                }
                (part, continued) = TrimContinuation(next, escape);
                line.Append(part, lines.Number, 1);
            }
            line.EndLine = lines.Number;
            var node = NewNode(line, 0, escape);
            if (emptyContinuation)
                warnings.Add(new DockerfileWarning(node.Location,
                    "empty continuation line: delete it or make it a # comment line (BuildKit will reject these in a future release)"));
            if (CanContainHeredoc(node) && line.Text.Contains("<<"))
                node = ReadHeredocs(node, line.Text, lines);
            nodes.Add(node);
        }
        if (nodes.Count == 0)
            throw new DockerfileException(file, Math.Max(lines.Number, 1), 1, "file with no instructions: a Dockerfile needs at least a FROM");
        var parsed = new ParserDirectives(directives.Syntax, directives.EscapeToken, directives.Check);
        return (parsed, nodes, warnings);
    }

    static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    // The escape token as the last non-blank character continues the line, unless it is itself escaped.
    static (string Text, bool Continued) TrimContinuation(string line, char escape)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
            end--;
        if (end == 0 || line[end - 1] != escape || (end >= 2 && line[end - 2] == escape))
            return (line, false);
        return (line[..(end - 1)], true);
    }

    /// <summary>splitCommand and the keyword's line parser, on the text of <paramref name="line"/> from <paramref name="offset"/>.</summary>
    static Node NewNode(LogicalLine line, int offset, char escape)
    {
        var text = line.Text;
        var start = offset;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
            start++;
        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        var keywordEnd = start;
        while (keywordEnd < end && !GoText.IsTokenSpace(text[keywordEnd]))
            keywordEnd++;
        var keyword = text[start..keywordEnd];
        var argsStart = keywordEnd;
        while (argsStart < end && GoText.IsTokenSpace(text[argsStart]))
            argsStart++;
        var flags = new List<NodeFlag>();
        if (argsStart < end)
        {
            var (found, rest) = FlagSplitter.Split(text, argsStart, end);
            flags.AddRange(found.Select(f => new NodeFlag(f.Text, line.Locate(f.Offset))));
            argsStart = rest;
            while (argsStart < end && char.IsWhiteSpace(text[argsStart]))
                argsStart++;
        }
        var args = text[argsStart..end];
        var location = line.Locate(start);
        var argsLocation = line.Locate(argsStart);
        var command = keyword.ToLowerInvariant();
        if (command == "onbuild")
        {
            var child = args.Length == 0 ? null : NewNode(line, argsStart, escape);
            return new Node(keyword, flags, [], false, child, text[offset..], location, argsLocation);
        }
        try
        {
            var (split, isJson) = ArgumentSplitter.Split(command, args, escape);
            return new Node(keyword, flags, split, isJson, null, text[offset..], location, argsLocation);
        }
        catch (SyntaxError e)
        {
            throw new DockerfileException(argsLocation, e.Message);
        }
    }

    // Heredocs belong to RUN, COPY and ADD in shell form, also behind ONBUILD.
    static bool CanContainHeredoc(Node node)
    {
        var target = node is { Command: "onbuild", Child: { } child } ? child : node;
        return target.Command is "run" or "copy" or "add" && !target.IsJson;
    }

    // The bodies follow the instruction line, one after another, each up to a line holding only its name.
    static Node ReadHeredocs(Node node, string line, SourceLines lines)
    {
        List<Heredoc> opened;
        try
        {
            opened = HeredocScanner.FromLine(line);
        }
        catch (SyntaxError e)
        {
            throw new DockerfileException(node.Location, e.Message);
        }
        var read = new List<Heredoc>();
        foreach (var heredoc in opened)
        {
            var content = new StringBuilder();
            var terminated = false;
            while (lines.TryRead(out var raw))
            {
                var candidate = GoText.TrimNewline(raw);
                if (heredoc.Chomp)
                    candidate = candidate.TrimStart('\t');
                if (candidate == heredoc.Name)
                {
                    terminated = true;
                    break;
                }
                content.Append(raw);
            }
            if (!terminated)
                throw new DockerfileException(node.Location,
                    $"unterminated heredoc: end the {heredoc.Name} document with a line that holds only {heredoc.Name}");
            read.Add(heredoc with { Content = content.ToString() });
        }
        return node with { Heredocs = read, Location = node.Location with { EndLine = lines.Number } };
    }
}
