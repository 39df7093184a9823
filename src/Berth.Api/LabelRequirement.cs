// One clause of a label selector (`app=web`, `tier in (a,b)`, `!canary`), matched against an object's labels
// with the semantics of k8s.io/apimachinery/pkg/labels.
namespace Berth.Api;

public enum SelectorOperator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

public sealed record LabelRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.In => present && Values.Contains(value!),
            // Like Kubernetes: `key!=v` and `key notin (v)` also match objects without the key.
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !present || !Values.Contains(value!),
            SelectorOperator.Exists => present,
            SelectorOperator.DoesNotExist => !present,
            _ => false,
        };
    }
}
