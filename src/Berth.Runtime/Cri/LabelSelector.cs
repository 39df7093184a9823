// CRI's label_selector in pod sandbox and container filters: every key must be present with exactly that value.
namespace Berth.Runtime.Cri;

static class LabelSelector
{
    public static bool Matches(IReadOnlyDictionary<string, string> labels, IDictionary<string, string>? selector) =>
        selector is null || selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
