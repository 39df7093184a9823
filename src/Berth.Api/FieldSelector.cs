// Parses the fieldSelector query parameter as Kubernetes does: comma-separated `field=value`, `field==value`
// or `field!=value`, all of which must hold; which fields exist depends on the resource (see the API server).
namespace Berth.Api;

public sealed record FieldRequirement(string Field, bool Equal, string Value);

public sealed record FieldSelector(IReadOnlyList<FieldRequirement> Requirements)
{
    public static readonly FieldSelector Everything = new([]);

    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Whether every requirement holds; <paramref name="field"/> gives an object's value of a field (null: unsupported).</summary>
    public bool Matches(Func<string, string?> field) =>
        Requirements.All(r => (field(r.Field) ?? "") == r.Value == r.Equal);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var requirements = new List<FieldRequirement>();
        foreach (var clause in text.Split(','))
        {
            var (at, length, equal) = Operator(clause);
            if (at <= 0) throw new SelectorException($"invalid selector: '{text}'; can't understand '{clause}'");
            requirements.Add(new FieldRequirement(clause[..at].Trim(), equal, clause[(at + length)..].Trim()));
        }
        return new FieldSelector(requirements);
    }

    static (int At, int Length, bool Equal) Operator(string clause)
    {
        var at = clause.IndexOf("!=", StringComparison.Ordinal);
        if (at >= 0) return (at, 2, false);
        at = clause.IndexOf("==", StringComparison.Ordinal);
        if (at >= 0) return (at, 2, true);
        at = clause.IndexOf('=');
        return (at, 1, true);
    }
}
