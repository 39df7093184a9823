// How each keyword's arguments are split (BuildKit's line parsers): exec-form JSON or shell text for RUN/CMD,
// JSON or plain words for COPY/ADD/VOLUME, quote-aware words for ENV/LABEL/ARG, the raw rest for USER and WORKDIR.
using System.Text;
using System.Text.Json;

namespace Berth.Build;

internal static class ArgumentSplitter
{
    const string NotStrings = "when using JSON array syntax, arrays must be comprised of strings only";

    public static (IReadOnlyList<string> Args, bool IsJson) Split(string command, string rest, char escapeToken) =>
        command switch
        {
            "add" or "copy" or "volume" => JsonOrWords(rest),
            "arg" => (Words(rest, escapeToken), false),
            "cmd" or "entrypoint" or "run" or "shell" => JsonOrText(rest),
            "env" or "label" => (NameValues(rest, command.ToUpperInvariant(), escapeToken), false),
            "expose" or "from" => (Whitespace(rest), false),
            "healthcheck" => Healthcheck(rest),
            "maintainer" or "stopsignal" or "user" or "workdir" => (rest.Length == 0 ? [] : [rest], false),
            _ => ([], false),
        };

    /// <summary>A JSON array of strings, or null when the text is not one (and so is shell form).</summary>
    public static IReadOnlyList<string>? Json(string rest)
    {
        rest = rest.TrimStart();
        if (!rest.StartsWith('['))
            return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(rest);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return null;
            return document.RootElement.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new SyntaxError(NotStrings))
                .ToList();
        }
    }

    static (IReadOnlyList<string>, bool) JsonOrText(string rest) =>
        rest.Length == 0 ? ([], false) : Json(rest) is { } json ? (json, true) : ([rest], false);

    static (IReadOnlyList<string>, bool) JsonOrWords(string rest) =>
        Json(rest) is { } json ? (json, true) : (Whitespace(rest), false);

    static IReadOnlyList<string> Whitespace(string rest) => rest.Length == 0 ? [] : GoText.SplitTokens(rest);

    // HEALTHCHECK CMD ...: the type word, then the command in exec or shell form.
    static (IReadOnlyList<string>, bool) Healthcheck(string rest)
    {
        var sep = 0;
        while (sep < rest.Length && !char.IsWhiteSpace(rest[sep]))
            sep++;
        if (sep == 0)
            return ([], false);
        var (command, json) = JsonOrText(rest[sep..].TrimStart());
        return ([rest[..sep], .. command], json);
    }

    // ENV and LABEL take "KEY value" (one pair, the value is the rest of the line) or "K1=v1 K2=v2"; the form is
    // decided by whether the first word has an "=".
    static IReadOnlyList<string> NameValues(string rest, string keyword, char escapeToken)
    {
        var words = Words(rest, escapeToken);
        if (words.Count == 0)
            return [];
        if (!words[0].Contains('='))
        {
            var parts = GoText.SplitTokens(rest, 2);
            if (parts.Count < 2)
                throw new SyntaxError($"{keyword} must have two arguments: write {keyword} {parts[0]}=value");
            return [parts[0], parts[1]];
        }
        var pairs = new List<string>();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=');
            if (equals < 0)
                throw new SyntaxError($"Syntax error - can't find = in {GoText.Quote(word)}. Must be of the form: name=value");
            pairs.Add(word[..equals]);
            pairs.Add(word[(equals + 1)..]);
        }
        return pairs;
    }

    /// <summary>Space-separated words; quotes and escapes are kept (the shell lexer removes them at expansion).</summary>
    public static List<string> Words(string rest, char escapeToken)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos < rest.Length; pos++)
        {
            var ch = rest[pos];
            if (quote != '\0')
            {
                if (ch == quote)
                    quote = '\0';
                else if (ch == escapeToken && quote != '\'')
                {
                    if (pos + 1 == rest.Length)
                        continue;
                    word.Append(ch);
                    ch = rest[++pos];
                }
                word.Append(ch);
                continue;
            }
            if (char.IsWhiteSpace(ch))
            {
                if (inWord && (blankOk || word.Length > 0))
                    words.Add(word.ToString());
                word.Clear();
                inWord = blankOk = false;
                continue;
            }
            inWord = true;
            if (ch is '\'' or '"')
            {
                quote = ch;
                blankOk = true;
            }
            else if (ch == escapeToken)
            {
                if (pos + 1 == rest.Length)
                    continue;
                word.Append(ch);
                ch = rest[++pos];
            }
            word.Append(ch);
        }
        if (inWord && (blankOk || word.Length > 0))
            words.Add(word.ToString());
        return words;
    }
}
