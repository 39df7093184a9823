// Parses the labelSelector query parameter exactly as Kubernetes does: comma-separated requirements with
// `=`, `==`, `!=`, `in (...)`, `notin (...)`, `key` (exists) and `!key` (does not exist); an empty selector matches all.
namespace Berth.Api;

public sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public bool IsEmpty => Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var requirements = new List<LabelRequirement>();
        foreach (var clause in SplitClauses(text))
            requirements.Add(ParseClause(clause.Trim(), text));
        return new LabelSelector(requirements);
    }

    // Commas separate clauses except inside the parentheses of a set (`env in (a,b),tier`).
    static IEnumerable<string> SplitClauses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    static LabelRequirement ParseClause(string clause, string selector)
    {
        if (clause.Length == 0) throw new SelectorException($"unable to parse requirement: found '', expected: identifier in \"{selector}\"");
        if (clause.StartsWith('!'))
            return new LabelRequirement(Key(clause[1..].Trim(), selector), SelectorOperator.DoesNotExist, []);
        var set = SetClause(clause, selector);
        if (set is not null) return set;
        foreach (var (token, op) in new[] { ("!=", SelectorOperator.NotEquals), ("==", SelectorOperator.Equals), ("=", SelectorOperator.Equals) })
        {
            var at = clause.IndexOf(token, StringComparison.Ordinal);
            if (at < 0) continue;
            var value = clause[(at + token.Length)..].Trim();
            return new LabelRequirement(Key(clause[..at].Trim(), selector), op, [Value(value, selector)]);
        }
        return new LabelRequirement(Key(clause, selector), SelectorOperator.Exists, []);
    }

    static LabelRequirement? SetClause(string clause, string selector)
    {
        var open = clause.IndexOf('(');
        if (open < 0) return null;
        var head = clause[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (head.Length != 2 || !clause.EndsWith(')'))
            throw new SelectorException($"unable to parse requirement: \"{clause}\" in \"{selector}\": expected `key in (values)` or `key notin (values)`");
        var op = head[1] switch
        {
            "in" => SelectorOperator.In,
            "notin" => SelectorOperator.NotIn,
            _ => throw new SelectorException($"unable to parse requirement: found '{head[1]}', expected: in, notin, =, ==, !=, gt, lt in \"{selector}\""),
        };
        var values = clause[(open + 1)..^1].Split(',').Select(v => Value(v.Trim(), selector)).ToList();
        return new LabelRequirement(Key(head[0], selector), op, values);
    }

    static string Key(string key, string selector) =>
        LabelSyntax.IsQualifiedName(key) ? key
            : throw new SelectorException($"unable to parse requirement: invalid label key \"{key}\" in \"{selector}\": name part must consist of alphanumeric characters, '-', '_' or '.'");

    static string Value(string value, string selector) =>
        LabelSyntax.IsLabelValue(value) ? value
            : throw new SelectorException($"unable to parse requirement: invalid label value: \"{value}\" in \"{selector}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'");
}
